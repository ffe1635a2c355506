"""Run the solvers on one instance, timing and checking each."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from benchmarks.planner_encoding import TOLERANCE, Encoded, Routes
from benchmarks.planner_scoring import Measure, check, gap
from benchmarks.planner_solvers import solve_ours, solve_pyvrp, solve_vroom


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
