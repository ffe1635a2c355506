"""Opening schedules: distinct hours rules with their open intervals precomputed in SQL.

Filtering "open at t" over a million services cannot evaluate `opening_hours` row by row. Each
distinct (expression, time zone, holiday country) is evaluated once over a horizon of days, one
`opening_interval` row per open interval; a GiST lookup finds the schedules open at t, and a
service is open when its schedule is and no closure of its own covers t. Outside the horizon,
schedules are evaluated in Python instead.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.dialects.postgresql import Range, insert
from sqlalchemy.ext.asyncio import AsyncSession

from geo.db import Reader
from geo.directory.hours import HoursRule, is_open, open_intervals
from geo.directory.models import OpeningInterval, OpeningSchedule

logger = logging.getLogger(__name__)

# Serialises horizon refreshes between workers and processes.
_REFRESH_LOCK = 7_314_001


@dataclass(frozen=True, slots=True)
class Horizon:
    """The span [start, end) over which every schedule's open ranges are stored."""

    start: datetime
    end: datetime

    def covers(self, at: datetime) -> bool:
        """Return True when `at` lies inside the horizon."""
        return self.start <= at < self.end

    @classmethod
    def around(cls, now: datetime, *, past_days: int, future_days: int) -> Horizon:
        """Return the horizon of whole UTC days around `now`."""
        day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        return cls(day - timedelta(days=past_days), day + timedelta(days=future_days))


_FILL = text(
    "INSERT INTO opening_interval (schedule_id, during) "
    "SELECT :sid, tstzrange(lo, hi, '[)') FROM unnest(CAST(:los AS timestamptz[]), "
    "CAST(:his AS timestamptz[])) AS t(lo, hi)"
)


async def _fill(session: AsyncSession, schedule_id: int, rule: HoursRule, horizon: Horizon) -> None:
    """Store the rule's open intervals over the horizon for one schedule."""
    spans = open_intervals(rule, horizon.start, horizon.end)
    params = {"sid": schedule_id, "los": [lo for lo, _ in spans], "his": [hi for _, hi in spans]}
    await session.execute(_FILL, params)


async def stored_horizon(session: Reader) -> Horizon | None:
    """Return the span every stored schedule covers, or None when there is none."""
    row = (
        await session.execute(
            select(
                func.max(func.lower(OpeningSchedule.horizon)),
                func.min(func.upper(OpeningSchedule.horizon)),
            )
        )
    ).one()
    if row[0] is None or row[1] is None:
        return None
    return Horizon(row[0], row[1])


async def ensure_schedules(
    session: AsyncSession, *, rules: Iterable[HoursRule], default: Horizon
) -> dict[HoursRule, int]:
    """Return the schedule id of each rule, computing the missing ones."""
    wanted = set(rules)
    if not wanted:
        return {}
    ids = await _schedule_ids(session, wanted)
    missing = wanted - ids.keys()
    if missing:
        horizon = await stored_horizon(session) or default
        for r in sorted(missing, key=lambda r: (r.expression, r.timezone, r.country)):
            sid = await session.scalar(
                insert(OpeningSchedule)
                .values(
                    opening_hours=r.expression,
                    timezone=r.timezone,
                    holiday_country=r.country,
                    horizon=Range(horizon.start, horizon.end, bounds="[)"),
                )
                .on_conflict_do_nothing()
                .returning(OpeningSchedule.id)
            )
            if sid is not None:  # another transaction may have added it meanwhile
                await _fill(session, sid, r, horizon)
        ids.update(await _schedule_ids(session, missing))
    return ids


async def _schedule_ids(session: AsyncSession, rules: set[HoursRule]) -> dict[HoursRule, int]:
    expressions = sorted({r.expression for r in rules})
    rows = await session.execute(
        select(
            OpeningSchedule.id,
            OpeningSchedule.opening_hours,
            OpeningSchedule.timezone,
            OpeningSchedule.holiday_country,
        ).where(OpeningSchedule.opening_hours.in_(expressions))
    )
    out = {}
    for sid, expr, zone, country in rows:
        rule = HoursRule(expr, zone, country)
        if rule in rules:
            out[rule] = sid
    return out


async def refresh_schedules(session: AsyncSession, *, horizon: Horizon) -> int:
    """Recompute every schedule whose stored horizon differs; return how many changed."""
    await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _REFRESH_LOCK})
    target = Range(horizon.start, horizon.end, bounds="[)")
    rows = await session.execute(
        select(
            OpeningSchedule.id,
            OpeningSchedule.opening_hours,
            OpeningSchedule.timezone,
            OpeningSchedule.holiday_country,
        ).where(OpeningSchedule.horizon != target)
    )
    changed = 0
    started = time.perf_counter()
    for sid, expr, zone, country in rows.all():
        await session.execute(delete(OpeningInterval).where(OpeningInterval.schedule_id == sid))
        await _fill(session, sid, HoursRule(expr, zone, country), horizon)
        await session.execute(
            update(OpeningSchedule).where(OpeningSchedule.id == sid).values(horizon=target)
        )
        changed += 1
    if changed:
        logger.info(
            "refreshed %d opening schedules to %s..%s in %.1f s",
            changed,
            horizon.start.date(),
            horizon.end.date(),
            time.perf_counter() - started,
        )
    return changed


async def _outside_horizon(session: Reader, at: datetime) -> list[int]:
    """Evaluate in Python the schedules whose stored horizon does not contain `at`."""
    rows = await session.execute(
        select(
            OpeningSchedule.id,
            OpeningSchedule.opening_hours,
            OpeningSchedule.timezone,
            OpeningSchedule.holiday_country,
        ).where(~OpeningSchedule.horizon.contains(at))
    )
    return [sid for sid, expr, zone, country in rows if is_open(HoursRule(expr, zone, country), at)]


async def open_schedule_ids(session: Reader, *, at: datetime) -> list[int]:
    """Return the ids of the schedules open at `at`: stored intervals, else Python."""
    inside = await session.execute(
        select(OpeningInterval.schedule_id)
        .join(OpeningSchedule, OpeningSchedule.id == OpeningInterval.schedule_id)
        .where(OpeningInterval.during.contains(at), OpeningSchedule.horizon.contains(at))
        .distinct()
    )
    return sorted([*inside.scalars(), *await _outside_horizon(session, at)])


class OpenSchedules:
    """The schedules open at a given minute, remembered for up to a minute per process.

    States change on whole minutes, so one answer serves every request of a minute; a
    schedule added meanwhile is seen within `ttl_s` seconds.
    """

    def __init__(self, ttl_s: float = 60.0, size: int = 32) -> None:
        self._ttl = ttl_s
        self._size = size
        self._known: dict[datetime, tuple[float, list[int]]] = {}

    async def at(self, session: Reader, at: datetime) -> list[int]:
        """Return the ids of the schedules open at `at`."""
        minute = at.astimezone(UTC).replace(second=0, microsecond=0)
        now = time.monotonic()
        known = self._known.get(minute)
        if known is not None and now - known[0] <= self._ttl:
            return known[1]
        ids = await open_schedule_ids(session, at=minute)
        if len(self._known) >= self._size:
            self._known.clear()
        self._known[minute] = (now, ids)
        return ids

    def forget(self) -> None:
        """Drop every remembered answer (after a refresh)."""
        self._known.clear()
