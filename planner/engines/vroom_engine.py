"""VROOM (pyvroom) as a routing engine: fast construction and local search, deterministic.

VROOM maximises the sum of job priorities (0–100) before cost, so prizes are mapped onto that
scale; several windows per job are native; jobs a vehicle may not serve become skills.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import numpy as np
import vroom

from planner.routing import (
    RoutingProblem,
    RoutingSolution,
    VehicleRoute,
    evaluate,
    schedule,
)

_UINT32 = 2**32 - 1


def _priority(prize: int, top: int) -> int:
    return 0 if top <= 0 else max(1, min(100, round(100 * prize / top))) if prize > 0 else 0


def _matrix(rows: Any) -> Any:
    return np.minimum(np.array(rows, dtype=np.int64), _UINT32).astype(np.uint32)


def _input(problem: RoutingProblem) -> tuple[Any, list[int]]:
    """Return the VROOM input and, for each VROOM vehicle, the problem's vehicle index."""
    data = vroom.Input()
    for p, (dur, dist) in enumerate(zip(problem.durations, problem.distances, strict=True)):
        data.set_durations_matrix(profile=f"p{p}", matrix_input=_matrix(dur))
        data.set_costs_matrix(profile=f"p{p}", matrix_input=_matrix(dist))
    jobs = range(len(problem.jobs))
    restricted = {
        j for v in problem.vehicles if v.allowed is not None for j in jobs if j not in v.allowed
    }
    owners: list[int] = []
    for i, v in enumerate(problem.vehicles):
        skills = {j for j in restricted if v.allowed is None or j in v.allowed}
        for _ in range(v.count):
            owners.append(i)
            data.add_vehicle(
                vroom.Vehicle(
                    len(owners),
                    start=v.start,
                    end=v.end,
                    profile=f"p{v.profile}",
                    capacity=[v.capacity] if v.capacity is not None else [],
                    time_window=vroom.TimeWindow(v.early, v.late),
                    skills=skills,
                )
            )
    top = max((w.prize for job in problem.jobs for w in job.windows), default=0)
    capacitated = any(v.capacity is not None for v in problem.vehicles)
    for j, job in enumerate(problem.jobs):
        data.add_job(
            vroom.Job(
                j + 1,
                location=job.location,
                default_service=job.service,
                delivery=vroom.Amount([job.demand] if capacitated else []),
                time_windows=[vroom.TimeWindow(w.early, w.late) for w in job.windows],
                priority=_priority(max(w.prize for w in job.windows), top),
                skills={j} if j in restricted else set(),
            )
        )
    return data, owners


class VroomEngine:
    """Routing with VROOM. It takes no seed, and between solutions of equal cost it may pick
    a different one from run to run: not for reproducible plans on its own."""

    name = "vroom"

    def __init__(self, exploration_level: int = 5) -> None:
        self.exploration_level = exploration_level

    def solve(
        self,
        problem: RoutingProblem,
        *,
        time_limit: float,
        seed: int,
        iterations: int | None = None,
        initial: Sequence[VehicleRoute] | None = None,
    ) -> RoutingSolution:
        """Solve once within `time_limit` seconds."""
        del seed, iterations, initial
        if not problem.jobs:
            return RoutingSolution(routes=(), cost=0)
        data, owners = _input(problem)
        solution = data.solve(
            exploration_level=self.exploration_level,
            nb_threads=1,
            timeout=timedelta(seconds=max(time_limit, 0.05)),
        )
        routes = []
        for r in solution.to_dict().get("routes", []):
            vehicle_index = owners[int(r["vehicle"]) - 1]
            jobs = [int(s["id"]) - 1 for s in r["steps"] if s["type"] == "job"]
            scheduled = schedule(problem, problem.vehicles[vehicle_index], jobs)
            if scheduled is None:  # VROOM and our arithmetic disagree: drop the route
                continue
            visits, _ = scheduled
            routes.append(VehicleRoute(vehicle_index, tuple(visits)))
        served = {v.job for r in routes for v in r.visits}
        missing = any(job.required and j not in served for j, job in enumerate(problem.jobs))
        return RoutingSolution(
            routes=tuple(routes), cost=evaluate(problem, routes), feasible=not missing
        )
