"""Small-count suppression: nothing from 1 to 10 is published, and no hidden count can be
worked out from what is, checked independently by integer programming: for each hidden count,
another table of non-negative integers agreeing with everything published gives it another
value."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]

from geo.reports.suppression import Shown, suppress


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
        {
            "cell": lambda: grid[i, j],
            "row": lambda: grid[i].sum(),
            "column": lambda: grid[:, j].sum(),
            "total": lambda: grid.sum(),
        }[what]()
    )


def _another_value_exists(
    table: list[list[int]], target: int, shown: list[Shown], own: list[int] | None = None
) -> bool:
    """Is there an integer table agreeing with everything a reader knows (values shown;
    `<11` meaning 1 to 10; a hidden count being 0 or at least 11) where count `target`
    (cells row by row, then row totals, column totals, the grand total) is different?"""
    rows, cols = len(table), len(table[0])
    n = rows * cols
    grid = np.array(table)
    # Each count as a sum of inner cells: the cells themselves, then the totals.
    counts = list(np.eye(n))
    for i in range(rows):
        a = np.zeros(n)
        a[i * cols : (i + 1) * cols] = 1
        counts.append(a)
    for j in range(cols):
        a = np.zeros(n)
        a[j::cols] = 1
        counts.append(a)
    counts.append(np.ones(n))
    values = [*grid.ravel(), *grid.sum(axis=1), *grid.sum(axis=0), grid.sum()]
    hidden = [k for k, how in enumerate(shown) if how is Shown.HIDDEN]
    floors = own or [0] * len(values)  # a contributor knows each count is at least its part
    width = n + len(hidden)  # inner cells, then one 0/1 "at least 11" per hidden count
    big = 10 * (sum(values[-1:]) + 100)
    matrix, low, high = [], [], []
    for k, (how, value) in enumerate(zip(shown, values, strict=True)):
        row = np.concatenate([counts[k], np.zeros(len(hidden))])
        if floors[k]:
            matrix.append(row), low.append(floors[k]), high.append(np.inf)
        if how is Shown.VALUE:
            matrix.append(row), low.append(value), high.append(value)
        elif how is Shown.SMALL:
            matrix.append(row), low.append(1), high.append(10)
        else:
            flag = n + hidden.index(k)
            at_least = row.copy()
            at_least[flag] = -11  # count − 11·flag ≥ 0
            at_most = row.copy()
            at_most[flag] = -big  # count − big·flag ≤ 0
            matrix.append(at_least), low.append(0), high.append(np.inf)
            matrix.append(at_most), low.append(-np.inf), high.append(0)
    for side in ("below", "above"):
        target_row = np.concatenate([counts[target], np.zeros(len(hidden))])
        bound = (-np.inf, values[target] - 1) if side == "below" else (values[target] + 1, np.inf)
        found = milp(
            c=np.zeros(width),
            constraints=[
                LinearConstraint(np.array(matrix), low, high),
                LinearConstraint(target_row.reshape(1, -1), [bound[0]], [bound[1]]),
            ],
            integrality=np.ones(width),
            bounds=Bounds(np.zeros(width), np.array([np.inf] * n + [1] * len(hidden))),
        )
        if found.status == 0:
            return True
    return False


tables = st.integers(1, 4).flatmap(
    lambda rows: st.integers(1, 4).flatmap(
        lambda cols: st.lists(
            st.lists(
                st.one_of(st.integers(0, 12), st.integers(0, 60)), min_size=cols, max_size=cols
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=150, deadline=None)
@given(table=tables)
def test_no_small_count_is_published_and_none_hidden_can_be_solved(table: list[list[int]]) -> None:
    published = _published(table)
    shown = [how for *_, how in published]
    for k, (what, i, j, how) in enumerate(published):
        value = _value(table, what, i, j)
        if how is Shown.VALUE:
            assert value not in range(1, 11), (what, i, j, value)
        elif how is Shown.HIDDEN:
            assert value >= 11, (what, i, j, value)  # zeros are never hidden
            assert _another_value_exists(table, k, shown), (what, i, j, value)
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


def test_a_hidden_count_is_known_to_be_zero_or_at_least_eleven() -> None:
    # Hiding the zeros here would let a reader pin the 3: D01 + D02 = 12 with each 0 or ≥ 11.
    table = [[3, 20], [0, 40], [20, 0], [0, 12]]
    published = _published(table)
    shown = [how for *_, how in published]
    for k, (what, i, j, how) in enumerate(published):
        if how is not Shown.VALUE:
            assert _another_value_exists(table, k, shown), (what, i, j)


def _all_counts(table: list[list[int]]) -> list[int]:
    grid = np.array(table)
    return [int(x) for x in [*grid.ravel(), *grid.sum(axis=1), *grid.sum(axis=0), grid.sum()]]


shared = st.integers(1, 3).flatmap(
    lambda rows: st.integers(1, 3).flatmap(
        lambda cols: st.lists(
            st.lists(
                st.lists(
                    st.one_of(st.integers(0, 8), st.integers(0, 40)), min_size=cols, max_size=cols
                ),
                min_size=rows,
                max_size=rows,
            ),
            min_size=2,
            max_size=2,
        )
    )
)


@settings(max_examples=60, deadline=None)
@given(shares=shared)
def test_no_contributor_learns_a_small_count_of_the_others(shares: list[list[list[int]]]) -> None:
    table = [
        [sum(s[i][j] for s in shares) for j in range(len(shares[0][0]))]
        for i in range(len(shares[0]))
    ]
    result = suppress(table, shares)
    shown = [how for *_, how in _published_of(result)]
    totals = _all_counts(table)
    for share in shares:
        own = _all_counts(share)
        for k, how in enumerate(shown):
            others = totals[k] - own[k]
            if how is Shown.VALUE:
                assert others not in range(1, 11), (k, totals[k], own[k])
            elif others > 0:
                assert _another_value_exists(table, k, shown, own), (k, totals[k], own[k])


def _published_of(result: Any) -> list[tuple[str, int, int, Shown]]:
    out = [("cell", i, j, h) for i, row in enumerate(result.cells) for j, h in enumerate(row)]
    out += [("row", i, 0, h) for i, h in enumerate(result.rows)]
    out += [("column", 0, j, h) for j, h in enumerate(result.columns)]
    out.append(("total", 0, 0, result.total))
    return out
