"""The nearest services by travel time along the streets, for a mode.

The straight-line nearest services (GiST KNN, every filter applied) are the candidates; the
network orders them. No service is nearer along the streets than in a straight line, so once
the k-th result's network distance is within the farthest candidate's straight-line distance,
no service left out could be nearer; until then the pool grows (up to `POOL_MAX`). At one
speed (on foot) nearer means quicker; by car, where speeds vary, a service beyond the pool
could in principle be quicker to reach.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from geo.db import Reader
from geo.errors import Unreachable as UnreachableError
from geo.network import Snap, Unreachable, dedupe, paths_from, snap
from geo.queries.schedules import OpenSchedules
from geo.queries.services import nearest_services
from geo.values import Audience, LonLat, ServiceFilter, ServiceView
from geo.vocab import Mode

POOL_FACTOR = 4
POOL_MIN = 20
POOL_MAX = 400


@dataclass(frozen=True, slots=True)
class NetworkNearest:
    """The nearest services by travel time, and how many candidates the mode cannot reach."""

    items: list[ServiceView]
    unreachable: int


@dataclass(frozen=True, slots=True)
class _Reached:
    view: ServiceView
    seconds: float
    metres: float
    line: tuple[tuple[float, float], ...]


async def _reach(
    reader: Reader, mode: Mode, origin: LonLat, start: Snap, views: list[ServiceView]
) -> tuple[list[_Reached], int]:
    points = [LonLat(v.record.lon or 0.0, v.record.lat or 0.0) for v in views]
    snaps = await snap(reader, mode, points)
    targets = [(v, p, s) for v, p, s in zip(views, points, snaps, strict=True)
               if isinstance(s, Snap)]  # fmt: skip
    found = await paths_from(
        reader, mode, start, [s for _, _, s in targets], [origin, *(p for _, p, _ in targets)]
    )
    reached = []
    for (view, point, target), path in zip(targets, found, strict=True):
        if path is None:
            continue
        seconds, metres, line = path
        coords = dedupe([(origin.lon, origin.lat), *line, (point.lon, point.lat)])
        reached.append(_Reached(
            view, seconds + start.access_s + target.access_s,
            metres + start.distance_m + target.distance_m, tuple(coords),
        ))  # fmt: skip
    return reached, len(views) - len(reached)


async def nearest_by_network(
    reader: Reader,
    *,
    mode: Mode,
    audience: Audience,
    origin: LonLat,
    filters: ServiceFilter,
    at: datetime,
    limit: int,
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
            reader, audience=audience, origin=origin, filters=filters, at=at, limit=pool,
            max_distance_m=max_distance_m, schedules=schedules,
        )  # fmt: skip
        reached, unreachable = await _reach(reader, mode, origin, start, views)
        reached.sort(key=lambda r: (r.seconds, r.view.record.id))
        exhausted = len(views) < pool
        farthest = max((v.distance_m or 0.0 for v in views), default=0.0)
        settled = len(reached) >= limit and reached[limit - 1].metres <= farthest
        if exhausted or settled or pool >= POOL_MAX:
            break
        pool = min(POOL_MAX, pool * POOL_FACTOR)
    items = []
    for r in reached[:limit]:
        hidden = r.view.location_hidden
        items.append(dataclasses.replace(
            r.view,
            distance_m=None if hidden else r.metres,
            duration_s=None if hidden else r.seconds,
            route=r.line if with_route and not hidden else None,
        ))  # fmt: skip
    return NetworkNearest(items, unreachable)
