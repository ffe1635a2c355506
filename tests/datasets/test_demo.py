"""The bundled demo: every category appears, alerts, reports and stock show something,
loading twice changes nothing."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import func, select

from datasets.demo_accounts import load_demo_accounts
from datasets.demo_activity import load_demo_activity
from datasets.demo_loader import FILES, demo_dir, load_demo
from geo.alerts.models import Alert
from geo.db import Database
from geo.directory.categories import SLUGS
from geo.directory.models import Service
from geo.reports.models import StatsCount
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
    assert unlocated == 10  # 15, 17, 18, 112, 114, 115, 119, 3919, 3237, Sida Info Service


def test_demo_files_carry_their_sources() -> None:
    osm = json.loads((demo_dir() / "monaco-osm-services.geojson").read_text(encoding="utf-8"))
    assert "OpenStreetMap contributors" in osm["attribution"]
    fictitious = json.loads((demo_dir() / "fictitious-services.geojson").read_text("utf-8"))
    assert all("(fictif)" in f["properties"]["name"] for f in fictitious["features"])
    assert (demo_dir() / "SOURCE.md").exists()
    assert len(FILES) == 3


async def test_demo_activity_shows_alerts_reports_and_stock_once(database: Database) -> None:
    await load_demo_accounts(database)
    today = date(2026, 12, 14)
    added = await load_demo_activity(database, today=today)
    assert added > 10
    assert await load_demo_activity(database, today=today) == 0
    async with database.tenant(None) as session:
        public = (await session.scalars(select(Alert))).all()
        people = await session.scalar(
            select(func.sum(StatsCount.value)).where(StatsCount.indicator == "people-met")
        )
    assert [a.kind for a in public] == ["equipment-recall"]  # the team alert is not visible
    assert people is not None
    assert people > 0
    async with database.session() as session:
        communes = set((await session.scalars(select(StatsCount.commune))).all())
    assert communes == {"99138", "06104"}
