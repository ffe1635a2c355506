"""Benchmark small-count suppression on public statistics tables.

    .venv/bin/python benchmarks/suppression.py [--months 12] [--seed 1]

For tables of 10, 30, 100 and 300 areas (communes) × `--months` periods, a quarter of the
counts small (1–10), half zero, the rest 11–200 — sparse outreach data — prints the time to
decide what is published and how many counts end hidden (small ones and those hidden so
that no small one can be worked out). One public statistics request computes one table per
indicator (35).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.reports.suppression import Shown, suppress  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for areas in (10, 30, 100, 300):
        table = [
            [
                rng.choice([0, 0, rng.randint(1, 10), rng.randint(11, 200)])
                for _ in range(args.months)
            ]
            for _ in range(areas)
        ]
        started = time.perf_counter()
        result = suppress(table)
        seconds = time.perf_counter() - started
        cells = [h for row in result.cells for h in row]
        small = sum(h is Shown.SMALL for h in cells)
        hidden = sum(h is Shown.HIDDEN for h in cells)
        print(
            f"{areas:4d} areas × {args.months} periods: {seconds:6.2f} s, "
            f"{small} shown <11 and {hidden} hidden of {len(cells)} counts"
        )


if __name__ == "__main__":
    main()
