"""Plan generated weekly scenarios and check the time target and every plan."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.planner_runs import Config
from benchmarks.planner_tables import target, write_summary
from benchmarks.scenarios import generate
from geo.planning.scenario_io import plan_to_dict, scenario_from_dict
from planner.bound import coverage_bound
from planner.engines import default_engine
from planner.validate import violations
from planner.weekly import Budget, plan_week

WEEKLY_SIZES = ((50, 3), (150, 4), (500, 8))
WEEKLY_TARGET = (150, 4)
WEEKLY_TARGET_SECONDS = 60.0


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
    bound = coverage_bound(scenario)
    gap = bound.required_coverage - o.required_coverage
    visits = sum(len(r.stops) for r in plan.rounds)
    print(
        f"{zones:>5} {teams:>5} | {o.required_coverage:>8.4f} {bound.required_coverage:>6.4f} "
        f"{gap:>6.4f} {o.night_requirements_met:>6.3f} {o.weekend_requirements_met:>6.3f} "
        f"{o.weighted_visits:>8} {o.travel_minutes:>8.0f} | {len(plan.rounds):>6} {visits:>6} "
        f"{len(plan.unvisited):>9} | {elapsed:>6.1f} {bound.seconds:>5.1f} "
        f"{'yes' if not problems else 'NO':>5}",
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
        "coverage_bound": bound.required_coverage,
        "gap": round(gap, 4),
        "rounds": len(plan.rounds),
        "visits": visits,
        "unvisited": len(plan.unvisited),
    }


def suite_weekly(sizes: Sequence[tuple[int, int]], seconds: float, config: Config) -> None:
    """Plan generated weeks of each size; check the time target and that every plan is valid."""
    print(f"\n== Weekly planner (generated scenarios, seed {config.seed}, budget {seconds:g} s)")
    print("  coverage: the plan's required_coverage; bound: no valid plan can cover more")
    print(
        f"{'zones':>5} {'teams':>5} | {'coverage':>8} {'bound':>6} {'gap':>6} {'night':>6} "
        f"{'wkend':>6} {'weighted':>8} {'travel':>8} | {'rounds':>6} {'visits':>6} "
        f"{'unvisited':>9} | {'s':>6} {'lp s':>5} {'valid':>5}"
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
