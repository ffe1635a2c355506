"""FINESS, the national registry of health and social establishments (public extract).

The open-data file (`etalab-cs1100507-stock-*.csv`, Licence Ouverte) is one `;`-separated
file in sections: a `finess;etalab;…` header line, then `structureet` lines (32 fields: the
establishment) and `geolocalisation` lines (6 fields: its coordinates, in the reference system
the `sourcecoordet` field names). The `cs1100502` file has no `geolocalisation` section: its
establishments are imported without a position, and the report says so.

Only establishments whose category (`categetab`) maps to a Maraude category are imported, as
public referral services with source `finess` and their FINESS number as id; the others are
counted as skipped.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache, partial
from pathlib import Path

from pyproj import Transformer

from datasets.importing import (
    ImportFileError,
    Progress,
    Reading,
    Rejected,
    csv_rows,
    decode_text,
)
from geo.directory.categories import CATEGORIES
from geo.directory.drafts import ServiceDraft

STRUCTURE_FIELDS = 32
GEO_FIELDS = 6

# Positions in a structureet line (0 is the section name).
NOFINESSET, RS, RSLONGUE, COMPLRS, COMPLDISTRIB = 1, 3, 4, 5, 6
NUMVOIE, TYPVOIE, VOIE, COMPVOIE, LIEUDITBP = 7, 8, 9, 10, 11
DEPARTEMENT, LIGNEACHEMINEMENT, TELEPHONE, CATEGETAB, DATEMAJ = 13, 15, 16, 18, 30

CATEGORY_BY_CODE: dict[str, str] = {code: c.slug for c in CATEGORIES for code in c.finess}

# Reference systems named by label in older files (and in Saint-Pierre-et-Miquelon's).
_LABELS = (
    (re.compile(r"LAMBERT[ _-]?93|RGF93", re.I), 2154),
    (re.compile(r"RGAF09|UTM[ _]?N20|ZONE 20N|ANTILLES", re.I), 5490),
    (re.compile(r"RGFG95|UTM[ _]?N22|ZONE 22N|GUYANE", re.I), 2972),
    (re.compile(r"RGR92|UTM[ _]?S40|ZONE 40S|R[EÉ]UNION", re.I), 2975),
    (re.compile(r"RGM04|UTM[ _]?S38|ZONE 38S|MAYOTTE", re.I), 4471),
    (re.compile(r"UTM[ _]?N21|ZONE 21N|MIQUELON", re.I), 32621),
)
_EPSG = re.compile(r"EPSG:(\d{4,5})")
_SUPPORTED = {2154, 5490, 2972, 2975, 4471, 32621}

# Time zones of the overseas departments and collectivities, by postcode prefix.
_ZONES = {
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "975": "America/Miquelon",
    "976": "Indian/Mayotte",
    "977": "America/St_Barthelemy",
    "978": "America/Marigot",
    "980": "Europe/Monaco",
}


def timezone_of(postcode: str | None) -> str:
    """Return the time zone of a French (or Monegasque) postcode: overseas ones have their
    own."""
    return _ZONES.get((postcode or "")[:3], "Europe/Paris")


def reference_system(sourcecoordet: str) -> int | None:
    """Return the EPSG code a `sourcecoordet` field names, or None when it names none."""
    found = _EPSG.search(sourcecoordet)
    if found:
        code = int(found.group(1))
        return code if code in _SUPPORTED else None
    for pattern, code in _LABELS:
        if pattern.search(sourcecoordet):
            return code
    return None


@cache
def _to_wgs84(epsg: int) -> Transformer:
    return Transformer.from_crs(epsg, 4326, always_xy=True)


def to_lon_lat(x: float, y: float, epsg: int) -> tuple[float, float]:
    """Reproject a FINESS position to WGS 84 longitude and latitude."""
    lon, lat = _to_wgs84(epsg).transform(x, y)
    return round(lon, 7), round(lat, 7)


def _clean(value: str) -> str | None:
    value = " ".join(value.split())
    return value or None


def _phone(value: str) -> str | None:
    digits = re.sub(r"\D", "", value)
    if len(digits) != 10:
        return None
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def _street(f: list[str]) -> str | None:
    parts = [f[NUMVOIE], f[TYPVOIE], f[VOIE], f[COMPVOIE]]
    street = _clean(" ".join(parts))
    extra = [_clean(f[LIEUDITBP]), _clean(f[COMPLDISTRIB])]
    text = ", ".join(p for p in [street, *extra] if p)
    return text or None


class Finess:
    """The FINESS establishments file."""

    name = "finess"
    owned = (
        "name",
        "categories",
        "geom",
        "address",
        "postcode",
        "city",
        "phone",
        "timezone",
        "visibility",
        "last_verified",
    )
    enriches = None

    def read(self, path: Path, progress: Progress | None = None) -> Reading:
        """Read a FINESS extract; raise ImportFileError when it is not one or is cut short."""
        text = decode_text(path.read_bytes(), path.name)
        if not text.startswith(("finess;", "structureet;")):
            raise ImportFileError(
                f"{path.name}: not a FINESS extract (it should begin with a 'finess;etalab' "
                "header or 'structureet' lines)"
            )
        reading = Reading()
        rows = csv_rows(text, delimiter=";", name=path.name)
        structures, places = _sections(rows, path.name, reading, progress)
        if not places:
            reading.notes.append(
                f"{path.name} has no geolocalisation section: establishments are imported "
                "without a position (use the geolocated extract, cs1100507, to place them)"
            )
        for line, fields in structures:
            slug = CATEGORY_BY_CODE.get(fields[CATEGETAB])
            if slug is None:
                reading.skipped += 1
                continue
            reading.keep(line, partial(self._draft, fields, slug, places))
        return reading

    def _draft(
        self, f: list[str], slug: str, places: dict[str, tuple[int, list[str]]]
    ) -> ServiceDraft:
        number = f[NOFINESSET].strip()
        if not re.fullmatch(r"[0-9][0-9AB][0-9]{7}", number):
            raise ValueError(f"not a FINESS number: {number[:20]!r}")
        lon = lat = None
        place = places.get(number)
        if place is not None:
            geo_line, g = place
            epsg = reference_system(g[4])
            if epsg is None:
                raise ValueError(
                    f"unknown coordinate system {g[4][:60]!r} (geolocalisation line {geo_line})"
                )
            try:
                lon, lat = to_lon_lat(float(g[2]), float(g[3]), epsg)
            except ValueError:
                raise ValueError(
                    f"coordinates {g[2][:20]!r}, {g[3][:20]!r} are not numbers "
                    f"(geolocalisation line {geo_line})"
                ) from None
        routing = _clean(f[LIGNEACHEMINEMENT]) or ""
        postcode, _, city = routing.partition(" ")
        postcode = postcode if re.fullmatch(r"\d{5}", postcode) else ""
        name = _clean(f[RSLONGUE]) or _clean(f[RS])
        if name is None:
            raise ValueError("no name")
        updated = f[DATEMAJ].strip()
        return ServiceDraft(
            name=name,
            categories=(slug,),
            lon=lon,
            lat=lat,
            address=_street(f),
            postcode=postcode or None,
            city=_clean(city if postcode else routing),
            phone=_phone(f[TELEPHONE]),
            timezone=timezone_of(postcode),
            last_verified=date.fromisoformat(updated) if updated else None,
            source=self.name,
            source_id=number,
        )


Lines = list[tuple[int, list[str]]]


def _sections(
    rows: Lines, name: str, reading: Reading, progress: Progress | None
) -> tuple[Lines, dict[str, tuple[int, list[str]]]]:
    """Split the lines into establishments and positions (by FINESS number); reject lines of
    unknown sections or too few fields; refuse a file whose last line is cut short."""
    structures: Lines = []
    places: dict[str, tuple[int, list[str]]] = {}
    last = len(rows)
    for index, (line, fields) in enumerate(rows, 1):
        section = fields[0]
        if section == "finess" and line == 1:
            continue
        expected = {"structureet": STRUCTURE_FIELDS, "geolocalisation": GEO_FIELDS}.get(section)
        if expected is None:
            reading.rejected.append(Rejected(line, f"unknown section {section[:30]!r}"))
        elif len(fields) < expected:
            if index == last:
                raise ImportFileError(
                    f"{name}: the last line ({line}) has {len(fields)} fields instead of "
                    f"{expected}: the file looks truncated; nothing was imported"
                )
            reading.rejected.append(Rejected(line, f"{len(fields)} fields instead of {expected}"))
        elif section == "structureet":
            structures.append((line, fields))
        else:
            places[fields[1]] = (line, fields)
        if progress is not None and (index % 5000 == 0 or index == last):
            progress(index, last)
    if not structures:
        raise ImportFileError(f"{name}: no 'structureet' line: not a FINESS extract")
    return structures, places
