"""Precomputed opening ranges: shared per rule, refreshed forward, exact outside the horizon."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from geo.db import Database
from geo.directory.models import OpeningSchedule
from geo.directory.queries.schedules import Horizon, open_schedule_ids, refresh_schedules
from tests.conftest import HORIZON, add, draft


async def test_services_with_the_same_hours_share_one_schedule(database: Database) -> None:
    await add(
        database,
        draft(name="A", opening_hours="Mo-Fr 09:00-17:00"),
        draft(name="B", opening_hours="Mo-Fr 09:00-17:00"),
        draft(
            name="C",
            opening_hours="Mo-Fr 09:00-17:00",
            timezone="Europe/Monaco",
            holiday_country="MC",
        ),
    )
    async with database.session() as session:
        count = await session.scalar(select(func.count()).select_from(OpeningSchedule))
    assert count == 2


async def test_refresh_moves_every_schedule_to_the_new_horizon(database: Database) -> None:
    await add(database, draft(opening_hours="24/7"), draft(opening_hours="Sa 10:00-12:00"))
    later = Horizon(HORIZON.start + timedelta(days=30), HORIZON.end + timedelta(days=30))
    async with database.session() as session:
        assert await refresh_schedules(session, horizon=later) == 2
        assert await refresh_schedules(session, horizon=later) == 0
        upper = await session.scalar(select(func.min(func.upper(OpeningSchedule.horizon))))
        await session.commit()
    assert upper == later.end


async def test_outside_the_horizon_schedules_are_evaluated_in_python(database: Database) -> None:
    await add(
        database, draft(opening_hours="Sa 10:00-12:00"), draft(opening_hours="Su 10:00-12:00")
    )
    saturday = datetime(2028, 1, 15, 11, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert saturday > HORIZON.end
    async with database.session() as session:
        ids = await open_schedule_ids(session, at=saturday)
        names = (
            await session.execute(
                select(OpeningSchedule.opening_hours).where(OpeningSchedule.id.in_(ids))
            )
        ).scalars()
        assert list(names) == ["Sa 10:00-12:00"]
