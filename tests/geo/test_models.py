"""Each domain keeps its tables in its own module: importing one alone must bring every table
its foreign keys point to (a worker imports the planning tables without the accounts')."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOMAINS = sorted(p.parent.name for p in (ROOT / "geo").glob("*/models.py"))

CHECK = """
import importlib, sys
importlib.import_module(sys.argv[1])
from geo.base import Base
for table in Base.metadata.tables.values():
    for key in table.foreign_keys:
        key.column  # raises NoReferencedTableError when the target table is not loaded
"""


def test_every_domain_has_its_models() -> None:
    assert {"accounts", "alerts", "directory", "planning", "reports", "streets", "zones"} <= set(
        DOMAINS
    )


@pytest.mark.parametrize("domain", DOMAINS)
def test_a_domain_s_tables_alone_resolve_their_foreign_keys(domain: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHECK, f"geo.{domain}.models"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-800:]
