"""Solve an encoded instance with our core, PyVRP or pyvroom."""

from __future__ import annotations

import importlib
from datetime import timedelta
from typing import Any

import numpy as np
import pyvrp
from pyvrp.stop import MaxRuntime

from benchmarks.planner_encoding import Encoded, Routes
from planner.engines import default_engine
from planner.routing import Job, Matrix, RoutingProblem, Vehicle, Window

PRIZE_SCALE = 100_000  # at least; see prize_scale
VROOM_MAX_PRIORITY = 100


def prize_scale(enc: Encoded) -> int:
    """Return the core's prize per unit of profit: above any total distance the routes can have.

    Every route lasts at most the depot's window and travels no faster than one distance unit
    per time unit (TOPTW durations are the distances), so one more unit of profit always beats
    any saving in distance, which the core uses to break ties only.
    """
    longest = enc.vehicles * (enc.late[0] - enc.early[0])
    return max(PRIZE_SCALE, longest + 1)


def core_problem(enc: Encoded) -> RoutingProblem:
    """Return the instance as a routing problem for our core (prizes scaled above distance)."""
    scale = prize_scale(enc)
    jobs = tuple(
        Job(
            location=i,
            service=enc.service[i],
            windows=(Window(enc.early[i], enc.late[i], enc.profit[i] * scale),),
            required=not enc.optional,
            demand=enc.demand[i],
        )
        for i in range(1, enc.size)
    )
    vehicle = Vehicle(
        start=0,
        end=0,
        early=enc.early[0],
        late=enc.late[0],
        capacity=enc.capacity,
        count=enc.vehicles,
    )
    return RoutingProblem(
        durations=(enc.durations,), distances=(enc.distances,), jobs=jobs, vehicles=(vehicle,)
    )


def solve_ours(enc: Encoded, seconds: float, seed: int) -> Routes:
    """Solve with our routing core (default_engine) and return the routes as node ids."""
    problem = core_problem(enc)
    solution = default_engine().solve(problem, time_limit=seconds, seed=seed)
    if not solution.feasible:
        print(f"  !! our core reports its solution to {enc.name} infeasible")
    return [[problem.jobs[v.job].location for v in route.visits] for route in solution.routes]


def int_matrix(matrix: Matrix) -> Any:
    """Return a matrix as a 64-bit integer array (PyVRP's stubs type its shape loosely)."""
    return np.array(matrix, dtype=np.int64)


def pyvrp_data(enc: Encoded) -> pyvrp.ProblemData:
    """Return the instance as a PyVRP user would write it (prize = profit, no distance cost)."""
    load = enc.capacity is not None
    clients = [
        pyvrp.Client(
            location=i,
            delivery=[enc.demand[i]] if load else [],
            service_duration=enc.service[i],
            tw_early=enc.early[i],
            tw_late=enc.late[i],
            prize=enc.profit[i],
            required=not enc.optional,
        )
        for i in range(1, enc.size)
    ]
    vehicle_type = pyvrp.VehicleType(
        num_available=enc.vehicles,
        capacity=[enc.capacity] if enc.capacity is not None else [],
        start_depot=0,
        end_depot=0,
        tw_early=enc.early[0],
        tw_late=enc.late[0],
        unit_distance_cost=0 if enc.optional else 1,
    )
    return pyvrp.ProblemData(
        locations=[pyvrp.Location(x, y) for x, y in enc.coords],
        clients=clients,
        depots=[pyvrp.Depot(location=0, tw_early=enc.early[0], tw_late=enc.late[0])],
        vehicle_types=[vehicle_type],
        distance_matrices=[int_matrix(enc.distances)],
        duration_matrices=[int_matrix(enc.durations)],
    )


def solve_pyvrp(enc: Encoded, seconds: float, seed: int) -> Routes:
    """Solve with PyVRP's defaults and return the routes as node ids."""
    result = pyvrp.solve(pyvrp_data(enc), stop=MaxRuntime(seconds), seed=seed)
    return [
        [activity.idx + 1 for activity in route.schedule() if activity.is_client()]
        for route in result.best.routes()
    ]


def vroom_module() -> Any:
    """Import pyvroom (untyped) at the boundary."""
    return importlib.import_module("vroom")


def vroom_priority(enc: Encoded, node: int) -> int:
    """Return a customer's VROOM priority: its profit (VROOM accepts 0 to 100)."""
    if not enc.optional:
        return 0
    if enc.profit[node] > VROOM_MAX_PRIORITY:
        raise ValueError(f"profit {enc.profit[node]} is above VROOM's largest priority")
    return enc.profit[node]


def vroom_input(enc: Encoded) -> Any:
    """Return the instance as a pyvroom Input: durations, distance costs, priorities."""
    vroom = vroom_module()
    problem = vroom.Input()
    problem.set_durations_matrix(
        profile="car", matrix_input=np.array(enc.durations, dtype=np.uint32)
    )
    problem.set_costs_matrix(profile="car", matrix_input=np.array(enc.distances, dtype=np.uint32))
    capacity = [enc.capacity] if enc.capacity is not None else []
    for k in range(enc.vehicles):
        problem.add_vehicle(
            vroom.Vehicle(
                k + 1,
                start=0,
                end=0,
                profile="car",
                capacity=capacity,
                time_window=vroom.TimeWindow(enc.early[0], enc.late[0]),
            )
        )
    for i in range(1, enc.size):
        problem.add_job(
            vroom.Job(
                i,
                location=i,
                default_service=enc.service[i],
                delivery=vroom.Amount([enc.demand[i]] if capacity else []),
                time_windows=[vroom.TimeWindow(enc.early[i], enc.late[i])],
                priority=vroom_priority(enc, i),
            )
        )
    return problem


def solve_vroom(enc: Encoded, seconds: float) -> Routes:
    """Solve with pyvroom (exploration level 5, one thread) and return the routes."""
    solution = vroom_input(enc).solve(
        exploration_level=5, nb_threads=1, timeout=timedelta(seconds=seconds)
    )
    routes = solution.to_dict()["routes"]
    return [[int(s["id"]) for s in r["steps"] if s["type"] == "job"] for r in routes]
