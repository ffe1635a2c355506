"""What a round sheet lists beside the round: the services open near each stop while the
team is there, the national lines, the alerts in force over the round's zones, what to pack.

Read here, beside the sheet, rather than in `geo.planning`: planning, alerts and reports are
domains that do not import one another, and only the sheet brings them together.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from geo.alerts import queries as alert_queries
from geo.db import Reader
from geo.directory.queries.services import nearest_services, phone_lines
from geo.planning.rounds import RoundView, StopView
from geo.reports import queries as report_queries
from geo.streets.basemap import StreetLine, street_lines
from geo.values import Audience, BBox, Freshness, OpenMatch, ServiceFilter, ServiceView
from geo.vocab import Material

NEARBY_METRES = 500
"""How far from a stop a service is worth naming on the sheet (a few minutes' walk)."""
NEARBY_LIMIT = 5
MAP_ASPECT = 1.55
"""The sheet's map is about this many times as wide as it is high (170 by 110 mm)."""
MAP_MARGIN = 1.5
"""How much more than the round (or its surroundings) the street query covers, each way."""
MIN_HALF_HEIGHT_DEG = 0.002
"""A round of one stop still shows a few streets around it (about 200 m each way)."""
WALKWAYS_UP_TO_DEG2 = 0.001
"""Boxes up to about 3 by 3 km show walkers' ways; up to 10 by 10 km the streets; beyond,
only the main roads, so that a car round's sheet stays light."""
STREETS_UP_TO_DEG2 = 0.01


@dataclass(frozen=True, slots=True)
class RoundAlert:
    """An alert in force when the round's shift starts, and the round's zones in its area."""

    messages: Mapping[str, Mapping[str, str]]
    """Headline, description and instruction by language (French always)."""
    zones: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RoundFacts:
    """What a round sheet lists beside the round itself."""

    nearby: tuple[tuple[ServiceView, ...], ...]
    """For each stop, the services open near it while the team is there, nearest first."""
    lines: tuple[tuple[str, str], ...]
    """The national phone lines: name and number."""
    alerts: tuple[RoundAlert, ...]
    pack: tuple[tuple[Material, int], ...]
    """Pieces of each item to take, from the last weeks' reports on these zones."""
    streets: tuple[StreetLine, ...] = ()
    """The streets the round's map shows around it (none where no street network is loaded)."""


def map_box(points: Sequence[tuple[float, float]]) -> BBox:
    """Return the box (with margins) that the sheet's map shows around these (lon, lat)."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    cx, cy = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    k = math.cos(math.radians(cy))  # a degree of longitude is this many of latitude
    half_h = max((max(lats) - min(lats)) / 2, (max(lons) - min(lons)) * k / 2 / MAP_ASPECT)
    half_h = max(half_h, MIN_HALF_HEIGHT_DEG) * MAP_MARGIN
    half_w = half_h * MAP_ASPECT / k
    return BBox(
        max(cx - half_w, -180.0),
        max(cy - half_h, -90.0),
        min(cx + half_w, 180.0),
        min(cy + half_h, 90.0),
    )


async def round_streets(reader: Reader, round_: RoundView) -> tuple[StreetLine, ...]:
    """Return the streets the round's map shows, fewer kinds the larger the area."""
    box = map_box(round_.drawn)
    area = (box.east - box.west) * (box.north - box.south)
    least = 0 if area <= WALKWAYS_UP_TO_DEG2 else 1 if area <= STREETS_UP_TO_DEG2 else 2
    return await street_lines(reader, bbox=box, least=least)


async def _nearby(reader: Reader, stop: StopView, freshness: Freshness) -> tuple[ServiceView, ...]:
    if stop.online:  # visited from the office: no service to walk to from there
        return ()
    found = await nearest_services(
        reader,
        audience=Audience.MEMBER,
        origin=stop.position,
        # Known to be open while the team is there: the sheet is printed for that hour.
        filters=ServiceFilter(open_at=stop.start, open_match=OpenMatch.KNOWN),
        at=stop.start,
        limit=NEARBY_LIMIT,
        max_distance_m=NEARBY_METRES,
        freshness=freshness,
    )
    return tuple(found)


async def _alerts(
    session: AsyncSession, *, owner: uuid.UUID, round_: RoundView
) -> tuple[RoundAlert, ...]:
    zone_ids = {s.zone_id for s in round_.stops}
    active = await alert_queries.active_alerts(session, at=round_.shift_start)
    touched = await alert_queries.zones_touched(session, active, association_id=owner)
    found = []
    for alert in active:
        hit = tuple(name for zone, name in touched[alert.id] if str(zone) in zone_ids)
        if hit:  # an alert over none of the round's zones is another round's concern
            found.append(RoundAlert(alert.messages, hit))
    return tuple(found)


async def round_facts(
    session: AsyncSession,
    reader: Reader,
    *,
    owner: uuid.UUID,
    round_: RoundView,
    freshness: Freshness,
) -> RoundFacts:
    """Return what the round sheet lists beside the round."""
    # Alerts and reports are the association's rows: its session. The directory is no
    # association's: the reader, as every other directory read.
    nearby = tuple([await _nearby(reader, stop, freshness) for stop in round_.stops])
    lines = tuple(await phone_lines(reader))
    alerts = await _alerts(session, owner=owner, round_=round_)
    pack = await report_queries.pack_list(
        session,
        owner=owner,
        zone_ids=[s.zone_id for s in round_.stops],
        today=round_.shift_start.date(),
    )
    return RoundFacts(
        nearby=nearby,
        lines=lines,
        alerts=alerts,
        pack=tuple((Material(item), n) for item, n in pack.items()),
        streets=await round_streets(reader, round_),
    )
