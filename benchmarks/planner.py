"""Benchmark the routing core against proven optima, best-known solutions, PyVRP and pyvroom.

    .venv/bin/python benchmarks/planner.py [--suite toptw1 toptw-multi vrptw weekly]
        [--seconds 10] [--seed 1] [--only c101 pr01 ...] [--out DIR] [--skip-baselines]
        [--weekly-seconds 60] [--weekly-sizes 50x3 150x4 500x8]

Suites, on the instances in `../shared/data/benchmarks/` (each solver gets the same instance,
the same integer data and the same time limit, one after the other):

- toptw1: TOPTW with one team (`toptw/solomon100_type1`, `cordeau_pr01-10`) against the proven
  optima of `toptw_bks_m1.csv`; instances without one are shown beside the baselines only.
- toptw-multi: the same instances with 2, 3 and 4 teams: scores side by side.
- vrptw: Solomon VRPTW 100, distance objective (unrounded Euclidean), against the `_distance`
  best-known costs of `BKS.json`.
- weekly: generated weekly scenarios (`benchmarks/scenarios.py`) planned by `plan_week`.

Every solution is checked here with exact integer arithmetic (any violation is printed) and
written to `--out` (default `benchmarks/out/`), one JSON per instance and solver, with a
`summary.json` per suite.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import math
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pyvrp
from pyvrp.stop import MaxRuntime

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.instances import (  # noqa: E402
    SolomonInstance,
    ToptwInstance,
    data_dir,
    read_solomon,
    read_solomon_bks,
    read_toptw,
    read_toptw_bks,
    solomon_distance,
    solomon_instances,
    toptw_distance,
    toptw_instances,
)
from benchmarks.scenarios import generate  # noqa: E402
from geo.scenario_io import plan_to_dict, scenario_from_dict  # noqa: E402
from planner.engines import default_engine  # noqa: E402
from planner.routing import Job, Matrix, RoutingProblem, Vehicle, Window  # noqa: E402
from planner.validate import violations  # noqa: E402
from planner.weekly import Budget, plan_week  # noqa: E402

Routes = list[list[int]]

SUITES = ("toptw1", "toptw-multi", "vrptw", "weekly")
TOPTW_KINDS_USED = ("solomon100_type1", "cordeau_pr01-10")
MULTI_TEAMS = (2, 3, 4)
PRIZE_SCALE = 100_000  # at least; see prize_scale
VRPTW_SCALE = 1000
VROOM_MAX_PRIORITY = 100
WEEKLY_SIZES = ((50, 3), (150, 4), (500, 8))
WEEKLY_TARGET = (150, 4)
WEEKLY_TARGET_SECONDS = 60.0
TIME_TARGET = 10.0
TIME_SLACK = 1.05  # the per-instance time target allows 5 % for encoding and decoding
TOPTW_MEAN_GAP, TOPTW_WORST_GAP, VRPTW_MEAN_GAP = 0.2, 2.0, 0.3
TOLERANCE = 1e-6
DEFAULT_OUT = ROOT / "benchmarks" / "out"


# --- instances in integers ---------------------------------------------------------------------


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


# --- checking and scoring ----------------------------------------------------------------------


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


# --- solvers -----------------------------------------------------------------------------------


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


# --- running -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Config:
    """What the run was asked for."""

    seconds: float
    seed: int
    baselines: bool
    out: Path
    only: frozenset[str] | None


@dataclass(slots=True)
class Outcome:
    """One solver's answer on one instance: routes, objective, time, and any violation."""

    solver: str
    routes: Routes
    objective: float | None
    seconds: float
    errors: list[str]

    @property
    def feasible(self) -> bool:
        """Return whether the routes break no rule (and the solver did not fail)."""
        return not self.errors and self.objective is not None


