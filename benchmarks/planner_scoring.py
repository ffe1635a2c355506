"""Check and score routes in the scaled integers."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from benchmarks.instances import solomon_distance
from benchmarks.planner_encoding import Encoded, Routes


def route_errors(enc: Encoded, route: Sequence[int], k: int) -> list[str]:
    """Return what one route breaks: unknown nodes, windows, the return time, the capacity."""
    if any(not 1 <= node < enc.size for node in route):
        return [f"route {k} visits unknown nodes {list(route)}"]
    errors = []
    t, here, load = enc.early[0], 0, 0
    for node in route:
        start = max(t + enc.durations[here][node], enc.early[node])
        if start > enc.late[node]:
            errors.append(f"route {k}: node {node} starts at {start} > {enc.late[node]}")
        t, here, load = start + enc.service[node], node, load + enc.demand[node]
    back = t + enc.durations[here][0]
    if back > enc.late[0]:
        errors.append(f"route {k}: back at the depot at {back} > {enc.late[0]}")
    if enc.capacity is not None and load > enc.capacity:
        errors.append(f"route {k}: load {load} > capacity {enc.capacity}")
    return errors


def check(enc: Encoded, routes: Routes) -> list[str]:
    """Return every rule the routes break (empty: feasible), in the scaled integers."""
    errors = []
    if len(routes) > enc.vehicles:
        errors.append(f"{len(routes)} routes for {enc.vehicles} vehicles")
    served = Counter(node for route in routes for node in route)
    twice = sorted(node for node, n in served.items() if n > 1)
    if twice:
        errors.append(f"customers served more than once: {twice[:10]}")
    if not enc.optional:
        missing = [node for node in range(1, enc.size) if node not in served]
        if missing:
            errors.append(f"{len(missing)} customers not served: {missing[:10]}")
    for k, route in enumerate(routes):
        errors += route_errors(enc, route, k)
    return errors


def toptw_score(enc: Encoded, routes: Routes) -> float:
    """Return the sum of the profits of the customers served."""
    return float(sum(enc.profit[node] for node in {n for route in routes for n in route}))


def travel_distance(enc: Encoded, routes: Routes) -> float:
    """Return the length of the routes in unrounded Euclidean distance, depot legs included."""
    total = 0.0
    for route in routes:
        path = [0, *route, 0]
        total += sum(
            solomon_distance(enc.coords[a], enc.coords[b]) for a, b in itertools.pairwise(path)
        )
    return total


@dataclass(frozen=True, slots=True)
class Measure:
    """How a suite scores routes, and whether greater is better."""

    objective: Callable[[Encoded, Routes], float]
    maximise: bool
    digits: int


TOPTW = Measure(toptw_score, maximise=True, digits=0)
VRPTW = Measure(travel_distance, maximise=False, digits=2)


def gap(value: float, reference: float, maximise: bool) -> float:
    """Return how far `value` is from `reference`, in % of it (positive: worse)."""
    if reference == 0:
        return 0.0 if value == reference else math.inf
    worse = reference - value if maximise else value - reference
    return 100.0 * worse / abs(reference)
