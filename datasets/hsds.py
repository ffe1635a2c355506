"""Open Referral's Human Services Data Specification 3.1, both ways.

Export, in the two forms the specification defines:
- JSON: `services.json`, one page of full services as the HSDS API returns them (each with
  its organization, phones, schedules, languages, attributes and service_at_locations holding
  the location, its addresses and accessibility);
- tabular: a directory of CSV files (`services.csv`, `organizations.csv`, `locations.csv`…)
  with a `datapackage.json` describing each table from the specification's own field list
  (`datasets/formats/hsds/schema.csv`).

Each public service is one organization, one service and, when it has a position, one
location. Maraude's categories, publics, conditions and wheelchair access are terms of one
taxonomy (`maraude`) attached as attributes, so another Maraude reads them back exactly.
Opening hours are a schedule whose description is the opening_hours expression, with one
weekly row (byday, opens_at, closes_at, local time) per opening of a week without holidays.

Import reads either form (a `services.json` page or list, or the tabular directory).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache, partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale

from datasets.data_inclusion import CATEGORY_OF_THEME, PUBLIC_WORDS, uri_or_none
from datasets.finess import timezone_of
from datasets.importing import ImportFileError, Progress, Reading, Rejected, decode_text
from geo.categories import BY_SLUG, CATEGORIES
from geo.drafts import ServiceDraft
from geo.hours import HoursRule, check_expression, open_intervals
from geo.queries.service_writes import WRITABLE
from geo.values import ServiceRecord
from geo.vocab import Condition, Public, Wheelchair

SPEC = Path(__file__).parent / "formats" / "hsds" / "schema.csv"
NAMESPACE = uuid.UUID("5d0f4c52-8f0e-4b53-9a57-0c8b8d4c2f61")
"""Every exported id is a UUID derived from this namespace and the record's identity, so the
same directory exports the same ids each time."""
_NAMESPACE_BYTES = NAMESPACE.bytes
TAXONOMY_ID = str(uuid.uuid5(NAMESPACE, "taxonomy:maraude"))
REFERENCE_WEEK = date(2024, 6, 3)
"""A Monday starting a week without public holiday in France or Monaco."""
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
FILES = {
    "organization": "organizations.csv",
    "service": "services.csv",
    "location": "locations.csv",
    "service_at_location": "service_at_location.csv",
    "address": "addresses.csv",
    "phone": "phones.csv",
    "schedule": "schedules.csv",
    "language": "languages.csv",
    "accessibility": "accessibility.csv",
    "taxonomy": "taxonomies.csv",
    "taxonomy_term": "taxonomy_terms.csv",
    "attribute": "attributes.csv",
}
"""The tables Maraude writes, in the file names of the specification's examples."""
WHEELCHAIR_WORDS = {
    Wheelchair.YES.value: "Accessible en fauteuil roulant",
    Wheelchair.LIMITED.value: "Accès en fauteuil roulant limité",
    Wheelchair.NO.value: "Non accessible en fauteuil roulant",
}
CONDITION_WORDS = {
    Condition.FREE.value: "Gratuit",
    Condition.ANONYMOUS.value: "Anonyme",
    Condition.NO_APPOINTMENT.value: "Sans rendez-vous",
    Condition.UNCONDITIONAL.value: "Accueil inconditionnel",
}


@dataclass(frozen=True, slots=True)
class Field:
    """One field of an HSDS table, as the specification lists it."""

    name: str
    type: str
    description: str
    required: bool
    unique: bool
    format: str
    enum: tuple[str, ...]


@cache
def tables() -> dict[str, tuple[Field, ...]]:
    """Every HSDS table and its fields (arrays and nested objects included)."""
    found: dict[str, list[Field]] = defaultdict(list)
    with SPEC.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            found[row["table_name"]].append(
                Field(
                    row["name"],
                    row["type"],
                    row["description"],
                    row["constraints_required"] == "true",
                    row["constraints_unique"] == "true",
                    row["format"],
                    tuple(x for x in row["enum"].split(",") if x),
                )
            )
    return {name: tuple(fields) for name, fields in found.items()}


@cache
def columns(table: str) -> tuple[str, ...]:
    """The flat columns of a table (what a CSV of it holds)."""
    return tuple(f.name for f in tables()[table] if f.type in ("string", "number"))


