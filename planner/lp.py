"""A linear programme that grows: rows and columns (rounds) added between solves, each solve
starting from the last basis (HiGHS, through highspy).

Minimises; rows are lo <= a x <= hi. Duals follow HiGHS: for a binding `<=` row of a
minimisation they are <= 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np

INF = highspy.kHighsInf
Terms = dict[int, float]


@dataclass(frozen=True, slots=True)
class Solution:
    """An optimal solution: the objective's value, the variables, the rows' duals."""

    value: float
    x: np.ndarray
    duals: np.ndarray


class LinearProgramme:
    """Variables and rows of a minimisation, solved again after every change."""

    def __init__(self) -> None:
        self._highs = highspy.Highs()  # type: ignore[no-untyped-call]
        self._highs.setOptionValue("output_flag", False)
        self._highs.setOptionValue("threads", 1)
        self.columns = 0
        self.rows = 0

    def add_columns(
        self,
        costs: Sequence[float],
        bounds: Sequence[tuple[float, float | None]],
        entries: Sequence[Terms] | None = None,
    ) -> int:
        """Add variables with their costs, bounds and (optionally) their entries in existing
        rows (row → value); return the index of the first."""
        first = self.columns
        n = len(costs)
        if n == 0:
            return first
        starts, index, value = _packed(entries if entries is not None else [{}] * n)
        lo = np.array([b[0] for b in bounds], dtype=float)
        hi = np.array([INF if b[1] is None else b[1] for b in bounds], dtype=float)
        self._highs.addCols(
            n, np.array(costs, dtype=float), lo, hi, len(index), starts, index, value
        )
        self.columns += n
        return first

    def add_rows(self, rows: Sequence[tuple[Terms, float, float]]) -> int:
        """Add rows lo <= terms · x <= hi (use ±`INF` for no bound); return the first index."""
        first = self.rows
        if not rows:
            return first
        starts, index, value = _packed([terms for terms, _, _ in rows])
        lo = np.array([r[1] for r in rows], dtype=float)
        hi = np.array([r[2] for r in rows], dtype=float)
        self._highs.addRows(len(rows), lo, hi, len(index), starts, index, value)
        self.rows += len(rows)
        return first

    def prefer_primal(self) -> None:
        """Solve with the primal simplex from now on: the right choice when columns are added
        between solves (the last basis stays feasible)."""
        self._highs.setOptionValue("simplex_strategy", 4)

    def solve(self) -> Solution:
        """Solve to optimality (RuntimeError otherwise) from the last basis."""
        self._highs.run()
        status = self._highs.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"the linear programme was not solved: {status}")
        solution = self._highs.getSolution()
        return Solution(
            value=float(self._highs.getInfo().objective_function_value),
            x=np.asarray(solution.col_value, dtype=float),
            duals=np.asarray(solution.row_dual, dtype=float),
        )


def _packed(vectors: Sequence[Terms]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return sparse vectors in HiGHS's packed form: starts, indices, values."""
    starts: list[int] = []
    index: list[int] = []
    value: list[float] = []
    for terms in vectors:
        starts.append(len(index))
        for i, v in terms.items():
            index.append(i)
            value.append(v)
    return (
        np.array(starts, dtype=np.int32),
        np.array(index, dtype=np.int32),
        np.array(value, dtype=float),
    )
