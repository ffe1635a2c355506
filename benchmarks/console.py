"""How fast the console answers a coordinator: an edited round checked by the planner's
validator (what `POST /api/v1/plans/{id}/revisions` computes), and an opening-hours
expression turned into the week it means (what the editor asks as it is typed).

    .venv/bin/python benchmarks/console.py [--seconds 3] [--repeat 40]

For generated weeks of 25 zones × 2 teams, 40 × 3 and 80 × 5, it plans the week, then times
three edits (rounds left as they were, a zone taken out of the first round, an unvisited zone
added to it), and prints the median and slowest time of each; then the week of five typical
expressions. Everything runs in this process: the HTTP and database around them add a few
milliseconds (see benchmarks/web.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.scenarios import generate  # noqa: E402
from geo.directory.hours import HoursRule  # noqa: E402
from geo.directory.hours_week import week_of  # noqa: E402
from geo.planning.scenario_io import scenario_from_dict  # noqa: E402
from planner.edits import RoundEdit, apply_edits  # noqa: E402
from planner.engines import default_engine  # noqa: E402
from planner.model import Round  # noqa: E402
from planner.weekly import Budget, plan_week  # noqa: E402

SIZES = ((25, 2), (40, 3), (80, 5))
EXPRESSIONS = (
    "Mo-Fr 09:00-17:00; PH off",
    "Mo-Su 22:00-02:00",
    "Tu,Th 20:30-23:30; Sa 14:00-18:00",
    "24/7",
    "Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00; PH off",
)


def _edit(r: Round, zones: tuple[str, ...] | None = None) -> RoundEdit:
    return RoundEdit(
        r.team, r.shift.start, zones if zones is not None else tuple(s.zone for s in r.stops)
    )


def _timed(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    spent = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        spent.append((time.perf_counter() - start) * 1000)
    return statistics.median(spent), max(spent)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="planning budget per week")
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args(argv)
    print("zones teams rounds | unchanged ms  remove ms  add ms  (median / slowest)")
    for zones, teams in SIZES:
        scenario = scenario_from_dict(generate(zones, teams, 7))
        plan = plan_week(
            scenario, default_engine(), Budget(iterations=None, seconds=args.seconds, seed=7)
        )
        rounds = plan.rounds
        same = [_edit(r) for r in rounds]
        first = rounds[0]
        fewer = [_edit(first, tuple(s.zone for s in first.stops)[1:]), *same[1:]]
        spare = [u.zone for u in plan.unvisited] or [first.stops[0].zone]
        more = [_edit(first, (*(s.zone for s in first.stops), spare[0])), *same[1:]]
        cells = []
        for edits in (same, fewer, more):
            median, worst = _timed(
                lambda e=edits, s=scenario, r=rounds: apply_edits(s, r, e), args.repeat
            )
            cells.append(f"{median:6.1f} / {worst:6.1f}")
        print(f"{zones:5} {teams:5} {len(rounds):6} | " + "  ".join(cells))
    print()
    print("opening hours -> week (median / slowest ms)")
    monday = date(2026, 12, 14)
    for expression in EXPRESSIONS:
        rule = HoursRule(expression)
        week_of(rule, monday)  # parsed once, as the server's cache keeps it
        median, worst = _timed(lambda r=rule: week_of(r, monday), args.repeat)
        print(f"  {expression:55} {median:6.2f} / {worst:6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