@dataclass(slots=True)
class Row:
    """An instance of a suite: its reference value (None: none proven) and the outcomes."""

    instance: str
    vehicles: int  # TOPTW: teams (paths); VRPTW: the fleet size
    reference: float | None
    outcomes: dict[str, Outcome] = field(default_factory=dict)

    def best(self, measure: Measure) -> float | None:
        """Return the best feasible objective among the solvers."""
        values = [o.objective for o in self.outcomes.values() if o.feasible]
        found = [v for v in values if v is not None]
        if not found:
            return None
        return max(found) if measure.maximise else min(found)

    def gap(self, solver: str, measure: Measure) -> float | None:
        """Return a solver's gap to the reference (else the best found); inf: infeasible."""
        outcome = self.outcomes.get(solver)
        if outcome is None:
            return None
        reference = self.reference if self.reference is not None else self.best(measure)
        if not outcome.feasible or outcome.objective is None or reference is None:
            return math.inf
        return gap(outcome.objective, reference, measure.maximise)

    def worse_than_pyvrp(self, measure: Measure) -> bool:
        """Return whether our core did worse than feasible PyVRP on this instance."""
        ours, theirs = self.outcomes.get("ours"), self.outcomes.get("pyvrp")
        if theirs is None or not theirs.feasible or theirs.objective is None:
            return False
        if ours is None or not ours.feasible or ours.objective is None:
            return True
        return gap(ours.objective, theirs.objective, measure.maximise) > TOLERANCE


def run_solver(name: str, solve: Callable[[], Routes], enc: Encoded, measure: Measure) -> Outcome:
    """Run one solver, time it, check its routes and print any violation loudly."""
    start = time.perf_counter()
    try:
        routes = [route for route in solve() if route]
    except Exception as exc:  # a baseline that fails must say why, not stop the run
        seconds = time.perf_counter() - start
        print(f"  !! {name} FAILED on {enc.name}: {type(exc).__name__}: {exc}")
        return Outcome(name, [], None, seconds, [f"failed: {type(exc).__name__}: {exc}"])
    seconds = time.perf_counter() - start
    errors = check(enc, routes)
    for error in errors:
        print(f"  !! INFEASIBLE {name} on {enc.name} (m={enc.vehicles}): {error}")
    return Outcome(name, routes, measure.objective(enc, routes), seconds, errors)


def solve_all(enc: Encoded, config: Config, measure: Measure) -> dict[str, Outcome]:
    """Run our core and, unless skipped, PyVRP and pyvroom on the same data and time."""
    tasks: dict[str, Callable[[], Routes]] = {
        "ours": partial(solve_ours, enc, config.seconds, config.seed)
    }
    if config.baselines:
        tasks["pyvrp"] = partial(solve_pyvrp, enc, config.seconds, config.seed)
        tasks["vroom"] = partial(solve_vroom, enc, config.seconds)
    return {name: run_solver(name, task, enc, measure) for name, task in tasks.items()}


def selected(names: Sequence[str], config: Config) -> list[str]:
    """Return the names `--only` keeps."""
    return [n for n in names if config.only is None or n.lower() in config.only]


# --- output ------------------------------------------------------------------------------------


def fmt(value: float | None, digits: int) -> str:
    """Format an objective, or '-' when there is none."""
    return "-" if value is None else f"{value:.{digits}f}"


def fmt_gap(value: float | None) -> str:
    """Format a gap in %, 'INF!' for an infeasible or failed solution."""
    if value is None:
        return "-"
    if math.isinf(value):
        return "INF!"
    return "0.00" if abs(value) < 0.005 else f"{value:.2f}"  # no "-0.00" below a rounded BKS


def print_header(title: str, reference: str) -> None:
    """Print a suite's title and column names."""
    print(f"\n== {title}")
    print(
        f"{'instance':<10} {reference:>9} | {'ours':>9} {'gap%':>6} {'s':>5} | "
        f"{'PyVRP':>9} {'gap%':>6} {'s':>5} | {'VROOM':>9} {'gap%':>6} {'s':>5}"
    )


