"""Statistics tables: counts by fixed buckets (month or quarter × commune or département ×
indicator), with their totals, suppressed for publication (`geo.suppression`)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from geo.reports.suppression import Shown, suppress
from geo.vocab import UNKNOWN_COMMUNE, departement_of

Table = Mapping[tuple[str, str], int]
"""Counts of one indicator by (area, period)."""


def _shown(value: int, how: Shown) -> int | str | None:
    if how is Shown.VALUE:
        return value
    return "<11" if how is Shown.SMALL else None


def bucketed(
    counts: Mapping[tuple[date, str, str], int], *, period: str, by: str
) -> dict[str, dict[tuple[str, str], int]]:
    """Counts by (month, commune, indicator) added up by indicator, then (area, period)."""
    tables: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    for (month, commune, indicator), value in counts.items():
        tables[indicator][(area_of(by, commune), period_of(period, month))] += value
    return tables


def publish(
    tables: Mapping[str, Table], *, period: str, by: str, order: list[str]
) -> dict[str, Any]:
    """Every indicator's table with its totals, as counted (an association's own)."""
    result: dict[str, Any] = {"period": period, "by": by, "suppressed": False, "tables": []}
    for indicator in [i for i in order if i in tables]:
        counts = tables[indicator]
        areas = sorted({a for a, _ in counts})
        periods = sorted({p for _, p in counts})
        grid = [[counts.get((a, p), 0) for p in periods] for a in areas]
        result["tables"].append(
            {
                "indicator": indicator,
                "cells": [
                    {"area": a, "period": p, "value": grid[i][j]}
                    for i, a in enumerate(areas)
                    for j, p in enumerate(periods)
                ],
                "area_totals": [{"area": a, "value": sum(grid[i])} for i, a in enumerate(areas)],
                "period_totals": [
                    {"period": p, "value": sum(r[j] for r in grid)} for j, p in enumerate(periods)
                ],
                "total": sum(map(sum, grid)),
            }
        )
    return result


def as_csv(published: Mapping[str, Any]) -> str:
    """The same tables as CSV: indicator, period, area, value (`<11` for 1 to 10, `x` for a
    count hidden so that a small one cannot be worked out; `total` in the margins)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["indicator", published["period"], published["by"], "value"])

    def cell(value: Any) -> str:
        return "x" if value is None else str(value)

    for table in published["tables"]:
        name = table["indicator"]
        for c in table["cells"]:
            writer.writerow([name, c["period"], c["area"], cell(c["value"])])
        for c in table["area_totals"]:
            writer.writerow([name, "total", c["area"], cell(c["value"])])
        for c in table["period_totals"]:
            writer.writerow([name, c["period"], "total", cell(c["value"])])
        writer.writerow([name, "total", "total", cell(table["total"])])
    return out.getvalue()


REPORT_WINDOW_DAYS = 62
"""A round is reported within this many days: older periods can no longer change."""


def _quarter_end(month: date) -> date:
    last = ((month.month - 1) // 3) * 3 + 3
    following = date(month.year + 1, 1, 1) if last == 12 else date(month.year, last + 1, 1)
    return following - timedelta(days=1)


def public_tables(
    contributions: Mapping[tuple[date, str, str, Any], int],
    *,
    period: str,
    by: str,
    today: date,
    order: list[str],
) -> dict[str, Any]:
    """The open-data tables: complete quarters closed for reports only (so nothing published
    ever changes, and no one can watch a report arrive); each indicator suppressed once, as
    months × communes with each contributor's part known to it; the quarter and département
    views added up from that one table's published counts (a sum is shown only when all its
    parts are), so no view tells more than another."""
    cutoff = today - timedelta(days=REPORT_WINDOW_DAYS)
    fine: dict[str, dict[tuple[str, date], dict[Any, int]]] = defaultdict(lambda: defaultdict(dict))
    for (month, commune, indicator, contributor), value in contributions.items():
        if _quarter_end(month) < cutoff and value:
            fine[indicator][(commune, month)][contributor] = value
    result: dict[str, Any] = {"period": period, "by": by, "suppressed": True, "tables": []}
    for indicator in [i for i in order if i in fine]:
        result["tables"].append(_public_table(indicator, fine[indicator], period=period, by=by))
    return result


def _public_table(
    indicator: str, parts: Mapping[tuple[str, date], Mapping[Any, int]], *, period: str, by: str
) -> dict[str, Any]:
    communes = sorted({c for c, _ in parts})
    months = sorted({m for _, m in parts})
    contributors = sorted({k for p in parts.values() for k in p}, key=str)
    grid = [[sum(parts.get((c, m), {}).values()) for m in months] for c in communes]
    shares = [
        [[parts.get((c, m), {}).get(k, 0) for m in months] for c in communes] for k in contributors
    ]
    how = suppress(grid, shares if len(contributors) > 1 else ())

    exact = by == "commune" and period == "month"

    def add(values: list[tuple[int, Shown]]) -> int | str | None:
        return _added(values, exact=exact)

    cells: dict[tuple[str, str], list[tuple[int, Shown]]] = defaultdict(list)
    for i, c in enumerate(communes):
        for j, m in enumerate(months):
            cells[(area_of(by, c), period_of(period, m))].append((grid[i][j], how.cells[i][j]))
    rows: dict[str, list[tuple[int, Shown]]] = defaultdict(list)
    for i, c in enumerate(communes):
        rows[area_of(by, c)].append((sum(grid[i]), how.rows[i]))
    columns: dict[str, list[tuple[int, Shown]]] = defaultdict(list)
    for j, m in enumerate(months):
        columns[period_of(period, m)].append((sum(r[j] for r in grid), how.columns[j]))
    return {
        "indicator": indicator,
        "cells": [{"area": a, "period": p, "value": add(v)} for (a, p), v in sorted(cells.items())],
        "area_totals": [{"area": a, "value": add(v)} for a, v in sorted(rows.items())],
        "period_totals": [{"period": p, "value": add(v)} for p, v in sorted(columns.items())],
        "total": _shown(sum(map(sum, grid)), how.total),
    }


def area_of(by: str, commune: str) -> str:
    """A commune's area in a `by` view: itself, or its département."""
    if by == "commune" or commune == UNKNOWN_COMMUNE:
        return commune
    return departement_of(commune)


def period_of(period: str, month: date) -> str:
    """A month's period in a `period` view: `2026-08`, or `2026-Q3`."""
    if period == "month":
        return f"{month.year}-{month.month:02d}"
    return f"{month.year}-Q{(month.month - 1) // 3 + 1}"


def _added(values: list[tuple[int, Shown]], *, exact: bool) -> int | str | None:
    """A published count of the view: the fine table's own (`<11`, hidden or the value) in
    the months × communes view; elsewhere a sum, shown only when all its parts are."""
    if exact and len(values) == 1:
        return _shown(*values[0])
    if all(h is Shown.VALUE for _, h in values):
        return sum(v for v, _ in values)
    return None
