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
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.instances import data_dir  # noqa: E402
from benchmarks.planner_runs import Config  # noqa: E402
from benchmarks.planner_solvers import vroom_module  # noqa: E402
from benchmarks.planner_suites import suite_toptw1, suite_toptw_multi, suite_vrptw  # noqa: E402
from benchmarks.planner_tables import TIME_TARGET  # noqa: E402
from benchmarks.planner_weekly import (  # noqa: E402
    WEEKLY_SIZES,
    WEEKLY_TARGET_SECONDS,
    suite_weekly,
)

SUITES = ("toptw1", "toptw-multi", "vrptw", "weekly")
DEFAULT_OUT = ROOT / "benchmarks" / "out"


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