def print_row(row: Row, measure: Measure) -> None:
    """Print one instance: reference, then each solver's objective, gap and seconds."""
    cells = []
    for solver in ("ours", "pyvrp", "vroom"):
        o = row.outcomes.get(solver)
        value = fmt(o.objective if o else None, measure.digits)
        mark = "" if o is None or o.feasible else "!"
        seconds = f"{o.seconds:.1f}" if o else "-"
        cells.append(f"{value + mark:>9} {fmt_gap(row.gap(solver, measure)):>6} {seconds:>5}")
    flag = "  < worse than PyVRP" if row.worse_than_pyvrp(measure) else ""
    reference = fmt(row.reference, measure.digits)
    print(f"{row.instance:<10} {reference:>9} | " + " | ".join(cells) + flag, flush=True)


def write_solutions(out: Path, stem: str, row: Row) -> None:
    """Write each solver's solution of an instance as `{stem}.{solver}.json`."""
    out.mkdir(parents=True, exist_ok=True)
    for solver, o in row.outcomes.items():
        document = {
            "instance": row.instance,
            "vehicles": row.vehicles,
            "solver": solver,
            "routes": o.routes,
            "objective": o.objective,
            "feasible": o.feasible,
            "errors": o.errors,
            "seconds": round(o.seconds, 3),
        }
        (out / f"{stem}.{solver}.json").write_text(json.dumps(document) + "\n")


def row_dict(row: Row, measure: Measure) -> dict[str, Any]:
    """Return a row for the summary JSON."""
    return {
        "instance": row.instance,
        "vehicles": row.vehicles,
        "reference": row.reference,
        "solvers": {
            s: {
                "objective": o.objective,
                "feasible": o.feasible,
                "seconds": round(o.seconds, 3),
                "gap": row.gap(s, measure),
            }
            for s, o in row.outcomes.items()
        },
    }


def jsonable(value: Any) -> Any:
    """Return `value` with infinite floats (infeasible gaps) replaced by None."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def write_summary(out: Path, summary: dict[str, Any]) -> None:
    """Write a suite's summary JSON (infinite gaps as null)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "summary.json").write_text(json.dumps(jsonable(summary), indent=1) + "\n")


def verdict(ok: bool) -> str:
    """Return PASS or FAIL."""
    return "PASS" if ok else "FAIL"


def target(label: str, value: str, ok: bool) -> None:
    """Print one target line."""
    print(f"  target {label:<34} {value:>12}  {verdict(ok)}")


# --- summaries ---------------------------------------------------------------------------------


def stats(rows: Sequence[Row], measure: Measure) -> dict[str, Any]:
    """Return our mean and worst gap (over rows with a reference), times and PyVRP losses."""
    gaps = [r.gap("ours", measure) for r in rows if r.reference is not None]
    known = [g for g in gaps if g is not None]
    seconds = [r.outcomes["ours"].seconds for r in rows]
    return {
        "instances": len(rows),
        "with_reference": len(known),
        "mean_gap": statistics.fmean(known) if known else None,
        "worst_gap": max(known) if known else None,
        "mean_seconds": statistics.fmean(seconds) if seconds else None,
        "max_seconds": max(seconds) if seconds else None,
        "worse_than_pyvrp": [r.instance for r in rows if r.worse_than_pyvrp(measure)],
        "infeasible": [
            f"{r.instance}/{s}" for r in rows for s, o in r.outcomes.items() if not o.feasible
        ],
        "baselines": any("pyvrp" in r.outcomes for r in rows),
    }


def print_stats(s: dict[str, Any]) -> None:
    """Print the summary lines shared by every instance suite."""
    print(
        f"  ours: mean gap {fmt_gap(s['mean_gap'])} %, worst {fmt_gap(s['worst_gap'])} % over "
        f"{s['with_reference']} instances with a reference; mean {fmt(s['mean_seconds'], 2)} s,"
        f" max {fmt(s['max_seconds'], 2)} s per instance"
    )
    if s["baselines"]:
        worse = s["worse_than_pyvrp"]
        print(f"  worse than PyVRP on {len(worse)} instances {' '.join(worse)}".rstrip())
    infeasible = s["infeasible"]
    print(f"  infeasible or failed: {len(infeasible)} {' '.join(infeasible)}".rstrip())


