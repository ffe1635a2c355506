"""HSDS 3.1: the JSON and tabular exports are valid against the specification's tables and
fields and shaped like its examples; what Maraude exports it reads back exactly; the
specification's own example files are read; bad files are refused with nothing changed."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select

from datasets.exporting import ExportFormat, run_export
from datasets.hsds import SPEC, Hsds, hours_of
from datasets.importing import ImportFileError, run_import
from geo.db import Database
from geo.directory.models import Service
from tests.conftest import HORIZON, add, draft
from tests.datasets.hsds_check import json_problems, schema_problems, tabular_problems

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "hsds"
MANIFEST = ROOT / "tests" / "fixtures" / "official" / "manifest.json"
COMPARED = (
    "name",
    "categories",
    "address",
    "postcode",
    "city",
    "phone",
    "website",
    "email",
    "description",
    "opening_hours",
    "timezone",
    "holiday_country",
    "languages",
    "interpreting",
    "publics",
    "conditions",
    "wheelchair",
    "accessibility",
    "last_verified",
)


def _drafts() -> list[Any]:
    return [
        draft(
            name="CeGIDD du port",
            categories=("cegidd", "trod"),
            lon=7.4212345,
            lat=43.7354321,
            address="2 quai Antoine-Ier",
            postcode="98000",
            city="Monaco",
            phone="+377 93 00 00 00",
            website="https://cegidd.example/",
            email="accueil@cegidd.example",
            description="Dépistage gratuit du VIH, des hépatites et des IST.",
            opening_hours="Mo-Fr 09:00-12:30,13:30-17:00; Sa 21:00-02:00; PH off",
            timezone="Europe/Monaco",
            holiday_country="MC",
            languages=("fr", "en", "ro"),
            interpreting=True,
            publics=("sex-workers", "trans"),
            conditions=("free", "anonymous"),
            wheelchair="limited",
            accessibility="Rampe côté quai, sonner.",
            last_verified=date(2026, 10, 1),
        ),
        draft(
            name="Ligne d'écoute",
            categories=("protection-assistance",),
            lon=None,
            lat=None,
            phone="3919",
            opening_hours="24/7",
        ),
        draft(
            name="Accueil de nuit",
            categories=("emergency-shelter", "hygiene"),
            address="5 rue Partouneaux",
            postcode="06500",
            city="Menton",
            opening_hours="Mo-Su 20:00-08:00",
            wheelchair="yes",
        ),
        draft(name="Caché", visibility="professionals"),
    ]


async def _rows(database: Database, source: str) -> dict[str, Service]:
    async with database.session() as session:
        rows = await session.scalars(select(Service).where(Service.source == source))
        return {s.name: s for s in rows}


async def test_the_exports_are_valid_hsds_shaped_like_the_examples(
    database: Database, tmp_path: Path
) -> None:
    await add(database, *_drafts())
    report = await run_export(database, ExportFormat.HSDS, tmp_path)
    assert report.services == 3  # the professionals-only service is not published
    page = json.loads((tmp_path / "services.json").read_text("utf-8"))
    assert page["total_items"] == len(page["contents"]) == 3
    for service in page["contents"]:
        assert json_problems("service", service) == []
        assert schema_problems("service", service) == []
    example = json.loads((FIXTURES / "service_full.json").read_text("utf-8"))
    sample = next(s for s in page["contents"] if s["name"] == "CeGIDD du port")
    assert set(sample) <= set(example) | {"organization_id", "program_id"}
    location = sample["service_at_locations"][0]["location"]
    assert set(location) <= set(example["service_at_locations"][0]["location"]) | {
        "organization_id"
    }
    assert (location["latitude"], location["longitude"]) == (43.7354321, 7.4212345)
    assert location["addresses"][0]["country"] == "MC"
    week = {(r["byday"], r["opens_at"], r["closes_at"]) for r in sample["schedules"]}
    assert week == {
        ("MO,TU,WE,TH,FR", "09:00", "12:30"),
        ("MO,TU,WE,TH,FR", "13:30", "17:00"),
        ("SA", "21:00", "02:00"),
    }
    assert tabular_problems(tmp_path) == []
    services_csv = (tmp_path / "services.csv").read_text("utf-8").splitlines()
    assert len(services_csv) == 4


async def test_what_maraude_exports_it_reads_back_exactly(
    database: Database, tmp_path: Path
) -> None:
    await add(database, *_drafts())
    await run_export(database, ExportFormat.HSDS, tmp_path)
    first = await run_import(database, Hsds(), tmp_path / "services.json", horizon=HORIZON)
    assert (first.created, first.rejected, first.skipped) == (3, (), 0)
    originals, copies = await _rows(database, "test"), await _rows(database, "hsds")
    for name, copy in copies.items():
        original = originals[name]
        for field in COMPARED:
            if field != "last_verified":
                assert getattr(copy, field) == getattr(original, field), (name, field)
        # Never checked since it came: the day it came is the day it was last checked.
        assert copy.last_verified == (original.last_verified or original.created_at.date())
        assert (copy.geom is None) == (original.geom is None)
    # The tabular form says the same as the JSON form: importing it changes nothing.
    tabular = await run_import(database, Hsds(), tmp_path, horizon=HORIZON)
    assert (tabular.created, tabular.updated, tabular.unchanged) == (0, 0, 3)


async def test_import_export_import_changes_nothing(database: Database, tmp_path: Path) -> None:
    await add(database, *_drafts())
    await run_export(database, ExportFormat.HSDS, tmp_path / "one")
    async with database.session() as session:
        await session.execute(delete(Service).where(Service.source == "test"))
        await session.commit()
    await run_import(database, Hsds(), tmp_path / "one", horizon=HORIZON)
    before = {k: s.updated_at for k, s in (await _rows(database, "hsds")).items()}
    await run_export(database, ExportFormat.HSDS, tmp_path / "two")
    for name in ("services.csv", "schedules.csv", "attributes.csv", "locations.csv"):
        one, two = ((tmp_path / d / name).read_text("utf-8") for d in ("one", "two"))
        assert sorted(two.splitlines()) == sorted(one.splitlines())
    one, two = (
        sorted(
            json.loads((tmp_path / d / "services.json").read_bytes())["contents"],
            key=lambda s: s["id"],
        )
        for d in ("one", "two")
    )
    assert two == one
    again = await run_import(database, Hsds(), tmp_path / "two", horizon=HORIZON)
    assert (again.created, again.updated, again.unchanged, again.withdrawn) == (0, 0, 3, 0)
    assert {k: s.updated_at for k, s in (await _rows(database, "hsds")).items()} == before


async def test_the_specification_examples_are_read(database: Database, tmp_path: Path) -> None:
    doc = json.loads((FIXTURES / "service_full.json").read_text("utf-8"))
    as_is = tmp_path / "as-is.json"
    as_is.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ImportFileError, match="0 rejected, 1 skipped"):
        await run_import(database, Hsds(), as_is, horizon=HORIZON)  # no category Maraude lists
    with pytest.raises(ImportFileError, match="0 rejected, 1 skipped"):
        await run_import(database, Hsds(), FIXTURES / "example-tabular", horizon=HORIZON)
    doc["attributes"][0]["taxonomy_term"]["code"] = "sante--sante-mentale"
    themed = tmp_path / "themed.json"
    themed.write_text(json.dumps(doc), encoding="utf-8")
    reading = Hsds().read(themed)
    assert "lat" in reading.rejected[0].reason  # the example's position is (100, 101)
    with pytest.raises(ImportFileError, match="1 rejected, 0 skipped"):
        await run_import(database, Hsds(), themed, horizon=HORIZON)
    location = doc["service_at_locations"][0]["location"]
    location["latitude"], location["longitude"] = 51.5, -0.12
    themed.write_text(json.dumps(doc), encoding="utf-8")
    report = await run_import(database, Hsds(), themed, horizon=HORIZON)
    assert report.created == 1
    service = (await _rows(database, "hsds"))["Community Counselling"]
    assert service.categories == ["mental-health"]
    assert service.opening_hours == "Th,Fr 10:00-18:00"  # rebuilt from the weekly row
    assert service.languages == ["ur"]
    assert service.interpreting


def test_hours_are_rebuilt_from_weekly_rows() -> None:
    rows = [
        {"freq": "WEEKLY", "byday": "MO,TU", "opens_at": "09:00", "closes_at": "12:00"},
        {"freq": "WEEKLY", "byday": "MO,TU", "opens_at": "14:00", "closes_at": "17:00"},
        {"freq": "WEEKLY", "byday": "SA", "opens_at": "22:00", "closes_at": "02:00"},
        {"freq": "MONTHLY", "byday": "1SU", "opens_at": "10:00", "closes_at": "12:00"},
    ]
    assert hours_of(rows) == "Mo,Tu 09:00-12:00,14:00-17:00; Sa 22:00-02:00"
    assert hours_of([{"description": "Mo-Fr 08:00-18:00", "byday": "SU"}]) == "Mo-Fr 08:00-18:00"
    assert hours_of([{"description": "on weekdays"}]) is None


def test_the_shipped_field_list_is_the_specification() -> None:
    manifest = json.loads(MANIFEST.read_text("utf-8"))
    official = "formats/hsds/hsds_schema_simple.csv"
    entry = manifest["files"][official]
    assert (
        ROOT / entry["shipped"] == SPEC.resolve()
    )  # the reference is about the file the importer reads
    assert hashlib.sha256(SPEC.read_bytes()).hexdigest() == entry["sha256"], f"{SPEC} was changed"
    shared = ROOT / manifest["official_root"]
    if shared.is_dir():  # the team's copy of the official files: the reference is still theirs
        digest = hashlib.sha256((shared / official).read_bytes()).hexdigest()
        assert digest == entry["sha256"], f"{MANIFEST} is stale for {official}"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cut.json", '{"contents": [{"id": "a", "name": "b"', "not valid JSON"),
        ("odd.json", '{"services": []}', "expected HSDS services"),
        ("organizations.csv", "id,name\n", "no services table"),
    ],
)
async def test_a_bad_file_is_refused_and_nothing_changes(
    database: Database, tmp_path: Path, name: str, content: str, message: str
) -> None:
    await add(database, *_drafts())
    await run_export(database, ExportFormat.HSDS, tmp_path / "ok")
    await run_import(database, Hsds(), tmp_path / "ok" / "services.json", horizon=HORIZON)
    before = {k: s.updated_at for k, s in (await _rows(database, "hsds")).items()}
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / name).write_text(content, encoding="utf-8")
    target = bad if name.endswith(".csv") else bad / name
    with pytest.raises(ImportFileError, match=message):
        await run_import(database, Hsds(), target, horizon=HORIZON)
    assert {k: s.updated_at for k, s in (await _rows(database, "hsds")).items()} == before


async def test_a_tabular_file_cut_inside_quotes_is_refused(
    database: Database, tmp_path: Path
) -> None:
    await add(database, *_drafts())
    await run_export(database, ExportFormat.HSDS, tmp_path)
    services = tmp_path / "services.csv"
    services.write_text(services.read_text("utf-8") + '"unterminated,', encoding="utf-8")
    with pytest.raises(ImportFileError, match="services.csv"):
        await run_import(database, Hsds(), tmp_path, horizon=HORIZON)


async def test_a_datapackage_cannot_point_outside_its_directory(
    database: Database, tmp_path: Path
) -> None:
    package = tmp_path / "package"
    package.mkdir()
    (package / "services.csv").write_text("id,name\n", encoding="utf-8")
    resources = [
        {"name": "service", "path": "services.csv"},
        {"name": "phone", "path": "../../../../etc/passwd"},
    ]
    (package / "datapackage.json").write_text(json.dumps({"resources": resources}), "utf-8")
    with pytest.raises(ImportFileError, match="outside the package"):
        await run_import(database, Hsds(), package, horizon=HORIZON)
