"""Check the coverage bound against plans on many small generated weeks, and show how often
it proves a plan optimal.

    .venv/bin/python benchmarks/weekly_bound.py [--seeds 2 13] [--seconds 8]

For each seed and each size (25 zones × 2 teams, 40 × 3) it plans the week, computes the bound
with rounds as columns and the linear relaxation alone, and prints the three; a plan above
either bound would be a bug in the bound and is flagged (the exit status is then 1).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.scenarios import generate  # noqa: E402
from geo.planning.scenario_io import scenario_from_dict  # noqa: E402
from planner.bound import coverage_bound  # noqa: E402
from planner.engines import default_engine  # noqa: E402
from planner.weekly import Budget, plan_week  # noqa: E402

SIZES = ((25, 2), (40, 3))


def main(argv: Sequence[str] | None = None) -> int:
    """Plan and bound each week; return 1 when a plan is above a bound."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs=2, default=(2, 13), metavar=("FIRST", "LAST"))
    parser.add_argument("--seconds", type=float, default=8.0, help="planning budget per week")
    args = parser.parse_args(argv)
    print("seed zones teams |   plan  bound     LP |")
    above = proven = weeks = 0
    for seed in range(args.seeds[0], args.seeds[1] + 1):
        for zones, teams in SIZES:
            scenario = scenario_from_dict(generate(zones, teams, seed))
            budget = Budget(iterations=None, seconds=args.seconds, seed=seed)
            plan = plan_week(scenario, default_engine(), budget).objective.required_coverage
            bound = coverage_bound(scenario).required_coverage
            relaxation = coverage_bound(scenario, walk_seconds=0).required_coverage
            flag = "PLAN ABOVE THE BOUND" if plan > min(bound, relaxation) else ""
            above += bool(flag)
            proven += round(bound - plan, 4) <= 0.0001
            weeks += 1
            figures = f"{plan:.4f} {bound:.4f} {relaxation:.4f}"
            print(f"{seed:>4} {zones:>5} {teams:>5} | {figures} | {flag}", flush=True)
    print(f"{weeks} weeks: {above} plans above a bound, {proven} proven optimal (within 0.0001)")
    return 1 if above else 0


if __name__ == "__main__":
    raise SystemExit(main())
