"""The FINESS importer: reprojection, sections, categories, idempotence, withdrawal, bad files,
and OpenStreetMap places completing FINESS establishments."""

from __future__ import annotations

import csv
from pathlib import Path

import httpx
import pytest
from pyproj import Geod
from sqlalchemy import select

from api.cli import main
from datasets.finess import Finess, reference_system, to_lon_lat
from datasets.importing import ImportFileError, run_import
from datasets.osm_places import OsmPlaces
from geo.db import Database
from geo.directory.models import Service
from tests.conftest import HORIZON

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "finess"
SAMPLE = FIXTURES / "outreach-sample.csv"
GEOD = Geod(ellps="WGS84")


async def _services(database: Database, source: str = "finess") -> dict[str, Service]:
    async with database.session() as session:
        rows = await session.scalars(select(Service).where(Service.source == source))
        return {s.source_id: s for s in rows}


def test_every_coordinate_system_lands_within_a_metre_of_the_control_points() -> None:
    with (FIXTURES / "reprojection_control_points.csv").open(encoding="utf-8") as f:
        points = list(csv.DictReader(f))
    assert len(points) == 6
    for p in points:
        lon, lat = to_lon_lat(float(p["x"]), float(p["y"]), int(p["source_epsg"]))
        _, _, metres = GEOD.inv(lon, lat, float(p["lon_wgs84"]), float(p["lat_wgs84"]))
        assert metres < 1.0, p["territory"]
        if p["sourcecoordet_example"]:
            assert reference_system(p["sourcecoordet_example"]) == int(p["source_epsg"])


@pytest.mark.parametrize(
    ("label", "epsg"),
    [
        ("1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93", 2154),
        ("1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,UTM_N20", 5490),
        ("1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,UTM_N22", 2972),
        ("1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,UTM_S40", 2975),
        ("2,ATLASANTE,100,BDADRESSE,EPSG:4471 RGM04/UTM zone 38S (Mayotte)", 4471),
        ("2,ATLASANTE,90,BAN,WGS84/UTM zone 21N (St-Pierre-et-Miquelon)", 32621),
        ("1,ATLASANTE,96,BAN,EPSG:9999 Inconnu", None),
        ("", None),
    ],
)
def test_the_coordinate_system_is_read_by_code_or_by_label(label: str, epsg: int | None) -> None:
    assert reference_system(label) == epsg


def test_the_real_geolocated_extract_joins_its_sections() -> None:
    reading = Finess().read(FIXTURES / "etalab-cs1100507-geoloc-excerpt-20260512.csv")
    # A hospital and a polyclinic: real lines, of no Maraude category.
    assert (reading.drafts, reading.rejected, reading.skipped) == ([], [], 2)
    assert reading.notes == []
    plain = Finess().read(FIXTURES / "etalab-cs1100502-stock-20260512-excerpt.csv")
    assert plain.skipped == 14
    assert "no geolocalisation section" in plain.notes[0]


async def test_import_maps_categories_places_and_rejects_with_line_numbers(
    database: Database,
) -> None:
    report = await run_import(database, Finess(), SAMPLE, horizon=HORIZON)
    assert (report.created, report.updated, report.unchanged, report.skipped) == (6, 0, 0, 1)
    assert [(r.line, r.reason.split(":")[0]) for r in report.rejected] == [
        (9, "not a FINESS number"),
        (10, "14 fields instead of 32"),
        (11, "unknown coordinate system '1,ATLASANTE,96,BAN,EPSG"),
    ]
    services = await _services(database)
    caarud = services["060000002"]
    assert caarud.name == 'CAARUD "LE PASSAGE" NICE'
    assert caarud.categories == ["caarud"]
    assert caarud.visibility == "public"
    assert (caarud.postcode, caarud.city, caarud.phone) == ("06300", "NICE", "04 93 00 00 02")
    assert services["060000004"].categories == ["emergency-shelter"]  # a CHRS
    reunion = services["974000006"]
    assert reunion.timezone == "Indian/Reunion"
    assert reunion.address == "ALLEE DES TOPAZES, BP 1234"
    assert services["975000007"].timezone == "America/Miquelon"
    assert "060000005" not in services  # an EHPAD: not a referral service


async def test_reimporting_the_same_file_changes_nothing(database: Database) -> None:
    await run_import(database, Finess(), SAMPLE, horizon=HORIZON)
    before = {k: s.updated_at for k, s in (await _services(database)).items()}
    again = await run_import(database, Finess(), SAMPLE, horizon=HORIZON)
    assert (again.created, again.updated, again.unchanged, again.withdrawn) == (0, 0, 6, 0)
    assert {k: s.updated_at for k, s in (await _services(database)).items()} == before


async def test_a_latin1_file_reads_as_its_utf8_twin(database: Database, tmp_path: Path) -> None:
    await run_import(database, Finess(), SAMPLE, horizon=HORIZON)
    latin = tmp_path / "finess-latin1.csv"
    latin.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("latin-1"))
    again = await run_import(database, Finess(), latin, horizon=HORIZON)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)


async def test_a_dry_run_reports_and_changes_nothing(database: Database) -> None:
    report = await run_import(database, Finess(), SAMPLE, horizon=HORIZON, dry_run=True)
    assert (report.dry_run, report.created) == (True, 6)
    assert await _services(database) == {}


