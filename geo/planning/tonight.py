"""Tonight's rounds: the rounds of an association's kept plans whose shift overlaps a window
around now (the latest plan of each week counts: a week planned again replaces the first)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from geo.planning.models import WeekPlan
from geo.planning.queries import team_labels, zone_names
from geo.planning.rounds import RoundView, plan_view


async def rounds_between(
    session: AsyncSession, *, association_id: uuid.UUID, start: datetime, end: datetime
) -> list[tuple[uuid.UUID, RoundView]]:
    """Return (plan id, round) of the association's rounds whose shift overlaps [start, end),
    by shift start."""
    # Weeks that may hold such a shift whatever the local date: the rounds' own times decide.
    plans = await session.scalars(
        select(WeekPlan)
        .where(
            WeekPlan.association_id == association_id,
            WeekPlan.week_start > start.date() - timedelta(days=8),
            WeekPlan.week_start <= end.date() + timedelta(days=1),
        )
        .order_by(WeekPlan.created_at.desc())
    )
    latest: dict[object, WeekPlan] = {}
    for plan in plans:
        latest.setdefault(plan.week_start, plan)
    if not latest:
        return []
    names = await zone_names(session, association_id=association_id)
    labels = await team_labels(session, association_id=association_id)
    found = []
    for plan in latest.values():
        for r in plan_view(plan, names=names, labels=labels).rounds:
            if r.shift_end > start and r.shift_start < end:
                found.append((plan.id, r))
    return sorted(found, key=lambda pr: (pr[1].shift_start, pr[1].team_label or ""))
