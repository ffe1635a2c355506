"""CSV exports never hand a spreadsheet a formula to run, and read back what was exported."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from datasets.cells import neutralised, restored
from datasets.exporting import ExportFormat, run_export
from datasets.hsds import Hsds
from datasets.importing import run_import
from geo.db import Database
from tests.conftest import HORIZON, add, draft

HOSTILE = [
    '=HYPERLINK("http://evil.example","aide")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
PLAIN = ["+33 1 45 67 89 00", "-12.5", "15", "Centre = accueil", "'quoted'", ""]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_formula_is_written_as_text_and_read_back(text: str) -> None:
    cell = neutralised(text)
    assert cell.startswith("'")
    assert restored(cell) == text


@pytest.mark.parametrize("text", PLAIN)
def test_ordinary_text_and_phone_numbers_are_left_alone(text: str) -> None:
    assert neutralised(text) == text
    assert restored(text) == text


async def test_the_hsds_tables_hold_no_formula_and_read_back_exactly(
    database: Database, tmp_path: Path
) -> None:
    name = '=HYPERLINK("http://evil.example","aide")'
    await add(database, draft(name=name, phone="+33 1 45 67 89 00", source_id="f1"))
    await run_export(database, ExportFormat.HSDS, tmp_path)
    with (tmp_path / "services.csv").open(newline="", encoding="utf-8") as f:
        cells = [cell for row in csv.reader(f) for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "@")]
    assert f"'{name}" in cells
    with (tmp_path / "phones.csv").open(newline="", encoding="utf-8") as f:
        assert "+33 1 45 67 89 00" in {cell for row in csv.reader(f) for cell in row}
    report = await run_import(database, Hsds(), tmp_path, horizon=HORIZON)
    assert report.created == 1
    again = await run_import(database, Hsds(), tmp_path / "services.json", horizon=HORIZON)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
