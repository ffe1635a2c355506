"""PyVRP as a routing engine: iterated local search for VRP variants with prizes and windows.

A job with several windows becomes one PyVRP client per window in a mutually exclusive client
group. Jobs a vehicle may not serve are made unreachable in a profile of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyvrp
from pyvrp.search import NeighbourhoodParams, PerturbationParams
from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria, StoppingCriterion

from planner.routing import (
    RoutingProblem,
    RoutingSolution,
    Vehicle,
    VehicleRoute,
    Visit,
    evaluate,
)

# Large enough that a forbidden arc always costs more than anything it could gain, small
# enough to add up without overflowing 64-bit integers.
UNREACHABLE = 10**9


class _Model:
    """The PyVRP data of a problem and the way back to the problem's jobs and vehicles."""

    def __init__(self, problem: RoutingProblem) -> None:
        self.problem = problem
        depots = sorted({v.start for v in problem.vehicles} | {v.end for v in problem.vehicles})
        self.depot_index = {loc: i for i, loc in enumerate(depots)}
        # Depots first, then one location per job (a copy when jobs share a place), so that
        # a job can be closed to a vehicle without closing another job, or a depot, there.
        locations = [*depots, *(j.location for j in problem.jobs)]
        self.job_location = {j: len(depots) + j for j in range(len(problem.jobs))}
        self.clients: list[tuple[int, int]] = []  # (job, window) per PyVRP client
        clients: list[pyvrp.Client] = []
        groups: list[pyvrp.ClientGroup] = []
        for j, job in enumerate(problem.jobs):
            many = len(job.windows) > 1
            group = len(groups) if many else None
            members = []
            for k, w in enumerate(job.windows):
                members.append(len(self.clients))
                self.clients.append((j, k))
                clients.append(
                    pyvrp.Client(
                        location=self.job_location[j],
                        delivery=[job.demand] if self._capacitated else [],
                        service_duration=job.service,
                        tw_early=w.early,
                        tw_late=w.late,
                        prize=w.prize,
                        required=job.required and not many,
                        group=group,
                    )
                )
            if many:
                groups.append(pyvrp.ClientGroup(members, required=job.required))
        self.profiles: list[tuple[int, frozenset[int] | None]] = []
        vehicle_types = [self._vehicle_type(v) for v in problem.vehicles]
        durations, distances = self._matrices(locations)
        self.data = pyvrp.ProblemData(
            locations=[pyvrp.Location(0.0, 0.0) for _ in locations],
            clients=clients,
            depots=[pyvrp.Depot(location=i) for i in range(len(depots))],
            vehicle_types=vehicle_types,
            distance_matrices=distances,
            duration_matrices=durations,
            groups=groups,
        )

    @property
    def _capacitated(self) -> bool:
        return any(v.capacity is not None for v in self.problem.vehicles)

    def _profile(self, vehicle: Vehicle) -> int:
        key = (vehicle.profile, vehicle.allowed)
        if key not in self.profiles:
            self.profiles.append(key)
        return self.profiles.index(key)

    def _vehicle_type(self, v: Vehicle) -> pyvrp.VehicleType:
        return pyvrp.VehicleType(
            num_available=v.count,
            capacity=[v.capacity] if v.capacity is not None else [],
            start_depot=self.depot_index[v.start],
            end_depot=self.depot_index[v.end],
            tw_early=v.early,
            tw_late=v.late,
            unit_distance_cost=self.problem.distance_cost,
            unit_duration_cost=self.problem.duration_cost,
            profile=self._profile(v),
        )

    def _matrices(self, locations: list[int]) -> tuple[list[Any], list[Any]]:
        durations: list[Any] = []
        distances: list[Any] = []
        idx = np.array(locations)
        for base, allowed in self.profiles:
            dur = np.array(self.problem.durations[base], dtype=np.int64)[np.ix_(idx, idx)]
            dist = np.array(self.problem.distances[base], dtype=np.int64)[np.ix_(idx, idx)]
            if allowed is not None:
                jobs = range(len(self.problem.jobs))
                closed = [self.job_location[j] for j in jobs if j not in allowed]
                dur[:, closed] = UNREACHABLE
                dist[:, closed] = UNREACHABLE
                np.fill_diagonal(dur, 0)
                np.fill_diagonal(dist, 0)
            durations.append(dur)
            distances.append(dist)
        return durations, distances

    def solution(self, routes: Sequence[VehicleRoute]) -> pyvrp.Solution:
        """Translate routes into a PyVRP solution (a warm start)."""
        by_job_window = {jw: c for c, jw in enumerate(self.clients)}
        translated = [
            pyvrp.Route(self.data, [by_job_window[(v.job, v.window)] for v in r.visits], r.vehicle)
            for r in routes
            if r.visits
        ]
        return pyvrp.Solution(self.data, translated)

    def routes(self, solution: pyvrp.Solution) -> tuple[VehicleRoute, ...]:
        """Translate a PyVRP solution back into routes of jobs and windows."""
        out = []
        for route in solution.routes():
            visits = []
            for activity in route.schedule():
                if activity.is_client():
                    job, window = self.clients[activity.idx]
                    visits.append(Visit(job, window, int(activity.start_time)))
            # Vehicle types map one to one onto the problem's vehicles.
            out.append(VehicleRoute(route.vehicle_type(), tuple(visits)))
        return tuple(out)


