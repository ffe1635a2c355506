"""Print the result tables and targets; write the solutions and summaries."""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.planner_runs import Row
from benchmarks.planner_scoring import Measure

TIME_TARGET = 10.0
TIME_SLACK = 1.05  # the per-instance time target allows 5 % for encoding and decoding


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