def print_targets(s: dict[str, Any], mean_gap: float, worst_gap: float | None) -> None:
    """Print the targets of a suite with PASS or FAIL."""
    mean = s["mean_gap"]
    target(f"mean gap <= {mean_gap} %", f"{fmt_gap(mean)} %", mean is not None and mean <= mean_gap)
    if worst_gap is not None:
        worst = s["worst_gap"]
        ok = worst is not None and worst <= worst_gap
        target(f"worst gap <= {worst_gap} %", f"{fmt_gap(worst)} %", ok)
    longest = s["max_seconds"]
    ok = longest is not None and longest <= TIME_TARGET * TIME_SLACK
    target(f"<= {TIME_TARGET:g} s per instance (+5 %)", f"{fmt(longest, 2)} s", ok)
    if s["baselines"]:
        worse = len(s["worse_than_pyvrp"])
        target("no instance worse than PyVRP", str(worse), worse == 0)
    else:
        print("  target no instance worse than PyVRP: not measured (--skip-baselines)")


# --- suites ------------------------------------------------------------------------------------


def toptw_files(config: Config) -> list[Path]:
    """Return the TOPTW instance files of the suites, filtered by `--only`."""
    paths = [p for kind in TOPTW_KINDS_USED for p in toptw_instances(kind)]
    keep = set(selected([p.stem for p in paths], config))
    return [p for p in paths if p.stem in keep]


def suite_toptw1(root: Path, config: Config) -> dict[str, Any]:
    """Run TOPTW with one team against the proven optima."""
    optima = read_toptw_bks(root / "toptw" / "toptw_bks_m1.csv")
    print_header("TOPTW, one team (score; gap to the proven optimum, else to the best)", "optimum")
    rows = []
    for path in toptw_files(config):
        inst = read_toptw(path)
        score, proven = optima.get(inst.name, (0, False))
        row = Row(inst.name, 1, float(score) if proven else None)
        row.outcomes = solve_all(encode_toptw(inst, 1), config, TOPTW)
        print_row(row, TOPTW)
        write_solutions(config.out / "toptw1", inst.name, row)
        rows.append(row)
    s = stats(rows, TOPTW)
    print_stats(s)
    print_targets(s, TOPTW_MEAN_GAP, TOPTW_WORST_GAP)
    summary = {"suite": "toptw1", **s, "rows": [row_dict(r, TOPTW) for r in rows]}
    write_summary(config.out / "toptw1", summary)
    return summary


def multi_stats(rows: Sequence[Row]) -> dict[str, Any]:
    """Return how our scores compare with the baselines' over rows of one team count."""
    s = stats(rows, TOPTW)
    for solver in ("pyvrp", "vroom"):
        pairs = [
            (r.outcomes["ours"].objective or 0.0, r.outcomes[solver].objective or 0.0)
            for r in rows
            if solver in r.outcomes and r.outcomes[solver].feasible and r.outcomes["ours"].feasible
        ]
        s[f"vs_{solver}"] = {
            "better": sum(a > b for a, b in pairs),
            "equal": sum(a == b for a, b in pairs),
            "worse": sum(a < b for a, b in pairs),
            "total_ours": sum(a for a, _ in pairs),
            "total_theirs": sum(b for _, b in pairs),
        }
    return s


def print_multi(teams: int, s: dict[str, Any]) -> None:
    """Print the summary of one team count."""
    print(f"  m={teams}: mean {fmt(s['mean_seconds'], 2)} s, max {fmt(s['max_seconds'], 2)} s")
    if s["baselines"]:
        for solver in ("pyvrp", "vroom"):
            c = s[f"vs_{solver}"]
            print(
                f"  vs {solver}: ours better on {c['better']}, equal on {c['equal']}, worse on "
                f"{c['worse']}; total score {c['total_ours']:.0f} vs {c['total_theirs']:.0f}"
            )
    infeasible = s["infeasible"]
    print(f"  infeasible or failed: {len(infeasible)} {' '.join(infeasible)}".rstrip())


