"""Load the bundled demo dataset: `maraude load-demo`."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from importlib import resources
from pathlib import Path

from datasets.drafts_file import read_drafts
from datasets.osm_tiles import build_tiles
from geo.db import Database
from geo.directory.queries.schedules import Horizon
from geo.directory.queries.writes import UpsertCounts, upsert_services

logger = logging.getLogger(__name__)

DEMO_ROADS = "monaco.osm.pbf"
"""The extract whose streets the demo routes on."""

FILES = (
    "national-lines.geojson",
    "monaco-osm-services.geojson",
    "fictitious-services.geojson",
)


def demo_dir() -> Path:
    """Return the folder holding the demo files."""
    return Path(str(resources.files("datasets.demo")))


async def load_demo(
    database: Database, *, horizon: Horizon, tiles_dir: Path | None = None
) -> dict[str, UpsertCounts]:
    """Upsert every demo file in one transaction; re-running changes nothing. The basemap's
    tiles of the demo's streets are built into `tiles_dir` (the default cache without it)."""
    drafts = {name: read_drafts(demo_dir() / name) for name in FILES}
    counts = {}
    async with database.session() as session:
        for name, batch in drafts.items():
            counts[name] = await upsert_services(session, drafts=batch, horizon=horizon)
        await session.commit()
    # The basemap's tiles of the demo's streets (once: they are kept, named after the extract).
    await asyncio.to_thread(build_tiles, demo_dir() / DEMO_ROADS, directory=tiles_dir)
    return counts


def now_horizon(now: datetime, *, past_days: int, future_days: int) -> Horizon:
    """Return the default horizon around `now`."""
    return Horizon.around(now, past_days=past_days, future_days=future_days)
