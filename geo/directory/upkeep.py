"""Keep the precomputed opening ranges ahead of the clock."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from geo.db import Database
from geo.directory.queries.schedules import Horizon, refresh_schedules, stored_horizon

logger = logging.getLogger(__name__)


async def refresh_hours(
    database: Database, *, now: datetime, past_days: int, future_days: int, force: bool = False
) -> int:
    """Move every schedule to the horizon around `now` when the stored one is a day old."""
    target = Horizon.around(now, past_days=past_days, future_days=future_days)
    async with database.session() as session:
        current = await stored_horizon(session)
        if not force and (current is None or current.end >= target.end - timedelta(days=1)):
            return 0
        changed = await refresh_schedules(session, horizon=target)
        await session.commit()
    return changed