def suite_toptw_multi(config: Config) -> dict[str, Any]:
    """Run TOPTW with 2, 3 and 4 teams: our scores beside PyVRP's and pyvroom's."""
    summary: dict[str, Any] = {"suite": "toptw-multi"}
    files = toptw_files(config)
    for teams in MULTI_TEAMS:
        print_header(f"TOPTW, {teams} teams (score; gap to the best of the three)", "-")
        rows = []
        for path in files:
            inst = read_toptw(path)
            row = Row(inst.name, teams, None)
            row.outcomes = solve_all(encode_toptw(inst, teams), config, TOPTW)
            print_row(row, TOPTW)
            write_solutions(config.out / "toptw-multi", f"{inst.name}-m{teams}", row)
            rows.append(row)
        s = multi_stats(rows)
        print_multi(teams, s)
        summary[f"m{teams}"] = {**s, "rows": [row_dict(r, TOPTW) for r in rows]}
    write_summary(config.out / "toptw-multi", summary)
    return summary


def suite_vrptw(root: Path, config: Config) -> dict[str, Any]:
    """Run Solomon VRPTW 100 (distance objective) against the best-known distances."""
    best = read_solomon_bks(root / "solomon_vrptw" / "BKS.json")
    print_header("Solomon VRPTW, distance (unrounded Euclidean; gap to the BKS)", "BKS")
    paths = {p.stem.lower(): p for p in solomon_instances()}
    rows = []
    for name in selected(list(paths), config):
        enc = encode_vrptw(read_solomon(paths[name]), name)
        row = Row(name, enc.vehicles, best.get(name))
        row.outcomes = solve_all(enc, config, VRPTW)
        print_row(row, VRPTW)
        write_solutions(config.out / "vrptw", name, row)
        rows.append(row)
    s = stats(rows, VRPTW)
    print_stats(s)
    print_targets(s, VRPTW_MEAN_GAP, None)
    summary = {"suite": "vrptw", **s, "rows": [row_dict(r, VRPTW) for r in rows]}
    write_summary(config.out / "vrptw", summary)
    return summary


def weekly_case(zones: int, teams: int, seconds: float, seed: int, out: Path) -> dict[str, Any]:
    """Generate, plan and validate one weekly scenario; print and return the figures."""
    scenario = scenario_from_dict(generate(zones, teams, seed))
    start = time.perf_counter()
    plan = plan_week(
        scenario, default_engine(), Budget(iterations=None, seconds=seconds, seed=seed)
    )
    elapsed = time.perf_counter() - start
    problems = violations(scenario, plan.rounds)
    o = plan.objective
    visits = sum(len(r.stops) for r in plan.rounds)
    print(
        f"{zones:>5} {teams:>5} | {o.required_coverage:>8.3f} {o.night_requirements_met:>6.3f} "
        f"{o.weighted_visits:>8} {o.travel_minutes:>8.0f} | {len(plan.rounds):>6} {visits:>6} "
        f"{len(plan.unvisited):>9} | {elapsed:>6.1f} {'yes' if not problems else 'NO':>5}",
        flush=True,
    )
    for problem in problems[:10]:
        print(f"  !! INVALID plan {scenario.name}: {problem}")
    out.mkdir(parents=True, exist_ok=True)
    document = plan_to_dict(plan, scenario)
    (out / f"{scenario.name}.json").write_text(
        json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    )
    return {
        "scenario": scenario.name,
        "zones": zones,
        "teams": teams,
        "seconds": round(elapsed, 3),
        "valid": not problems,
        "violations": problems,
        "objective": document["objective"],
        "rounds": len(plan.rounds),
        "visits": visits,
        "unvisited": len(plan.unvisited),
    }


