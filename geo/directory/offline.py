"""The directory a phone keeps to work with no signal: the public services of a team's area
and the phone lines, each with the intervals when it is open over the next days, so that the
phone can say "open now", "closes at" and "opens tomorrow at" by itself.

Public data only: the services anyone may see (never the professionals' ones), and the
services whose address is confidential as phone lines, with no place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from geo.db import Reader
from geo.directory.hours import HoursRule, open_spans
from geo.directory.queries.rows import SERVICE, col
from geo.directory.queries.services import list_services
from geo.values import Audience, BBox, Freshness, Reach, ServiceFilter, ServiceView

COPY_DAYS = 8
"""How far ahead a copy knows the hours: past this the phone says hours unknown."""
MARGIN_KM = 15.0
"""Around the zones' extent: the services a person may be sent to from the zones' edges."""
MAX_SERVICES = 20_000

Span = tuple[int, int]
"""[start, end) in seconds since the epoch (UTC)."""


@dataclass(frozen=True, slots=True)
class CopiedService:
    """A service as the phone keeps it: what anyone may see, and when it is open."""

    view: ServiceView
    open: tuple[Span, ...] | None
    """When it is open from the copy's time for COPY_DAYS; None when its hours are unknown."""
    unknown: tuple[Span, ...] = ()
    """When its hours say neither open nor closed (`Sa unknown`)."""


@dataclass(frozen=True, slots=True)
class DirectoryCopy:
    """The directory of an area at an instant, until an instant."""

    area: BBox
    zones_area: BBox | None
    """Around the zones themselves (1 km): where street-level tiles matter most."""
    made_at: datetime
    valid_until: datetime
    places: tuple[CopiedService, ...]
    lines: tuple[CopiedService, ...]


def around(extent: tuple[float, float, float, float], margin_km: float = MARGIN_KM) -> BBox:
    """Return the box around an extent, widened by a margin on every side."""
    west, south, east, north = extent
    dlat = margin_km / 111.32
    middle = math.radians((south + north) / 2)
    dlon = margin_km / (111.32 * max(math.cos(middle), 0.01))
    return BBox(
        max(west - dlon, -180.0),
        max(south - dlat, -90.0),
        min(east + dlon, 180.0),
        min(north + dlat, 90.0),
    )


def _copied(view: ServiceView, start: datetime, end: datetime) -> CopiedService:
    r = view.record
    if not r.opening_hours:
        return CopiedService(view, None)
    rule = HoursRule(r.opening_hours, r.timezone, r.holiday_country)
    opened, unknown = open_spans(rule, r.closures, start, end)
    return CopiedService(
        view,
        tuple((int(lo.timestamp()), int(hi.timestamp())) for lo, hi in opened),
        tuple((int(lo.timestamp()), int(hi.timestamp())) for lo, hi in unknown),
    )


async def directory_version(session: Reader) -> tuple[object, ...]:
    """Return what changes when the directory does: its last change and its size."""
    row = (
        await session.execute(
            select(func.max(col("updated_at")), func.count()).select_from(SERVICE)
        )
    ).one()
    return tuple(row)


async def _all(
    session: Reader, filters: ServiceFilter, at: datetime, freshness: Freshness
) -> list[ServiceView]:
    page = await list_services(
        session,
        audience=Audience.PUBLIC,
        filters=filters,
        at=at,
        limit=MAX_SERVICES,
        freshness=freshness,
    )
    return page.items


async def directory_copy(
    session: Reader, *, area: BBox, zones_area: BBox | None, at: datetime, freshness: Freshness
) -> DirectoryCopy:
    """Return the public directory of `area` and the phone lines, as known at `at`."""
    start = at.replace(second=0, microsecond=0)
    end = start + timedelta(days=COPY_DAYS)
    places = await _all(session, ServiceFilter(bbox=area, reach=Reach.PLACE), at, freshness)
    lines = await _all(session, ServiceFilter(reach=Reach.PHONE), at, freshness)
    return DirectoryCopy(
        area=area,
        zones_area=zones_area,
        made_at=at,
        valid_until=end,
        places=tuple(_copied(v, start, end) for v in places),
        lines=tuple(_copied(v, start, end) for v in lines),
    )
