"""An association's own list through a column mapping: CSV and GeoJSON, idempotence, bad files
and bad mappings refused."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from api.cli import main
from datasets.import_jobs import materialise
from datasets.importing import ImportFileError, run_import
from datasets.tabular import ColumnMapping, MappedFile
from geo.db import Database
from geo.directory.models import Service
from tests.conftest import HORIZON

LISTS = Path(__file__).resolve().parents[1] / "fixtures" / "lists"
MAPPING = LISTS / "riviera-mapping.json"


def _source() -> MappedFile:
    return MappedFile(ColumnMapping.load(MAPPING))


async def _services(database: Database) -> dict[str, Service]:
    async with database.session() as session:
        rows = await session.scalars(select(Service).where(Service.source == "riviera-list"))
        return {s.source_id: s for s in rows}


async def test_a_csv_list_is_mapped_and_reimporting_changes_nothing(database: Database) -> None:
    report = await run_import(database, _source(), LISTS / "riviera.csv", horizon=HORIZON)
    assert (report.created, [r.line for r in report.rejected]) == (3, [5])
    assert "unknown categories: Inconnu" in report.rejected[0].reason
    services = await _services(database)
    port = services["R1"]
    assert port.categories == ["trod", "general-care"]
    assert (port.languages, port.publics) == (["fr", "en", "ro"], ["sex-workers"])
    assert port.conditions == ["free"]
    assert port.timezone == "Europe/Monaco"
    assert services["R3"].geom is None  # a phone line, no place
    again = await run_import(database, _source(), LISTS / "riviera.csv", horizon=HORIZON)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


async def test_the_same_list_in_latin1_and_as_geojson(database: Database, tmp_path: Path) -> None:
    latin = tmp_path / "riviera-latin1.csv"
    latin.write_bytes((LISTS / "riviera.csv").read_text("utf-8").encode("latin-1"))
    await run_import(database, _source(), LISTS / "riviera.csv", horizon=HORIZON)
    again = await run_import(database, _source(), latin, horizon=HORIZON)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    geo = await run_import(database, _source(), LISTS / "riviera.geojson", horizon=HORIZON)
    assert [r.reason for r in geo.rejected] == ["geometry must be a Point or null, not LineString"]
    assert geo.withdrawn == 2  # R2 and R3 are not in the GeoJSON file


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("code,Nom,Type\nR1,Nom,Soins\n", "columns named in the mapping are missing"),
        ((LISTS / "riviera.csv").read_text("utf-8")[:-40], "looks truncated"),
        ('{"type": "Feature"', "not valid JSON"),
        ('{"type": "Feature", "properties": {}}', "not a GeoJSON FeatureCollection"),
    ],
)
async def test_a_bad_list_is_refused_and_nothing_changes(
    database: Database, tmp_path: Path, content: str, message: str
) -> None:
    await run_import(database, _source(), LISTS / "riviera.csv", horizon=HORIZON)
    before = {k: s.updated_at for k, s in (await _services(database)).items()}
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError, match=message):
        await run_import(database, _source(), bad, horizon=HORIZON)
    assert {k: s.updated_at for k, s in (await _services(database)).items()} == before


def test_a_bad_mapping_says_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps({"source": "x", "fields": {"name": "Nom", "colour": "C"}}))
    with pytest.raises(ImportFileError) as e:
        ColumnMapping.load(path)
    assert "'id'" in str(e.value)
    assert "categories" in str(e.value)
    assert "unknown fields: colour" in str(e.value)


@pytest.mark.usefixtures("command_line_database")
def test_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["import", "csv", str(LISTS / "riviera.csv"), "--mapping", str(MAPPING)]
    assert main(args) == 0
    assert "3 were created" in capsys.readouterr().out
    assert main([*args[:3], "--mapping", str(LISTS / "riviera.csv")]) == 1
    assert "not readable JSON" in capsys.readouterr().err


@pytest.mark.parametrize(
    "extra",
    [{"values": [1]}, {"values": {"categories": "x"}}, {"defaults": 5}, {"delimiter": ";;"}],
)
def test_a_mapping_of_the_wrong_shape_is_refused(extra: dict[str, object]) -> None:
    doc = {"source": "s", "id": "code", "fields": {"name": "Nom", "categories": "Type"}, **extra}
    with pytest.raises(ImportFileError, match="mapping m"):
        ColumnMapping(doc, "m")


def test_a_zip_with_two_files_of_one_name_is_refused(tmp_path: Path) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("2024/services.json", "[]")
        z.writestr("2025/services.json", "[]")
    with pytest.raises(ImportFileError, match="two files named services.json"):
        materialise(tmp_path, "hsds", "x.zip", archive.getvalue())
    with pytest.raises(ImportFileError, match="not a readable zip"):
        materialise(tmp_path, "hsds", "x.zip", b"PK\x03\x04 not really")


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path: Path) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("services.json", b"\0" * (600 * 1024**2))  # 600 MiB of zeros, < 1 MiB packed
    assert len(archive.getvalue()) < 1024**2
    with pytest.raises(ImportFileError, match="512 MiB"):
        materialise(tmp_path, "hsds", "x.zip", archive.getvalue())
    assert not (tmp_path / "upload").exists()  # nothing written


def test_a_zip_of_too_many_entries_is_refused_before_anything_is_unpacked(
    tmp_path: Path,
) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        for i in range(20_000):
            z.writestr(f"f{i}.csv", b"")
    with pytest.raises(ImportFileError, match="entries"):
        materialise(tmp_path, "hsds", "x.zip", archive.getvalue())
    assert not (tmp_path / "upload").exists()
