"""Small-count suppression of a published two-way table with its totals.

The table is areas × periods for one indicator, with each area's total, each period's total
and the grand total. Every count from 1 to 10, total or not, is published as `<11` (primary
suppression). Then other cells are hidden (secondary suppression) until no hidden count can
be recovered from what is published: for every hidden count, the smallest and the largest
value it can take, given the published counts, the totals' equations, `<11` meaning 1 to 10
and counts being non-negative, differ. These bounds are linear programmes; the table's
equations are those of a transportation problem, whose vertices are integral, so different
bounds mean at least two integer tables agree with everything published.

Secondary cells are chosen greedily: for a recoverable hidden count, a published count in the
row or column where it is the only hidden one (one whose other line already holds a hidden
count first, as it closes a cycle of hidden counts; then the smallest), else a published count
sharing one of its equations (inner cells before totals), else the smallest anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy.optimize import linprog  # type: ignore[import-untyped]

SMALL = range(1, 11)
"""Counts published as `<11`."""


class Shown(StrEnum):
    """How a count is published."""

    VALUE = "value"
    SMALL = "<11"
    HIDDEN = "hidden"
    """Hidden so that a small count cannot be worked out (secondary suppression)."""


@dataclass(frozen=True, slots=True)
class Suppressed:
    """A table as published: how each inner cell, each row and column total and the grand
    total is shown (the values themselves stay those of the table)."""

    cells: tuple[tuple[Shown, ...], ...]
    rows: tuple[Shown, ...]
    columns: tuple[Shown, ...]
    total: Shown


class _Layout:
    """Variables: inner cells row by row, then row totals, column totals, the grand total."""

    def __init__(self, n_rows: int, n_cols: int) -> None:
        self.r, self.c = n_rows, n_cols
        self.size = n_rows * n_cols + n_rows + n_cols + 1
        equations = []
        for i in range(n_rows):
            eq = np.zeros(self.size)
            eq[[self.cell(i, j) for j in range(n_cols)]] = 1
            eq[self.row(i)] = -1
            equations.append(eq)
        for j in range(n_cols):
            eq = np.zeros(self.size)
            eq[[self.cell(i, j) for i in range(n_rows)]] = 1
            eq[self.column(j)] = -1
            equations.append(eq)
        eq = np.zeros(self.size)
        eq[[self.row(i) for i in range(n_rows)]] = 1
        eq[self.grand()] = -1
        equations.append(eq)
        self.equations = np.array(equations)

    def cell(self, i: int, j: int) -> int:
        return i * self.c + j

    def row(self, i: int) -> int:
        return self.r * self.c + i

    def column(self, j: int) -> int:
        return self.r * self.c + self.r + j

    def grand(self) -> int:
        return self.size - 1

    def inner(self, k: int) -> bool:
        return k < self.r * self.c

    def neighbours(self, k: int) -> list[int]:
        """Variables sharing an equation with k."""
        rows = np.nonzero(self.equations[:, k])[0]
        found = set(np.nonzero(self.equations[rows].any(axis=0))[0].tolist()) - {k}
        return sorted(found)


def _values(table: Sequence[Sequence[int]], layout: _Layout) -> np.ndarray:
    grid = np.array(table, dtype=float).reshape(layout.r, layout.c)
    return np.concatenate([grid.ravel(), grid.sum(axis=1), grid.sum(axis=0), [grid.sum()]])


def _bounds(values: np.ndarray, shown: list[Shown]) -> list[tuple[float, float | None]]:
    bounds: list[tuple[float, float | None]] = []
    for value, how in zip(values, shown, strict=True):
        if how is Shown.VALUE:
            bounds.append((value, value))
        elif how is Shown.SMALL:
            bounds.append((1, 10))
        else:
            bounds.append((0, None))
    return bounds


def _pinned(layout: _Layout, values: np.ndarray, shown: list[Shown], k: int) -> bool:
    """True when what is published pins hidden variable k to one value."""
    bounds = _bounds(values, shown)
    zero = np.zeros(layout.equations.shape[0])
    objective = np.zeros(layout.size)
    objective[k] = 1
    low = linprog(objective, A_eq=layout.equations, b_eq=zero, bounds=bounds, method="highs")
    high = linprog(-objective, A_eq=layout.equations, b_eq=zero, bounds=bounds, method="highs")
    if low.status != 0 or high.status != 0:
        return True  # cannot happen with a consistent table; hide more to be safe
    return bool(-high.fun - low.fun < 0.5)


def suppress(table: Sequence[Sequence[int]]) -> Suppressed:
    """Decide how each count of `table` (rows × columns, non-negative) is published."""
    n_rows = len(table)
    n_cols = len(table[0]) if n_rows else 0
    if n_rows == 0 or n_cols == 0:
        return Suppressed((), (), (), Shown.VALUE)
    layout = _Layout(n_rows, n_cols)
    values = _values(table, layout)
    shown = [Shown.SMALL if int(v) in SMALL else Shown.VALUE for v in values]
    # Hiding more only widens what a hidden count may be: once free, a count stays free, so
    # only those still pinned are checked again after each new hidden count.
    pinned = [k for k, how in enumerate(shown) if how is not Shown.VALUE]
    while pinned:
        pinned = [k for k in pinned if _pinned(layout, values, shown, k)]
        if not pinned:
            break
        chosen = _secondary(layout, values, shown, pinned)
        if chosen is None:
            break  # everything is hidden already
        shown[chosen] = Shown.HIDDEN
        pinned.append(chosen)
    cells = tuple(tuple(shown[layout.cell(i, j)] for j in range(n_cols)) for i in range(n_rows))
    return Suppressed(
        cells,
        tuple(shown[layout.row(i)] for i in range(n_rows)),
        tuple(shown[layout.column(j)] for j in range(n_cols)),
        shown[layout.grand()],
    )


def _partners(layout: _Layout, shown: list[Shown], pinned: int) -> list[tuple[bool, int]]:
    """For a recoverable inner count, the published counts of the line (row or column) where
    it is the only hidden count, each with whether its other line already holds a hidden
    count (hiding it then closes a cycle)."""
    if not layout.inner(pinned):
        return []

    def hidden(i: int, j: int) -> bool:
        return shown[layout.cell(i, j)] is not Shown.VALUE

    i, j = divmod(pinned, layout.c)
    found = []
    if not any(hidden(i, b) for b in range(layout.c) if b != j):
        for b in range(layout.c):
            if b != j and not hidden(i, b):
                closes = any(hidden(a, b) for a in range(layout.r) if a != i)
                found.append((closes, layout.cell(i, b)))
    if not any(hidden(a, j) for a in range(layout.r) if a != i):
        for a in range(layout.r):
            if a != i and not hidden(a, j):
                closes = any(hidden(a, b) for b in range(layout.c) if b != j)
                found.append((closes, layout.cell(a, j)))
    return found


def _secondary(
    layout: _Layout, values: np.ndarray, shown: list[Shown], pinned: list[int]
) -> int | None:
    """The published variable to hide next: a partner of a recoverable inner count alone in
    its row or column (closing a cycle first, then the smallest); else a published count
    sharing an equation with the first recoverable one (inner cells first, the smallest);
    else the smallest published anywhere."""
    partners = [p for k in pinned for p in _partners(layout, shown, k)]
    if partners:
        return min(partners, key=lambda c: (not c[0], values[c[1]], c[1]))[1]
    published = [k for k in layout.neighbours(pinned[0]) if shown[k] is Shown.VALUE]
    if not published:
        published = [k for k, how in enumerate(shown) if how is Shown.VALUE]
    if not published:
        return None
    return min(published, key=lambda k: (not layout.inner(k), values[k], k))
