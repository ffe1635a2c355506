"""Load the bundled demo dataset: `maraude load-demo`."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import update

from datasets.drafts_file import read_drafts
from datasets.osm_tiles import build_tiles
from geo.db import Database
from geo.directory.drafts import ServiceDraft
from geo.directory.models import Service
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


DATED_AS_OF = date(2026, 11, 29)
"""The day the demo's records were last checked: loaded on another day, every date moves by
as much, so the demo is as fresh (and its one stale service as stale) whenever it is loaded."""

FULL_TONIGHT = "Foyer d'hébergement d'urgence pour femmes (fictif)"
"""The demo's shelter that says, for a night, that it is full."""


def _as_of(drafts: list[ServiceDraft], today: date) -> list[ServiceDraft]:
    shift = today - DATED_AS_OF
    return [
        d.model_copy(update={"last_verified": d.last_verified + shift}) if d.last_verified else d
        for d in drafts
    ]


def _full_tonight(now: datetime) -> dict[str, Any]:
    """A night's saturation and its message, until 08:00 (Paris) the next morning."""
    paris = ZoneInfo("Europe/Paris")
    morning = datetime.combine(now.astimezone(paris).date() + timedelta(days=1), time(8), paris)
    return {
        "saturated_until": morning,
        "temporary_message": {
            "text": {
                "fr": "Complet ce soir : appelez le 115 pour une autre place.",
                "en": "Full tonight: call 115 for another place.",
            },
            "start": None,
            "end": morning.isoformat(),
        },
    }


def demo_dir() -> Path:
    """Return the folder holding the demo files."""
    return Path(str(resources.files("datasets.demo")))


async def load_demo(
    database: Database, *, horizon: Horizon, tiles_dir: Path | None = None
) -> dict[str, UpsertCounts]:
    """Upsert every demo file in one transaction; re-running changes nothing. The basemap's
    tiles of the demo's streets are built into `tiles_dir` (the default cache without it)."""
    now = datetime.now(UTC)
    drafts = {name: _as_of(read_drafts(demo_dir() / name), now.date()) for name in FILES}
    counts = {}
    async with database.session() as session:
        for name, batch in drafts.items():
            counts[name] = await upsert_services(session, drafts=batch, horizon=horizon)
        await session.execute(
            update(Service).where(Service.name == FULL_TONIGHT).values(**_full_tonight(now))
        )
        await session.commit()
    # The basemap's tiles of the demo's streets (once: they are kept, named after the extract).
    await asyncio.to_thread(build_tiles, demo_dir() / DEMO_ROADS, directory=tiles_dir)
    return counts


def now_horizon(now: datetime, *, past_days: int, future_days: int) -> Horizon:
    """Return the default horizon around `now`."""
    return Horizon.around(now, past_days=past_days, future_days=future_days)