class PyVRPEngine:
    """Routing with PyVRP's iterated local search."""

    name = "pyvrp"

    def solve(
        self,
        problem: RoutingProblem,
        *,
        time_limit: float,
        seed: int,
        iterations: int | None = None,
        initial: Sequence[VehicleRoute] | None = None,
    ) -> RoutingSolution:
        """Solve within `time_limit` seconds (and `iterations`, when given).

        With prizes (orienteering), the budget is split over two searches of different seeds,
        the second starting from the first's best: prize-collecting searches stall in local
        optima a restart often leaves, and the warm start keeps the second no worse.
        """
        if not problem.jobs:
            return RoutingSolution(routes=(), cost=0)
        model = _Model(problem)
        params, phases = _params(problem)
        best = model.solution(initial) if initial else None
        for phase in range(phases):
            result = pyvrp.solve(
                model.data,
                stop=_stop(time_limit / phases, iterations // phases if iterations else None),
                seed=seed + phase,
                collect_stats=False,
                initial_solution=best if best is not None and best.is_feasible() else None,
                params=params,
            )
            if best is None or _better(result.best, best, model):
                best = result.best
        assert best is not None
        routes = model.routes(best)
        return RoutingSolution(
            routes=routes,
            cost=evaluate(problem, routes) if best.is_feasible() else UNREACHABLE**2,
            feasible=best.is_feasible(),
        )


def _stop(seconds: float, iterations: int | None) -> StoppingCriterion:
    criteria: list[StoppingCriterion] = [MaxRuntime(max(seconds, 0.01))]
    if iterations is not None:
        criteria.append(MaxIterations(max(1, iterations)))
    return MultipleCriteria(criteria) if len(criteria) > 1 else criteria[0]


def _cost(solution: pyvrp.Solution, model: _Model) -> float:
    """Return a feasible solution's objective (costs and uncollected prizes)."""
    evaluator = pyvrp.CostEvaluator([0.0] * model.data.num_load_dimensions, 0.0, 0.0)
    return float(evaluator.cost(solution))


def _better(candidate: pyvrp.Solution, incumbent: pyvrp.Solution, model: _Model) -> bool:
    if candidate.is_feasible() != incumbent.is_feasible():
        return bool(candidate.is_feasible())
    return _cost(candidate, model) < _cost(incumbent, model)


def _params(problem: RoutingProblem) -> tuple[pyvrp.SolveParams, int]:
    """Return the search parameters and the number of searches for a problem.

    Make any violation cost more than the largest prize could repay.

    PyVRP adapts its penalties from a low start; with prizes far above them it would keep
    serving one more job late. Starting the penalties above the largest prize keeps the
    search feasible while prizes still rank solutions.
    """
    top = max((w.prize for j in problem.jobs for w in j.windows), default=0)
    if top == 0:
        return pyvrp.SolveParams(), 1
    floor = float(top + 1)
    # Measured on the TOPTW benchmark: stronger perturbations and every client as a
    # neighbour (orienteering routes are short, the candidate list long) leave fewer
    # local optima.
    return (
        pyvrp.SolveParams(
            penalty=pyvrp.PenaltyParams(min_penalty=floor, max_penalty=floor * 100),
            perturbation=PerturbationParams(3, 40),
            neighbourhood=NeighbourhoodParams(num_neighbours=min(100, len(problem.jobs))),
        ),
        2,
    )
