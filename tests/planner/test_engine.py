"""The routing core: optima proven by enumeration, windows, allowed jobs, determinism."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from planner.engines.combined import CombinedEngine
from planner.engines.pyvrp_engine import PyVRPEngine
from planner.engines.vroom_engine import VroomEngine
from planner.routing import (
    Job,
    RoutingEngine,
    RoutingProblem,
    Vehicle,
    Window,
    evaluate,
    schedule,
)

SEARCHES = [PyVRPEngine, CombinedEngine]
ALL = [PyVRPEngine, VroomEngine, CombinedEngine]


def _line(positions: list[tuple[int, int]]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(math.ceil(math.dist(a, b)) for b in positions) for a in positions)


def _best_by_enumeration(problem: RoutingProblem) -> int:
    """Return the largest prize sum any feasible single route collects (brute force)."""
    vehicle = problem.vehicles[0]
    best = 0
    n = len(problem.jobs)
    for size in range(1, n + 1):
        for order in itertools.permutations(range(n), size):
            found = schedule(problem, vehicle, order)
            if found is not None:
                visits, _ = found
                prize = sum(problem.jobs[v.job].windows[v.window].prize for v in visits)
                best = max(best, prize)
    return best


@pytest.mark.parametrize("engine", SEARCHES)
@pytest.mark.parametrize("seed", range(6))
def test_single_route_finds_the_enumerated_optimum(seed: int, engine: type[RoutingEngine]) -> None:
    rng = random.Random(seed)
    points = [(50, 50)] + [(rng.randint(0, 100), rng.randint(0, 100)) for _ in range(6)]
    matrix = _line(points)
    jobs = []
    for i in range(1, len(points)):
        early = rng.randint(0, 150)
        jobs.append(
            Job(
                location=i,
                service=10,
                windows=(Window(early, early + rng.randint(20, 80), rng.randint(1, 9) * 1000),),
            )
        )
    problem = RoutingProblem(
        durations=(matrix,),
        distances=(matrix,),
        jobs=tuple(jobs),
        vehicles=(Vehicle(start=0, end=0, early=0, late=260),),
    )
    # The combined engine uses VROOM only on a wall-clock budget.
    budget = (1.0, None) if engine is CombinedEngine else (5.0, 2000)
    solution = engine().solve(problem, time_limit=budget[0], seed=1, iterations=budget[1])
    assert solution.feasible
    [route] = solution.routes or [None]
    got = (
        0
        if route is None
        else sum(problem.jobs[v.job].windows[v.window].prize for v in route.visits)
    )
    assert got == _best_by_enumeration(problem)


@pytest.mark.parametrize("engine", ALL)
def test_a_vehicle_never_serves_a_job_it_is_not_allowed(engine: type[RoutingEngine]) -> None:
    matrix = ((0, 10, 10), (10, 0, 5), (10, 5, 0))
    jobs = (Job(1, 5, (Window(0, 100, 50),)), Job(1, 5, (Window(0, 100, 80),)))  # same place
    problem = RoutingProblem(
        durations=(matrix,),
        distances=(matrix,),
        jobs=jobs,
        vehicles=(Vehicle(0, 0, 0, 400, allowed=frozenset({0})),),
    )
    solution = engine().solve(problem, time_limit=2, seed=1, iterations=300)
    served = {v.job for r in solution.routes for v in r.visits}
    assert served == {0}


@pytest.mark.parametrize("engine", SEARCHES)
def test_a_job_takes_its_best_window_when_it_can(engine: type[RoutingEngine]) -> None:
    matrix = ((0, 10), (10, 0))
    job = Job(1, 5, (Window(0, 50, 10), Window(100, 150, 30)))
    problem = RoutingProblem(
        durations=(matrix,),
        distances=(matrix,),
        jobs=(job,),
        vehicles=(Vehicle(0, 0, 0, 400),),
    )
    solution = engine().solve(problem, time_limit=2, seed=1, iterations=300)
    [visit] = solution.routes[0].visits
    assert visit.window == 1
    assert 100 <= visit.start <= 150


@pytest.mark.parametrize("engine", SEARCHES)
def test_same_seed_and_iterations_same_solution(engine: type[RoutingEngine]) -> None:
    rng = random.Random(3)
    points = [(0, 0)] + [(rng.randint(0, 200), rng.randint(0, 200)) for _ in range(25)]
    matrix = _line(points)
    jobs = tuple(Job(i, 5, (Window(0, 1000, rng.randint(1, 9) * 100),)) for i in range(1, 26))
    problem = RoutingProblem(
        durations=(matrix,),
        distances=(matrix,),
        jobs=jobs,
        vehicles=(Vehicle(0, 0, 0, 900, count=2),),
    )
    a = engine().solve(problem, time_limit=30, seed=5, iterations=500)
    b = engine().solve(problem, time_limit=30, seed=5, iterations=500)
    assert a == b


@pytest.mark.parametrize("engine", ALL)
def test_routes_respect_windows_capacity_and_the_fleet(engine: type[RoutingEngine]) -> None:
    rng = random.Random(11)
    points = [(0, 0)] + [(rng.randint(0, 120), rng.randint(0, 120)) for _ in range(30)]
    matrix = _line(points)
    jobs = []
    for i in range(1, 31):
        early = rng.randint(0, 500)
        jobs.append(Job(i, 10, (Window(early, early + 120, rng.randint(1, 9) * 100),), demand=3))
    problem = RoutingProblem(
        durations=(matrix,),
        distances=(matrix,),
        jobs=tuple(jobs),
        vehicles=(Vehicle(0, 0, 0, 800, capacity=20, count=3),),
    )
    solution = engine().solve(problem, time_limit=2, seed=1, iterations=300)
    assert solution.feasible
    assert len(solution.routes) <= 3
    served = [v.job for r in solution.routes for v in r.visits]
    assert len(served) == len(set(served)) > 0
    for r in solution.routes:
        assert sum(problem.jobs[v.job].demand for v in r.visits) <= 20
        assert schedule(problem, problem.vehicles[r.vehicle], [v.job for v in r.visits])
    assert solution.cost == evaluate(problem, solution.routes)


def test_combined_is_never_worse_than_vroom_alone() -> None:
    rng = random.Random(7)
    points = [(0, 0)] + [(rng.randint(0, 150), rng.randint(0, 150)) for _ in range(40)]
    matrix = _line(points)
    jobs = tuple(Job(i, 5, (Window(0, 600, rng.randint(1, 9) * 100),)) for i in range(1, 41))
    problem = RoutingProblem(
        durations=(matrix,),
        distances=(matrix,),
        jobs=jobs,
        vehicles=(Vehicle(0, 0, 0, 500, count=2),),
    )
    quick = VroomEngine().solve(problem, time_limit=2, seed=1)
    both = CombinedEngine().solve(problem, time_limit=2, seed=1)
    assert both.feasible
    assert quick.feasible
    assert evaluate(problem, both.routes) <= evaluate(problem, quick.routes) < 0
