"""The bundled demo: every category appears, loading twice changes nothing."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from datasets.demo_loader import FILES, demo_dir, load_demo
from geo.categories import SLUGS
from geo.db import Database
from geo.models import Service
from tests.conftest import HORIZON


async def test_demo_loads_once_and_covers_every_category(database: Database) -> None:
    first = await load_demo(database, horizon=HORIZON)
    assert first["monaco-osm-services.geojson"].created == 94
    assert all(c.updated == 0 and c.unchanged == 0 for c in first.values())
    second = await load_demo(database, horizon=HORIZON)
    assert all(c.created == 0 and c.updated == 0 for c in second.values())
    async with database.session() as session:
        rows = (await session.execute(select(func.unnest(Service.categories)).distinct())).all()
        unlocated = await session.scalar(
            select(func.count()).where(Service.geom.is_(None), Service.source == "national-lines")
        )
    assert {r[0] for r in rows} == set(SLUGS)
    assert unlocated == 9


def test_demo_files_carry_their_sources() -> None:
    osm = json.loads((demo_dir() / "monaco-osm-services.geojson").read_text(encoding="utf-8"))
    assert "OpenStreetMap contributors" in osm["attribution"]
    fictitious = json.loads((demo_dir() / "fictitious-services.geojson").read_text("utf-8"))
    assert all("(fictif)" in f["properties"]["name"] for f in fictitious["features"])
    assert (demo_dir() / "SOURCE.md").exists()
    assert len(FILES) == 3