async def test_records_gone_from_a_new_file_are_withdrawn_not_deleted(
    database: Database, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    await run_import(database, Finess(), SAMPLE, horizon=HORIZON)
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    newer = tmp_path / "newer.csv"
    newer.write_text("\n".join(x for x in lines if "060000002" not in x) + "\n", "utf-8")
    report = await run_import(database, Finess(), newer, horizon=HORIZON)
    assert (report.withdrawn, report.unchanged) == (1, 5)
    kept = await _services(database)
    assert kept["060000002"].withdrawn_at is not None
    listed = await client.get("/api/v1/services", params={"q": "passage"})
    assert listed.json()["features"] == []
    nearest = await client.get(
        "/api/v1/services/nearest", params={"lon": 7.285, "lat": 43.719, "category": "caarud"}
    )
    assert nearest.json()["features"] == []
    back = await run_import(database, Finess(), SAMPLE, horizon=HORIZON)
    assert (back.updated, back.unchanged, back.withdrawn) == (1, 5, 0)
    assert (await _services(database))["060000002"].withdrawn_at is None


def _cut_last_line(tmp_path: Path) -> Path:
    text = SAMPLE.read_text(encoding="utf-8").rstrip("\n")
    cut = tmp_path / "truncated.csv"
    cut.write_text(text[: text.rindex(";", 0, len(text) - 30)], encoding="utf-8")
    return cut


def _utf16(tmp_path: Path) -> Path:
    path = tmp_path / "utf16.csv"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("utf-16"))
    return path


def _geojson(tmp_path: Path) -> Path:
    path = tmp_path / "services.csv"
    path.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_cut_last_line, "looks truncated"),
        (_utf16, "not a text file"),
        (_geojson, "not a FINESS extract"),
    ],
)
async def test_a_bad_file_is_refused_and_the_database_unchanged(
    database: Database, tmp_path: Path, make: object, message: str
) -> None:
    await run_import(database, Finess(), SAMPLE, horizon=HORIZON)
    before = {k: (s.updated_at, s.withdrawn_at) for k, s in (await _services(database)).items()}
    with pytest.raises(ImportFileError, match=message):
        await run_import(database, Finess(), make(tmp_path), horizon=HORIZON)  # type: ignore[operator]
    after = {k: (s.updated_at, s.withdrawn_at) for k, s in (await _services(database)).items()}
    assert after == before


@pytest.mark.usefixtures("command_line_database")
def test_the_command_line_reports_and_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "finess", str(SAMPLE), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "6 would be created" in out
    assert "line 10: 14 fields instead of 32" in out
    assert main(["import", "finess", str(_cut_last_line(tmp_path))]) == 1
    assert "refused, nothing imported" in capsys.readouterr().err
    assert main(["import", "finess", str(SAMPLE), "--json"]) == 0
    assert '"created": 6' in capsys.readouterr().out


OSM = """<?xml version="1.0"?><osm version="0.6" generator="test">
<node id="1" version="1" lat="43.7081" lon="7.2666">
  <tag k="amenity" v="doctors"/><tag k="name" v="CSAPA Nice centre"/>
  <tag k="ref:FR:FINESS" v="060000001"/><tag k="opening_hours" v="Mo-Fr 09:00-17:00"/>
  <tag k="website" v="https://csapa.example.org/"/>
</node>
<node id="2" version="1" lat="43.7100" lon="7.2700">
  <tag k="amenity" v="pharmacy"/><tag k="name" v="Pharmacie du port"/>
  <tag k="opening_hours" v="Mo-Sa 08:30-19:30"/>
</node>
<node id="3" version="1" lat="43.7200" lon="7.2800">
  <tag k="amenity" v="doctors"/><tag k="name" v="Cabinet inconnu de FINESS"/>
  <tag k="ref:FR:FINESS" v="069999999"/>
</node>
<node id="4" version="1" lat="43.7300" lon="7.2900"><tag k="amenity" v="bench"/></node>
</osm>"""


async def test_osm_places_complete_finess_establishments_instead_of_duplicating(
    database: Database, tmp_path: Path
) -> None:
    await run_import(database, Finess(), SAMPLE, horizon=HORIZON)
    osm = tmp_path / "nice.osm"
    osm.write_text(OSM, encoding="utf-8")
    report = await run_import(database, OsmPlaces(), osm, horizon=HORIZON)
    assert (report.created, report.merged) == (2, 1)
    csapa = (await _services(database))["060000001"]
    assert csapa.opening_hours == "Mo-Fr 09:00-17:00"
    assert csapa.schedule_id is not None
    assert csapa.website == "https://csapa.example.org/"
    assert set(await _services(database, "osm")) == {"node/2", "node/3"}
    again = await run_import(database, OsmPlaces(), osm, horizon=HORIZON)
    assert (again.created, again.updated, again.unchanged, again.merged) == (0, 0, 2, 0)
    # A new FINESS extract keeps what OpenStreetMap added.
    finess_again = await run_import(database, Finess(), SAMPLE, horizon=HORIZON)
    assert (finess_again.updated, finess_again.unchanged) == (0, 6)
    assert (await _services(database))["060000001"].opening_hours == "Mo-Fr 09:00-17:00"