def _id(*parts: object) -> str:
    """`uuid.uuid5(NAMESPACE, "a:b:…")` as text, without building UUID objects (an export
    makes a dozen per service)."""
    name = ":".join(str(p) for p in parts).encode()
    raw = bytearray(hashlib.sha1(_NAMESPACE_BYTES + name, usedforsecurity=False).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


# The taxonomy: one term per category, public, condition and wheelchair value.


@dataclass(frozen=True, slots=True)
class Term:
    """A term of Maraude's taxonomy."""

    code: str
    name: str
    description: str

    @property
    def id(self) -> str:
        """Its id in every export."""
        return _id("term", self.code)

    def row(self) -> dict[str, Any]:
        """The term as a taxonomy_term row."""
        return {
            "id": self.id,
            "code": self.code,
            "name": self.name,
            "description": self.description,
            "parent_id": None,
            "taxonomy": "maraude",
            "language": "fr",
            "taxonomy_id": TAXONOMY_ID,
            "term_uri": None,
        }


@cache
def term_attribute(code: str) -> tuple[str, dict[str, Any]]:
    """A term's id and its nested form in an attribute (computed once per code)."""
    term = terms()[code]
    return term.id, {**term.row(), "taxonomy_detail": TAXONOMY}


@cache
def terms() -> dict[str, Term]:
    """Every term, by code."""
    found = [
        Term(f"category:{c.slug}", c.label_fr, f"{c.label_en} (guidelines {c.guideline})")
        for c in CATEGORIES
    ]
    found += [Term(f"public:{p.value}", PUBLIC_WORDS[p.value], p.value) for p in Public]
    found += [Term(f"condition:{c.value}", CONDITION_WORDS[c.value], c.value) for c in Condition]
    found += [Term(f"wheelchair:{w.value}", WHEELCHAIR_WORDS[w.value], w.value) for w in Wheelchair]
    return {t.code: t for t in found}


TAXONOMY = {
    "id": TAXONOMY_ID,
    "name": "maraude",
    "description": "Maraude's referral categories (French national harm-reduction guidelines "
    "for people in prostitution), publics, conditions and wheelchair access",
    "uri": None,
}


# Export.


def service_id(service: ServiceRecord) -> str:
    """The id a service has in HSDS: its own when it came from there."""
    if service.source == Hsds.name:
        return service.source_id
    return _id("service", service.source, service.source_id)


@cache
def _weekly(expression: str, timezone: str, country: str) -> tuple[tuple[str, str, str], ...]:
    """Return (byday, opens_at, closes_at) rows of the reference week, days sharing hours
    grouped; an opening past midnight closes on the next day, one longer than a day is cut
    at local midnights."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(REFERENCE_WEEK, time(0), zone)
    end = start + timedelta(days=7)
    try:
        spans = open_intervals(HoursRule(expression, timezone, country), start, end)
    except ValueError:
        return ()
    by_hours: dict[tuple[str, str], list[int]] = defaultdict(list)
    day = timedelta(days=1)
    for lo, hi in spans:
        while hi - lo > day or (hi - lo == day and lo.time() != time(0)):
            by_hours[(f"{lo:%H:%M}", "24:00")].append(lo.weekday())
            lo = datetime.combine(lo.date() + day, time(0), zone)
        closes = "24:00" if hi.time() == time(0) else f"{hi:%H:%M}"
        by_hours[(f"{lo:%H:%M}", closes)].append(lo.weekday())
    return tuple(
        (",".join(DAYS[d] for d in sorted(set(days))), opens, closes)
        for (opens, closes), days in sorted(by_hours.items(), key=lambda kv: min(kv[1]))
    )


def _schedules(service: ServiceRecord, sid: str) -> list[dict[str, Any]]:
    if not service.opening_hours:
        return []
    rows = _weekly(service.opening_hours, service.timezone, service.holiday_country) or (
        (None, None, None),
    )
    return [
        {
            "id": _id("schedule", sid, i),
            "service_id": sid,
            "freq": "WEEKLY" if byday else None,
            "wkst": "MON" if byday else None,
            "byday": byday,
            "opens_at": opens,
            "closes_at": closes,
            "description": service.opening_hours,
            "notes": "description: opening_hours syntax (OpenStreetMap); times are local",
        }
        for i, (byday, opens, closes) in enumerate(rows)
    ]


def _state(postcode: str) -> tuple[str, str]:
    """(département or state, country) of a postcode."""
    if postcode.startswith("980"):
        return "Monaco", "MC"
    if postcode.startswith("97"):
        return postcode[:3], "FR"
    if postcode.startswith("20"):
        return ("2A" if postcode < "20200" else "2B"), "FR"
    return postcode[:2], "FR"


def _location(service: ServiceRecord, sid: str) -> dict[str, Any] | None:
    if service.lon is None or service.lat is None:
        return None
    lid = _id("location", sid)
    addresses = []
    if service.address and service.city and service.postcode:
        state, country = _state(service.postcode)
        addresses.append(
            {
                "id": _id("address", sid),
                "location_id": lid,
                "attention": None,
                "address_1": service.address,
                "address_2": None,
                "city": service.city,
                "region": None,
                "state_province": state,
                "postal_code": service.postcode,
                "country": country,
                "address_type": "physical",
            }
        )
    accessibility = []
    if service.wheelchair or service.accessibility:
        words = WHEELCHAIR_WORDS.get(service.wheelchair or "", "")
        accessibility.append(
            {
                "id": _id("accessibility", sid),
                "location_id": lid,
                "description": words or service.accessibility,
                "details": service.accessibility,
                "url": None,
            }
        )
    return {
        "id": lid,
        "location_type": "physical",
        "url": None,
        "organization_id": _id("org", sid),
        "name": service.name,
        "alternate_name": None,
        "description": None,
        "transportation": None,
        "latitude": service.lat,
        "longitude": service.lon,
        "external_identifier": None,
        "external_identifier_type": None,
        "addresses": addresses,
        "accessibility": accessibility,
    }


@cache
def _language_name(code: str) -> str:
    return str(Locale("en").languages.get(code, code))


def service_full(service: ServiceRecord) -> dict[str, Any]:
    """One service as the HSDS API returns it in full."""
    sid = service_id(service)
    oid = _id("org", sid)
    summary = (service.description or "").strip() or ", ".join(
        BY_SLUG[c].label_fr for c in service.categories
    )
    codes = [
        *(f"category:{c}" for c in service.categories),
        *(f"public:{p}" for p in service.publics),
        *(f"condition:{c}" for c in service.conditions),
        *([f"wheelchair:{service.wheelchair}"] if service.wheelchair else []),
    ]
    location = _location(service, sid)
    website = uri_or_none(service.website)
    return {
        "id": sid,
        "organization_id": oid,
        "program_id": None,
        "name": service.name,
        "alternate_name": None,
        "description": service.description,
        "url": website,
        "email": service.email,
        "status": "active",
        "interpretation_services": "Interprétariat disponible" if service.interpreting else None,
        "application_process": None,
        "fees_description": "Gratuit" if Condition.FREE.value in service.conditions else None,
        "accreditations": None,
        "eligibility_description": ", ".join(PUBLIC_WORDS[p] for p in service.publics) or None,
        "minimum_age": None,
        "maximum_age": None,
        "assured_date": service.last_verified.isoformat() if service.last_verified else None,
        "assurer_email": None,
        "alert": None,
        "organization": {
            "id": oid,
            "name": service.name,
            "alternate_name": None,
            "description": summary,
            "email": service.email,
            "website": website,
            "year_incorporated": None,
            "legal_status": None,
            "logo": None,
            "uri": None,
            "parent_organization_id": None,
        },
        "phones": [
            {
                "id": _id("phone", sid),
                "service_id": sid,
                "number": service.phone,
                "type": "voice",
                "extension": None,
                "description": None,
            }
        ]
        if service.phone
        else [],
        "schedules": _schedules(service, sid),
        "languages": [
            {
                "id": _id("language", sid, code),
                "service_id": sid,
                "name": _language_name(code),
                "code": code,
                "note": None,
            }
            for code in service.languages
        ],
        "attributes": [
            {
                "id": _id("attribute", sid, code),
                "link_id": sid,
                "taxonomy_term_id": term_attribute(code)[0],
                "link_type": code.split(":")[0],
                "link_entity": "service",
                "value": None,
                "taxonomy_term": term_attribute(code)[1],
            }
            for code in codes
        ],
        "service_at_locations": [
            {
                "id": _id("service_at_location", sid),
                "service_id": sid,
                "location_id": location["id"],
                "description": None,
                "location": location,
            }
        ]
        if location
        else [],
    }


def write_json(path: Path, full: Sequence[Mapping[str, Any]]) -> None:
    """Write full services as one HSDS API page."""
    import orjson

    page = {
        "total_items": len(full),
        "total_pages": 1,
        "page_number": 1,
        "size": len(full),
        "first_page": True,
        "last_page": True,
        "empty": not full,
        "contents": full,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps(page))


def write_export(directory: Path, services: Iterable[ServiceRecord]) -> int:
    """Write `services.json` and the tabular datapackage; return how many services."""
    full = [service_full(s) for s in services]
    write_json(directory / "services.json", full)
    write_tabular(directory, full)
    return len(full)


def table_rows(full: Iterable[Mapping[str, Any]]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Flatten full services into (table, row) pairs."""
    yield "taxonomy", TAXONOMY
    for term in terms().values():
        yield "taxonomy_term", term.row()
    for s in full:
        yield "organization", s["organization"]
        yield "service", s
        for table, key in (
            ("phone", "phones"),
            ("schedule", "schedules"),
            ("language", "languages"),
            ("attribute", "attributes"),
        ):
            for row in s[key]:
                yield table, row
        for sal in s["service_at_locations"]:
            location = sal["location"]
            yield "location", location
            yield "service_at_location", sal
            for address in location["addresses"]:
                yield "address", address
            for item in location["accessibility"]:
                yield "accessibility", item


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def write_tabular(directory: Path, full: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Write full services as the tabular datapackage; return the rows of each table."""
    directory.mkdir(parents=True, exist_ok=True)
    buffers = {t: io.StringIO(newline="") for t in FILES}
    writers = {}
    for table, buffer in buffers.items():
        writers[table] = csv.writer(buffer, lineterminator="\n")
        writers[table].writerow(columns(table))
    counts = dict.fromkeys(FILES, 0)
    for table, row in table_rows(full):
        writers[table].writerow([_cell(row.get(c)) for c in columns(table)])
        counts[table] += 1
    for table, buffer in buffers.items():
        (directory / FILES[table]).write_text(buffer.getvalue(), encoding="utf-8")
    descriptor = datapackage()
    (directory / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return counts


_FOREIGN = {
    "service": [("organization_id", "organization")],
    "location": [("organization_id", "organization")],
    "service_at_location": [("service_id", "service"), ("location_id", "location")],
    "address": [("location_id", "location")],
    "phone": [("service_id", "service")],
    "schedule": [("service_id", "service")],
    "language": [("service_id", "service")],
    "accessibility": [("location_id", "location")],
    "taxonomy_term": [("taxonomy_id", "taxonomy")],
    "attribute": [("taxonomy_term_id", "taxonomy_term")],
}


def datapackage() -> dict[str, Any]:
    """The Frictionless tabular data package descriptor of an export."""
    resources = []
    for table, file in FILES.items():
        spec = {f.name: f for f in tables()[table]}
        fields = []
        for name in columns(table):
            f = spec[name]
            field: dict[str, Any] = {"name": name, "type": f.type, "description": f.description}
            if f.format in ("email", "uri"):
                field["format"] = f.format
            constraints: dict[str, Any] = {}
            if f.required:
                constraints["required"] = True
            if f.unique:
                constraints["unique"] = True
            if f.enum:
                constraints["enum"] = list(f.enum)
            if constraints:
                field["constraints"] = constraints
            fields.append(field)
        resources.append(
            {
                "name": table,
                "path": file,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": fields,
                    "primaryKey": "id",
                    "foreignKeys": [
                        {"fields": column, "reference": {"resource": target, "fields": "id"}}
                        for column, target in _FOREIGN.get(table, [])
                    ],
                },
            }
        )
    return {
        "name": "maraude-hsds",
        "title": "Maraude referral services (HSDS 3.1)",
        "profile": "tabular-data-package",
        "licenses": [{"name": "ODbL-1.0", "title": "Open Data Commons Open Database License"}],
        "resources": resources,
    }


# Import.


def _read_csv(path: Path) -> list[dict[str, str]]:
    text = decode_text(path.read_bytes(), path.name)
    try:
        return list(csv.DictReader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as e:
        raise ImportFileError(f"{path.name}: {e}; nothing was imported") from None


def _table_rows(directory: Path, name: Any) -> list[dict[str, str]]:
    """A table's rows, from a file inside the package's directory only."""
    if not isinstance(name, str):
        raise ImportFileError("datapackage.json: a resource's path must be a file name")
    path = (directory / name).resolve()
    if not path.is_relative_to(directory.resolve()):
        raise ImportFileError(f"datapackage.json: {name!r} is outside the package")
    return _read_csv(path) if path.is_file() else []


def _tabular(directory: Path) -> list[dict[str, Any]]:
    """Assemble full services from a tabular datapackage directory."""
    files = dict(FILES)
    package = directory / "datapackage.json"
    if package.is_file():
        try:
            descriptor = json.loads(package.read_text(encoding="utf-8"))
            files.update({r["name"]: r["path"] for r in descriptor.get("resources", [])})
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as e:
            raise ImportFileError(f"datapackage.json: not a data package ({e})") from None
    if not isinstance(files["service"], str) or not (directory / files["service"]).is_file():
        raise ImportFileError(f"{directory.name}: no services table in this directory")
    rows = {table: _table_rows(directory, files[table]) for table in FILES}
    by: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for table, key in (
        ("phone", "service_id"),
        ("schedule", "service_id"),
        ("language", "service_id"),
        ("attribute", "link_id"),
        ("service_at_location", "service_id"),
        ("address", "location_id"),
        ("accessibility", "location_id"),
    ):
        for row in rows[table]:
            by[(table, key)][row.get(key) or ""].append(row)
    term_by_id = {t["id"]: t for t in rows["taxonomy_term"]}
    location_by_id = {loc["id"]: loc for loc in rows["location"]}
    services = []
    for s in rows["service"]:
        sid = s["id"]
        sals = []
        for sal in by[("service_at_location", "service_id")][sid]:
            location: dict[str, Any] = dict(location_by_id.get(sal.get("location_id") or "", {}))
            if location:
                location["addresses"] = by[("address", "location_id")][location["id"]]
                location["accessibility"] = by[("accessibility", "location_id")][location["id"]]
            sals.append({**sal, "location": location or None})
        services.append(
            {
                **s,
                "phones": by[("phone", "service_id")][sid],
                "schedules": by[("schedule", "service_id")][sid],
                "languages": by[("language", "service_id")][sid],
                "attributes": [
                    {**a, "taxonomy_term": term_by_id.get(a.get("taxonomy_term_id") or "")}
                    for a in by[("attribute", "link_id")][sid]
                ],
                "service_at_locations": sals,
            }
        )
    return services


def _json(path: Path) -> list[Any]:
    try:
        doc = json.loads(decode_text(path.read_bytes(), path.name))
    except json.JSONDecodeError as e:
        raise ImportFileError(
            f"{path.name}: not valid JSON ({e}): the file may be truncated; nothing was imported"
        ) from None
    if isinstance(doc, dict) and isinstance(doc.get("contents"), list):
        return list(doc["contents"])
    if isinstance(doc, dict) and "id" in doc and "name" in doc:
        return [doc]
    if isinstance(doc, list):
        return doc
    raise ImportFileError(
        f"{path.name}: expected HSDS services (a page with 'contents', a list or one service)"
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    return float(value)


def hours_of(schedules: Iterable[Mapping[str, Any]]) -> str | None:
    """The opening_hours expression of a service's schedules: a description written in that
    syntax, else one built from the weekly rows."""
    rows = list(schedules)
    for row in rows:
        text = _text(row.get("description"))
        if text:
            try:
                check_expression(text)
            except ValueError:
                continue
            return text
    by_day: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        opens, closes = _text(row.get("opens_at")), _text(row.get("closes_at"))
        if (_text(row.get("freq")) or "WEEKLY").upper() != "WEEKLY" or not opens or not closes:
            continue
        for name in (_text(row.get("byday")) or ",".join(DAYS)).upper().split(","):
            if name.strip() in DAYS:
                by_day[DAYS.index(name.strip())].append(f"{opens[:5]}-{closes[:5]}")
    if not by_day:
        return None
    groups: dict[str, list[int]] = defaultdict(list)
    for weekday, spans in sorted(by_day.items()):
        groups[",".join(sorted(spans))].append(weekday)
    return "; ".join(
        f"{','.join(OSM_DAYS[d] for d in days)} {spans}" for spans, days in groups.items()
    )


def _codes(service: Mapping[str, Any]) -> list[str]:
    codes = []
    for attribute in service.get("attributes") or ():
        term = (attribute or {}).get("taxonomy_term") or {}
        code = _text(term.get("code"))
        if code:
            codes.append(code)
    return codes


def categories_of(codes: Iterable[str]) -> tuple[str, ...]:
    """Maraude categories named by taxonomy codes: its own, else data·inclusion themes."""
    codes = list(codes)
    own = [c.split(":", 1)[1] for c in codes if c.startswith("category:")]
    own = [c for c in own if c in BY_SLUG]
    if own:
        return tuple(dict.fromkeys(own))
    return tuple(dict.fromkeys(CATEGORY_OF_THEME[c] for c in codes if c in CATEGORY_OF_THEME))


def draft_of(service: Mapping[str, Any], categories: tuple[str, ...]) -> ServiceDraft:
    """Return the draft of a full HSDS service."""
    codes = _codes(service)
    location: Mapping[str, Any] = {}
    for sal in service.get("service_at_locations") or ():
        if (sal or {}).get("location"):
            location = sal["location"]
            break
    address = next(iter(location.get("addresses") or ()), None) or {}
    postcode = _text(address.get("postal_code"))
    accessibility = next(iter(location.get("accessibility") or ()), None) or {}
    phone = next(iter(service.get("phones") or ()), None) or {}
    wheelchair = [c.split(":", 1)[1] for c in codes if c.startswith("wheelchair:")]
    assured = _text(service.get("assured_date"))
    return ServiceDraft.model_validate(
        {
            "name": service.get("name"),
            "categories": categories,
            "lon": _number(location.get("longitude")),
            "lat": _number(location.get("latitude")),
            "address": _text(address.get("address_1")),
            "postcode": postcode,
            "city": _text(address.get("city")),
            "phone": _text(phone.get("number")),
            "website": _text(service.get("url")),
            "email": _text(service.get("email")),
            "description": _text(service.get("description")),
            "opening_hours": hours_of(service.get("schedules") or ()),
            "timezone": timezone_of(postcode),
            "holiday_country": "MC" if (postcode or "").startswith("980") else "FR",
            "languages": [
                code
                for x in service.get("languages") or ()
                if (code := (_text(x.get("code")) or "").lower())
            ],
            "interpreting": bool(_text(service.get("interpretation_services"))),
            "publics": [c.split(":", 1)[1] for c in codes if c.startswith("public:")],
            "conditions": [c.split(":", 1)[1] for c in codes if c.startswith("condition:")],
            "wheelchair": wheelchair[0] if wheelchair else None,
            "accessibility": _text(accessibility.get("details")),
            "last_verified": date.fromisoformat(assured[:10]) if assured else None,
            "source": Hsds.name,
            "source_id": str(service.get("id") or "").strip(),
        }
    )


def _checked_draft(service: Mapping[str, Any], categories: tuple[str, ...]) -> ServiceDraft:
    """`draft_of`, a record of the wrong shape rejected with a reason rather than failing."""
    try:
        return draft_of(service, categories)
    except (AttributeError, TypeError, KeyError, IndexError) as e:
        raise ValueError(
            f"not an HSDS service of the expected shape ({type(e).__name__})"
        ) from None


class Hsds:
    """HSDS 3.1 services, as JSON or as a tabular datapackage."""

    name = "hsds"
    owned = WRITABLE
    enriches = None

    def read(self, path: Path, progress: Progress | None = None) -> Reading:
        """Read full services from a JSON file or a tabular datapackage directory."""
        if path.is_dir():
            services = _tabular(path)
        elif path.name == "datapackage.json":
            services = _tabular(path.parent)
        else:
            services = _json(path)
        reading = Reading()
        total = len(services)
        for index, service in enumerate(services, 1):
            if not isinstance(service, dict):
                reading.rejected.append(Rejected(index, "service: not a JSON object"))
                continue
            if service.get("status") not in (None, "", "active"):
                reading.skipped += 1
                continue
            try:
                categories = categories_of(_codes(service))
            except (AttributeError, TypeError):
                reading.rejected.append(Rejected(index, "attributes: not HSDS attributes"))
                continue
            if not categories:
                reading.skipped += 1
                continue
            reading.keep(index, partial(_checked_draft, service, categories))
            if progress is not None and (index % 5000 == 0 or index == total):
                progress(index, total)
        return reading
