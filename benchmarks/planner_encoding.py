"""Encode the benchmark instances exactly in integers."""

from __future__ import annotations

import math
from dataclasses import dataclass

from benchmarks.instances import SolomonInstance, ToptwInstance, solomon_distance, toptw_distance
from planner.routing import Matrix

Routes = list[list[int]]

VRPTW_SCALE = 1000
TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class Encoded:
    """An instance in integers: node 0 is the depot, nodes 1..n are the customers."""

    name: str
    coords: tuple[tuple[float, float], ...]
    distances: Matrix
    durations: Matrix
    service: tuple[int, ...]
    early: tuple[int, ...]  # start of service (the depot's: the vehicles' departure)
    late: tuple[int, ...]  # latest start of service (the depot's: the latest return)
    profit: tuple[int, ...]
    demand: tuple[int, ...]
    vehicles: int
    capacity: int | None
    optional: bool  # TOPTW: customers optional with profits; VRPTW: all required

    @property
    def size(self) -> int:
        """Return the number of nodes, depot included."""
        return len(self.coords)


def exact(value: float, scale: int, what: str) -> int:
    """Return `value * scale` as an integer, refusing values it would round."""
    scaled = value * scale
    n = round(scaled)
    if abs(scaled - n) > TOLERANCE:
        raise ValueError(f"{what} {value} is not a multiple of 1/{scale}")
    return n


def encode_toptw(inst: ToptwInstance, teams: int) -> Encoded:
    """Encode a TOPTW instance exactly, in units of 10**-decimals, for `teams` paths."""
    scale = 10**inst.decimals
    depot = inst.depot
    points = [(depot.x, depot.y)] + [(c.x, c.y) for c in inst.customers]
    matrix = tuple(
        tuple(exact(toptw_distance(a, b, inst.decimals), scale, "distance") for b in points)
        for a in points
    )
    cs = inst.customers
    return Encoded(
        name=inst.name,
        coords=tuple(points),
        distances=matrix,
        durations=matrix,
        service=(0, *(exact(c.service, scale, "service") for c in cs)),
        early=tuple(exact(t, scale, "time") for t in (depot.open, *(c.open for c in cs))),
        late=tuple(exact(t, scale, "time") for t in (depot.close, *(c.close for c in cs))),
        profit=(0, *(exact(c.profit, 1, "profit") for c in cs)),
        demand=(0,) * len(points),
        vehicles=teams,
        capacity=None,
        optional=True,
    )


def ceil_scaled(dx: float, dy: float, scale: int) -> int:
    """Return ceil(scale * hypot(dx, dy)), exactly when dx and dy are integers."""
    if dx.is_integer() and dy.is_integer():
        n = (int(dx) ** 2 + int(dy) ** 2) * scale * scale
        return 0 if n == 0 else math.isqrt(n - 1) + 1
    return math.ceil(math.hypot(dx, dy) * scale)


def encode_vrptw(inst: SolomonInstance, name: str) -> Encoded:
    """Encode a Solomon instance in thousandths: distances rounded, durations rounded up."""
    s = VRPTW_SCALE
    depot, cs = inst.depot, inst.customers
    points = [(depot.x, depot.y)] + [(c.x, c.y) for c in cs]
    return Encoded(
        name=name,
        coords=tuple(points),
        distances=tuple(tuple(round(solomon_distance(a, b) * s) for b in points) for a in points),
        durations=tuple(
            tuple(ceil_scaled(b[0] - a[0], b[1] - a[1], s) for b in points) for a in points
        ),
        service=(0, *(exact(c.service, s, "service") for c in cs)),
        early=tuple(exact(t, s, "time") for t in (depot.ready, *(c.ready for c in cs))),
        late=tuple(exact(t, s, "time") for t in (depot.due, *(c.due for c in cs))),
        profit=(0,) * len(points),
        demand=(0, *(c.demand for c in cs)),
        vehicles=inst.vehicles,
        capacity=inst.capacity,
        optional=False,
    )
