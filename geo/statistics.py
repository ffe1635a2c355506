"""Statistics tables: counts by fixed buckets (month or quarter × commune or département ×
indicator), with their totals, suppressed for publication (`geo.suppression`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from geo.suppression import Shown, suppress

Table = Mapping[tuple[str, str], int]
"""Counts of one indicator by (area, period)."""


def _shown(value: int, how: Shown | None) -> int | str | None:
    if how is None or how is Shown.VALUE:
        return value
    return "<11" if how is Shown.SMALL else None


def publish(
    tables: Mapping[str, Table], *, period: str, by: str, order: list[str], suppressed: bool
) -> dict[str, Any]:
    """Every indicator's table with its totals; suppressed for the public."""
    result: dict[str, Any] = {"period": period, "by": by, "suppressed": suppressed, "tables": []}
    for indicator in [i for i in order if i in tables]:
        counts = tables[indicator]
        areas = sorted({a for a, _ in counts})
        periods = sorted({p for _, p in counts})
        grid = [[counts.get((a, p), 0) for p in periods] for a in areas]
        how = suppress(grid) if suppressed else None
        cells = []
        for i, area in enumerate(areas):
            for j, bucket in enumerate(periods):
                shown = None if how is None else how.cells[i][j]
                cells.append({"area": area, "period": bucket, "value": _shown(grid[i][j], shown)})
        result["tables"].append(
            {
                "indicator": indicator,
                "cells": cells,
                "area_totals": [
                    {"area": a, "value": _shown(sum(grid[i]), how.rows[i] if how else None)}
                    for i, a in enumerate(areas)
                ],
                "period_totals": [
                    {"period": p, "value": _shown(sum(r[j] for r in grid),
                                                  how.columns[j] if how else None)}
                    for j, p in enumerate(periods)
                ],
                "total": _shown(sum(map(sum, grid)), how.total if how else None),
            }
        )  # fmt: skip
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
