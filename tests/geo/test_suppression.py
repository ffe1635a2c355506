"""Small-count suppression: nothing from 1 to 10 is published, and no hidden count can be
worked out from what is, checked independently by integer programming: for each hidden count,
another table of non-negative integers agreeing with everything published gives it another
value."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]

from geo.suppression import Shown, suppress


def _published(table: list[list[int]]) -> list[tuple[str, int, int, Shown]]:
    """(what, i, j, how) for every count of the table with its totals."""
    result = suppress(table)
    out = []
    for i, row in enumerate(result.cells):
        for j, how in enumerate(row):
            out.append(("cell", i, j, how))
    out += [("row", i, 0, how) for i, how in enumerate(result.rows)]
    out += [("column", 0, j, how) for j, how in enumerate(result.columns)]
    out.append(("total", 0, 0, result.total))
    return out


def _value(table: list[list[int]], what: str, i: int, j: int) -> int:
    grid = np.array(table)
    return int(
        {"cell": lambda: grid[i, j], "row": lambda: grid[i].sum(),
         "column": lambda: grid[:, j].sum(), "total": lambda: grid.sum()}[what]()
    )  # fmt: skip


def _another_value_exists(table: list[list[int]], target: int, shown: list[Shown]) -> bool:
    """Is there an integer table agreeing with everything published (values shown, `<11`
    meaning 1 to 10) where hidden count `target` takes another value?"""
    rows, cols = len(table), len(table[0])
    n = rows * cols
    grid = np.array(table)
    # Variables: the inner cells only; totals are sums of them.
    lines = []
    for i in range(rows):
        a = np.zeros(n)
        a[i * cols : (i + 1) * cols] = 1
        lines.append(a)
    for j in range(cols):
        a = np.zeros(n)
        a[j::cols] = 1
        lines.append(a)
    lines.append(np.ones(n))
    matrix = np.vstack([np.eye(n), *lines])
    lo, hi = [], []
    for how, value in zip(shown, [*grid.ravel(), *grid.sum(axis=1), *grid.sum(axis=0),
                                  grid.sum()], strict=True):  # fmt: skip
        if how is Shown.VALUE:
            lo.append(value)
            hi.append(value)
        elif how is Shown.SMALL:
            lo.append(1)
            hi.append(10)
        else:
            lo.append(0)
            hi.append(np.inf)
    original = [*grid.ravel(), *grid.sum(axis=1), *grid.sum(axis=0), grid.sum()][target]
    for side in ("below", "above"):
        low, high = list(lo), list(hi)
        if side == "below":
            high[target] = original - 1
        else:
            low[target] = original + 1
        if low[target] > high[target]:
            continue
        found = milp(
            c=np.zeros(n), constraints=LinearConstraint(matrix, low, high),
            integrality=np.ones(n), bounds=Bounds(0, np.inf),
        )  # fmt: skip
        if found.status == 0:
            return True
    return False


tables = st.integers(1, 4).flatmap(
    lambda rows: st.integers(1, 4).flatmap(
        lambda cols: st.lists(
            st.lists(
                st.one_of(st.integers(0, 12), st.integers(0, 60)), min_size=cols, max_size=cols
            ),
            min_size=rows, max_size=rows,
        )
    )
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(table=tables)
def test_no_small_count_is_published_and_none_hidden_can_be_solved(table: list[list[int]]) -> None:
    published = _published(table)
    shown = [how for *_, how in published]
    for k, (what, i, j, how) in enumerate(published):
        value = _value(table, what, i, j)
        if how is Shown.VALUE:
            assert value not in range(1, 11), (what, i, j, value)
        else:
            assert _another_value_exists(table, k, shown), (what, i, j, value)


def test_a_lone_small_count_takes_three_others_with_it() -> None:
    result = suppress([[5, 20, 30], [40, 50, 60], [70, 80, 90]])
    hidden = {
        (i, j) for i, row in enumerate(result.cells) for j, h in enumerate(row) if h != "value"
    }
    assert (0, 0) in hidden
    assert len(hidden) == 4  # the smallest rectangle: two rows, two columns
    assert result.total is Shown.VALUE


def test_large_counts_are_all_published() -> None:
    result = suppress([[0, 20], [40, 11]])
    assert all(h is Shown.VALUE for row in result.cells for h in row)
