"""The nearest services by travel time along the streets, for a mode.

The straight-line nearest services (GiST KNN, every filter applied) are the candidates; one
Dijkstra from the origin ranks them by travel time, and only the k chosen get their metres (and
way there). No service is nearer along the streets than in a straight line: once the k-th time
is within what the farthest candidate's straight-line distance takes at the mode's top speed,
no service left out could be quicker; until then the pool grows (up to `POOL_MAX`). On foot
and by bike the bound is exact; by car, roads faster than the urban limit make it approximate.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from geo.db import Reader
from geo.directory.queries.schedules import OpenSchedules
from geo.directory.queries.services import nearest_services
from geo.errors import Unreachable as UnreachableError
from geo.streets.network import Snap, Unreachable, metres_from, seconds_from, snap
from geo.streets.routes import dedupe, paths_from
from geo.streets.speeds import BIKE_KMH, CAR_TRAFFIC_FACTOR, URBAN_LIMIT_KMH, WALK_KMH
from geo.values import Audience, Freshness, LonLat, ServiceFilter, ServiceView
from geo.vocab import Mode

POOL_FACTOR = 4
POOL_MIN = 40
POOL_MAX = 400
# The speeds that bound how far a service can be for its travel time: walking and cycling at
# most at their profile speed; by car, the urban limit (roads faster than it make the bound,
# and so the order beyond the pool, approximate).
BOUND_MPS = {
    Mode.FOOT: WALK_KMH / 3.6,
    Mode.BIKE: BIKE_KMH / 3.6,
    Mode.CAR: URBAN_LIMIT_KMH * CAR_TRAFFIC_FACTOR / 3.6,
}


@dataclass(frozen=True, slots=True)
class NetworkNearest:
    """The nearest services by travel time, and how many candidates the mode cannot reach."""

    items: list[ServiceView]
    unreachable: int


@dataclass(frozen=True, slots=True)
class _Candidate:
    view: ServiceView
    point: LonLat
    spot: Snap
    seconds: float


async def _rank(
    reader: Reader, mode: Mode, origin: LonLat, start: Snap, views: list[ServiceView]
) -> tuple[list[_Candidate], int]:
    """Return the reachable candidates quickest first, and how many are unreachable."""
    points = [LonLat(v.record.lon or 0.0, v.record.lat or 0.0) for v in views]
    snaps = await snap(reader, mode, points)
    on_network = [
        (v, p, s) for v, p, s in zip(views, points, snaps, strict=True) if isinstance(s, Snap)
    ]
    if not on_network:  # pgRouting refuses an empty set of targets
        return [], len(views)
    seconds = await seconds_from(
        reader, mode, start, [s for _, _, s in on_network], [origin, *(p for _, p, _ in on_network)]
    )
    ranked = [
        _Candidate(view, point, spot, t + start.access_s + spot.access_s)
        for (view, point, spot), t in zip(on_network, seconds, strict=True)
        if t is not None
    ]
    ranked.sort(key=lambda c: (c.seconds, c.view.record.id))
    return ranked, len(views) - len(ranked)


async def _describe(
    reader: Reader,
    mode: Mode,
    origin: LonLat,
    start: Snap,
    chosen: list[_Candidate],
    with_route: bool,
) -> list[ServiceView]:
    """Return the chosen services with their metres along the network (and the way there)."""
    if not chosen:
        return []
    around = [origin, *(c.point for c in chosen)]
    targets = [c.spot for c in chosen]
    lines: list[tuple[tuple[float, float], ...] | None] = [None] * len(chosen)
    if with_route:
        found = await paths_from(reader, mode, start, targets, around)
        metres = [None if f is None else f[1] for f in found]
        for i, (c, f) in enumerate(zip(chosen, found, strict=True)):
            if f is not None:
                ends = [(origin.lon, origin.lat), *f[2], (c.point.lon, c.point.lat)]
                lines[i] = tuple(dedupe(ends))
    else:
        measured = await metres_from(reader, mode, start, targets, around)
        metres = [None if m is None else m[1] for m in measured]
    items = []
    for c, m, line in zip(chosen, metres, lines, strict=True):
        hidden = c.view.location_hidden
        total = None if m is None else m + start.distance_m + c.spot.distance_m
        items.append(
            dataclasses.replace(
                c.view,
                distance_m=None if hidden else total,
                duration_s=None if hidden else c.seconds,
                route=None if hidden else line,
            )
        )
    return items


async def nearest_by_network(
    reader: Reader,
    *,
    mode: Mode,
    audience: Audience,
    origin: LonLat,
    filters: ServiceFilter,
    at: datetime,
    limit: int,
    freshness: Freshness,
    max_distance_m: float | None = None,
    schedules: OpenSchedules | None = None,
    with_route: bool = False,
) -> NetworkNearest:
    """Return the `limit` services quickest to reach from `origin` by `mode`."""
    [start] = await snap(reader, mode, [origin])
    if isinstance(start, Unreachable):
        raise UnreachableError(f"this position is {start.reason}", mode=mode.value)
    pool = min(POOL_MAX, max(POOL_MIN, POOL_FACTOR * limit))
    while True:
        views = await nearest_services(
            reader,
            audience=audience,
            origin=origin,
            filters=filters,
            at=at,
            limit=pool,
            max_distance_m=max_distance_m,
            schedules=schedules,
            freshness=freshness,
        )
        ranked, unreachable = await _rank(reader, mode, origin, start, views)
        farthest = max((v.distance_m or 0.0 for v in views), default=0.0)
        # A service beyond the pool is at least `farthest` away: no quicker than this.
        settled = len(ranked) >= limit and ranked[limit - 1].seconds * BOUND_MPS[mode] <= farthest
        if len(views) < pool or settled or pool >= POOL_MAX:
            break
        pool = min(POOL_MAX, pool * POOL_FACTOR)
    items = await _describe(reader, mode, origin, start, ranked[:limit], with_route)
    return NetworkNearest(items, unreachable)