def suite_weekly(sizes: Sequence[tuple[int, int]], seconds: float, config: Config) -> None:
    """Plan generated weeks of each size; check the time target and that every plan is valid."""
    print(f"\n== Weekly planner (generated scenarios, seed {config.seed}, budget {seconds:g} s)")
    print(
        f"{'zones':>5} {'teams':>5} | {'coverage':>8} {'night':>6} {'weighted':>8} "
        f"{'travel':>8} | {'rounds':>6} {'visits':>6} {'unvisited':>9} | {'s':>6} {'valid':>5}"
    )
    out = config.out / "weekly"
    cases = [weekly_case(z, t, seconds, config.seed, out) for z, t in sizes]
    timed = [c for c in cases if (c["zones"], c["teams"]) == WEEKLY_TARGET]
    label = f"{WEEKLY_TARGET[0]} zones x {WEEKLY_TARGET[1]} teams <= {WEEKLY_TARGET_SECONDS:g} s"
    if timed:
        ok = timed[0]["seconds"] <= WEEKLY_TARGET_SECONDS
        target(label, f"{timed[0]['seconds']:.1f} s", ok)
    else:
        print(f"  target {label}: not run")
    invalid = sum(not c["valid"] for c in cases)
    target("every plan valid", f"{invalid} invalid", invalid == 0)
    write_summary(out, {"suite": "weekly", "seed": config.seed, "cases": cases})


# --- command line ------------------------------------------------------------------------------


def size(text: str) -> tuple[int, int]:
    """Parse `ZONESxTEAMS`, e.g. 150x4."""
    zones, sep, teams = text.lower().partition("x")
    if not sep or not zones.isdigit() or not teams.isdigit():
        raise argparse.ArgumentTypeError(f"expected ZONESxTEAMS such as 150x4, got {text!r}")
    return int(zones), int(teams)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--suite", nargs="+", choices=SUITES, default=list(SUITES))
    parser.add_argument("--seconds", type=float, default=TIME_TARGET, help="per instance")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", nargs="+", metavar="NAME", help="instances, e.g. c101 pr01")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="solutions directory")
    parser.add_argument("--skip-baselines", action="store_true", help="run our core only")
    parser.add_argument("--weekly-seconds", type=float, default=WEEKLY_TARGET_SECONDS)
    parser.add_argument(
        "--weekly-sizes", nargs="+", type=size, default=list(WEEKLY_SIZES), metavar="ZxT"
    )
    return parser.parse_args(argv)


def report_vroom() -> None:
    """Say why, when pyvroom cannot be imported (its column then shows failures)."""
    try:
        vroom_module()
    except ImportError as exc:
        print(f"!! pyvroom cannot be imported ({exc}): the VROOM column will show failures")


def run_instance_suites(suites: Sequence[str], config: Config) -> None:
    """Run the suites on benchmark instances, or say that the data is absent."""
    root = data_dir()
    if root is None:
        print(
            "The benchmark data (../shared/data/benchmarks next to the repository) is absent: "
            f"skipping {', '.join(suites)}."
        )
        return
    print(f"Time limit {config.seconds:g} s per instance and solver, seed {config.seed}.")
    if "toptw1" in suites:
        suite_toptw1(root, config)
    if "toptw-multi" in suites:
        suite_toptw_multi(config)
    if "vrptw" in suites:
        suite_vrptw(root, config)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen suites and write their solutions and summaries."""
    args = parse_args(argv)
    config = Config(
        seconds=args.seconds,
        seed=args.seed,
        baselines=not args.skip_baselines,
        out=args.out,
        only=frozenset(n.lower() for n in args.only) if args.only else None,
    )
    if config.baselines:
        report_vroom()
    suites = list(dict.fromkeys(args.suite))
    instance_suites = [s for s in suites if s != "weekly"]
    if instance_suites:
        run_instance_suites(instance_suites, config)
    if "weekly" in suites:
        suite_weekly(args.weekly_sizes, args.weekly_seconds, config)
    print(f"\nSolutions and summaries in {config.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
