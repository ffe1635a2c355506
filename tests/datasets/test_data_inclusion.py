"""data·inclusion v1: the export is valid against the official JSON Schemas, an import
exported and imported again changes nothing, bad files are refused with nothing changed."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from api.cli import main
from datasets.data_inclusion import (
    CATEGORY_OF_NETWORK,
    CATEGORY_OF_THEME,
    SCHEMAS,
    DataInclusion,
    categories_of,
    problems,
    validator,
)
from datasets.exporting import ExportFormat, run_export
from datasets.importing import ImportFileError, run_import
from geo.db import Database
from geo.directory.categories import BY_SLUG
from geo.directory.models import Service
from tests.conftest import HORIZON, add, draft

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "data_inclusion"
SAMPLE = FIXTURES / "sample.json"
MANIFEST = ROOT / "tests" / "fixtures" / "official" / "manifest.json"


async def _imported(database: Database) -> dict[str, Service]:
    async with database.session() as session:
        rows = await session.scalars(select(Service).where(Service.source == "data-inclusion"))
        return {s.source_id: s for s in rows}


async def _export(database: Database, out: Path) -> tuple[list[Any], list[Any]]:
    await run_export(database, ExportFormat.DATA_INCLUSION, out)
    structures = json.loads((out / "structures.json").read_text("utf-8"))
    services = json.loads((out / "services.json").read_text("utf-8"))
    return structures, services


async def test_the_sample_is_imported_with_its_rejections_and_notes(database: Database) -> None:
    report = await run_import(database, DataInclusion(), SAMPLE, horizon=HORIZON)
    assert (report.created, report.skipped) == (3, 1)  # the CV workshop is not listed
    assert [r.line for r in report.rejected] == [5, 6]
    assert "'description' is a required property" in report.rejected[0].reason
    assert "repeats line 1" in report.rejected[1].reason
    assert any(n.startswith("structure 4 left out: code_postal") for n in report.notes)
    assert "service 3: opening hours not in the opening_hours syntax" in " ".join(report.notes)
    services = await _imported(database)
    csapa = services["exemple--csapa-nice"]
    assert csapa.categories == ["csapa"]  # from the structure's network
    assert csapa.conditions == ["free", "anonymous", "no-appointment"]
    assert csapa.opening_hours == "Mo-Fr 09:00-17:00"  # the structure's hours
    assert csapa.city == "Nice"
    assert csapa.website == "https://riviera-addictions.example/"
    testing = services["exemple--depistage-menton"]
    assert testing.categories == ["general-care", "sexual-health-centre"]
    assert testing.publics == ["women"]
    assert testing.address == "5 avenue de Sospel"
    assert testing.last_verified == date(2026, 9, 15)
    assert services["exemple--douches-menton"].opening_hours is None


async def test_the_export_is_valid_against_the_official_schemas(
    database: Database, tmp_path: Path
) -> None:
    await run_import(database, DataInclusion(), SAMPLE, horizon=HORIZON)
    await add(
        database,
        draft(
            name="CeGIDD de test",
            categories=("cegidd", "prep-pep", "hygiene"),
            postcode="98000",
            city="Monaco",
            phone="+377 93 00 00 00",
            website="https://exemple.fr/a|b",
            email="accueil@exemple.fr",
            publics=("sex-workers", "trans", "women"),
            conditions=("free", "unconditional"),
            opening_hours="Mo-Fr 21:00-02:00; PH off",
            description="x",
        ),
        draft(name="AB", categories=("police",), lon=None, lat=None, postcode="MC-98000"),
        draft(name="N" * 250 + ".", categories=("csapa",), last_verified=date(2026, 1, 2)),
        draft(name="Confidentiel", visibility="confidential-address"),
        draft(name="Pour les pros", visibility="professionals"),
    )
    structures, services = await _export(database, tmp_path / "di")
    assert len(structures) == len(services) == 6  # 3 imported + 3 public drafts
    for record in structures:
        assert problems("structure", record) == [], record["id"]
    for record in services:
        assert problems("service", record) == [], record["id"]
    names = {s["nom"] for s in services}
    assert not names & {"Confidentiel", "Pour les pros"}
    cegidd = next(s for s in services if s["nom"] == "CeGIDD de test")
    assert cegidd["thematiques"] == ["sante--sante-sexuelle"]
    assert cegidd["publics"] == ["femmes"]
    assert cegidd["frais"] == "gratuit"
    assert cegidd["code_postal"] == "98000"
    assert cegidd["lien_mobilisation"] is None
    assert cegidd["horaires_accueil"] == "Mo-Fr 21:00-02:00; PH off"
    line = next(s for s in services if s["nom"].startswith("AB"))
    assert line["modes_accueil"] == ["a-distance"]
    assert line["code_postal"] is None


def test_the_shipped_schemas_are_the_official_ones() -> None:
    manifest = json.loads(MANIFEST.read_text("utf-8"))
    shared = ROOT / manifest["official_root"]
    for kind in ("structure", "service"):
        official = f"formats/data-inclusion/{kind}.schema.json"
        entry = manifest["files"][official]
        shipped = SCHEMAS / f"{kind}.schema.json"  # what `validator` reads
        assert ROOT / entry["shipped"] == shipped.resolve()
        digest = hashlib.sha256(shipped.read_bytes()).hexdigest()
        assert digest == entry["sha256"], f"{shipped} was changed"
        schema = json.loads(shipped.read_text("utf-8"))
        assert validator(kind).schema == schema  # type: ignore[arg-type]
        if shared.is_dir():  # the team's copy of the official files: the reference is still theirs
            digest = hashlib.sha256((shared / official).read_bytes()).hexdigest()
            assert digest == entry["sha256"], f"{MANIFEST} is stale for {official}"


async def test_import_export_import_changes_nothing(database: Database, tmp_path: Path) -> None:
    await run_import(database, DataInclusion(), SAMPLE, horizon=HORIZON)
    before = {k: (s.updated_at, s.categories) for k, s in (await _imported(database)).items()}
    await _export(database, tmp_path / "di")
    again = await run_import(database, DataInclusion(), tmp_path / "di", horizon=HORIZON)
    assert (again.created, again.updated, again.unchanged, again.withdrawn) == (0, 0, 3, 0)
    assert again.rejected == ()
    after = {k: (s.updated_at, s.categories) for k, s in (await _imported(database)).items()}
    assert after == before


_THEMES = sorted({*CATEGORY_OF_THEME, "sante--sante-sexuelle", "mobilite--preparer-un-permis"})


@given(
    themes=st.lists(st.sampled_from(_THEMES), unique=True),
    networks=st.lists(st.sampled_from(sorted(CATEGORY_OF_NETWORK)), unique=True),
)
def test_categories_read_back_from_their_own_export(themes: list[str], networks: list[str]) -> None:
    first = categories_of({"thematiques": themes}, {"reseaux_porteurs": networks})
    exported_themes = sorted({t for c in first for t in BY_SLUG[c].data_inclusion})
    exported_networks = [c for c in first if c in ("csapa", "caarud")]
    again = categories_of({"thematiques": exported_themes}, {"reseaux_porteurs": exported_networks})
    assert again == first


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (SAMPLE.read_text("utf-8")[:-300], "not valid JSON"),
        ('{"structures": []}', "must hold 'services'"),
        ('"services"', "expected a JSON list"),
        ("[]", "no data-inclusion record could be imported"),
    ],
)
async def test_a_bad_file_is_refused_and_nothing_changes(
    database: Database, tmp_path: Path, content: str, message: str
) -> None:
    await run_import(database, DataInclusion(), SAMPLE, horizon=HORIZON)
    before = {k: s.updated_at for k, s in (await _imported(database)).items()}
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError, match=message):
        await run_import(database, DataInclusion(), bad, horizon=HORIZON)
    assert {k: s.updated_at for k, s in (await _imported(database)).items()} == before


async def test_a_directory_without_services_is_refused(tmp_path: Path, database: Database) -> None:
    (tmp_path / "structures.json").write_text("[]", encoding="utf-8")
    with pytest.raises(ImportFileError, match="no services.json"):
        await run_import(database, DataInclusion(), tmp_path, horizon=HORIZON)


@pytest.mark.usefixtures("command_line_database")
def test_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["import", "data-inclusion", str(SAMPLE), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["created"], len(report["rejected"])) == (3, 2)
    assert main(["export", "data-inclusion", str(tmp_path / "out")]) == 0
    assert "3 public services written" in capsys.readouterr().out
    assert main(["import", "data-inclusion", str(tmp_path / "out")]) == 0
    assert "0 were created, 0 updated, 3 unchanged" in capsys.readouterr().out
    assert main(["export", "hsds", str(tmp_path / "hsds")]) == 0
    assert main(["import", "hsds", str(tmp_path / "hsds"), "--dry-run"]) == 0
    assert "3 would be created" in capsys.readouterr().out
    assert main(["import", "hsds", str(tmp_path / "missing")]) == 1
    assert "refused, nothing imported" in capsys.readouterr().err
