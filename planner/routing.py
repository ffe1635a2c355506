"""The routing core behind one interface: vehicles, jobs with time windows and prizes.

A routing problem is generic: integer matrices per profile, jobs that may be optional (with
prizes) and have several alternative start windows, vehicles with a time window, depots, an
optional capacity and the set of jobs they may serve. Weekly rounds, TOPTW and VRPTW
benchmarks are all expressed in it; engines (PyVRP, …) adapt it to their own model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

Matrix = tuple[tuple[int, ...], ...]


@dataclass(frozen=True, slots=True)
class Window:
    """Allowed start of service [early, late], and the prize for serving the job in it."""

    early: int
    late: int
    prize: int = 0


@dataclass(frozen=True, slots=True)
class Job:
    """A place to serve once, in one of its windows."""

    location: int
    service: int
    windows: tuple[Window, ...]
    required: bool = False
    demand: int = 0


@dataclass(frozen=True, slots=True)
class Vehicle:
    """A vehicle (or a team's shift): depots, working window, profile, allowed jobs."""

    start: int
    end: int
    early: int
    late: int
    profile: int = 0
    capacity: int | None = None
    allowed: frozenset[int] | None = None  # job indices; None: every job
    count: int = 1


@dataclass(frozen=True, slots=True)
class RoutingProblem:
    """Matrices per profile (seconds and metres), jobs, vehicles, and cost weights."""

    durations: tuple[Matrix, ...]
    distances: tuple[Matrix, ...]
    jobs: tuple[Job, ...]
    vehicles: tuple[Vehicle, ...]
    distance_cost: int = 1
    duration_cost: int = 0


@dataclass(frozen=True, slots=True)
class Visit:
    """A job served: which job, in which of its windows, starting when."""

    job: int
    window: int
    start: int


@dataclass(frozen=True, slots=True)
class VehicleRoute:
    """The visits of one vehicle, in order."""

    vehicle: int
    visits: tuple[Visit, ...]


@dataclass(frozen=True, slots=True)
class RoutingSolution:
    """Routes and their cost as `evaluate` counts it; `feasible` is False when the engine
    found no solution meeting every hard constraint (required jobs included)."""

    routes: tuple[VehicleRoute, ...]
    cost: int
    feasible: bool = True


class RoutingEngine(Protocol):
    """Solves routing problems; the same seed and iteration budget give the same solution."""

    name: str

    def solve(
        self,
        problem: RoutingProblem,
        *,
        time_limit: float,
        seed: int,
        iterations: int | None = None,
        initial: Sequence[VehicleRoute] | None = None,
    ) -> RoutingSolution:
        """Return the best solution found within the budget (`time_limit` seconds caps it)."""
        ...


def schedule(
    problem: RoutingProblem, vehicle: Vehicle, jobs: Sequence[int]
) -> tuple[list[Visit], int] | None:
    """Return the earliest feasible visits of `jobs` in order and the return time, or None.

    Each job takes the first of its windows that its arrival can still meet.
    """
    durations = problem.durations[vehicle.profile]
    t, here = vehicle.early, vehicle.start
    visits = []
    for j in jobs:
        job = problem.jobs[j]
        arrive = t + durations[here][job.location]
        options = [(k, w) for k, w in enumerate(job.windows) if arrive <= w.late]
        if not options:
            return None
        k, w = min(options, key=lambda kw: max(arrive, kw[1].early))
        start = max(arrive, w.early)
        visits.append(Visit(j, k, start))
        t, here = start + job.service, job.location
    back = t + durations[here][vehicle.end]
    return (visits, back) if back <= vehicle.late else None


def evaluate(problem: RoutingProblem, routes: Sequence[VehicleRoute]) -> int:
    """Return routes' cost as the engines count it: distance and duration costs, minus the
    prizes collected (lower is better)."""
    total = 0
    for r in routes:
        vehicle = problem.vehicles[r.vehicle]
        durations = problem.durations[vehicle.profile]
        distances = problem.distances[vehicle.profile]
        here = vehicle.start
        for v in r.visits:
            job = problem.jobs[v.job]
            total += problem.distance_cost * distances[here][job.location]
            total += problem.duration_cost * durations[here][job.location]
            total -= job.windows[v.window].prize
            here = job.location
        total += problem.distance_cost * distances[here][vehicle.end]
        total += problem.duration_cost * durations[here][vehicle.end]
    return total
