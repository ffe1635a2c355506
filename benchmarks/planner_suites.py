"""Run the TOPTW and VRPTW suites on the benchmark instances."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.instances import (
    read_solomon,
    read_solomon_bks,
    read_toptw,
    read_toptw_bks,
    solomon_instances,
    toptw_instances,
)
from benchmarks.planner_encoding import encode_toptw, encode_vrptw
from benchmarks.planner_runs import Config, Row, selected, solve_all
from benchmarks.planner_scoring import TOPTW, VRPTW
from benchmarks.planner_tables import (
    fmt,
    print_header,
    print_row,
    print_stats,
    print_targets,
    row_dict,
    stats,
    write_solutions,
    write_summary,
)

TOPTW_KINDS_USED = ("solomon100_type1", "cordeau_pr01-10")
MULTI_TEAMS = (2, 3, 4)
TOPTW_MEAN_GAP, TOPTW_WORST_GAP, VRPTW_MEAN_GAP = 0.2, 2.0, 0.3


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
