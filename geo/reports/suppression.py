"""Small-count suppression of a published two-way table with its totals.

The table is areas × periods for one indicator, with each area's total, each period's total
and the grand total. Every count from 1 to 10, total or not, is published as `<11` (primary
suppression). Then other counts are hidden (secondary suppression) until no hidden count can
be recovered from what is published, knowing that `<11` means 1 to 10 and that counts are
never negative.

How a hidden count is checked, without solving anything: write the table with its totals as
an (areas + 1) × (periods + 1) grid whose totals are negated; then every row and column of
the grid adds up to zero, and the ways the hidden counts can change together while the
published ones stay are exactly the cycles of hidden cells (alternately +ε and −ε, rows and
columns alternating). A hidden count can take another value if and only if some such cycle
through it can move a little without leaving any count's bounds (1 to 10 for `<11`, 11 or more
for a hidden count): a directed cycle in the
graph whose arcs are the moves each hidden count allows (up while below its upper bound, down
while above its lower bound).

Secondary counts are chosen greedily: for a recoverable hidden count, a published count in
the row or column where it is the only hidden one (one whose other line already holds a
hidden count first, as it closes a cycle; non-zero before zero, which can only go up; then
the smallest), else a published count sharing its row or column, else the smallest anywhere.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

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


Cell = tuple[int, int]
"""A position in the grid with totals: row `areas` and column `periods` are the totals."""


def grid_values(table: Sequence[Sequence[int]]) -> dict[Cell, int]:
    """Every count of a table with its totals, by grid position."""
    r, c = len(table), len(table[0])
    value: dict[Cell, int] = {}
    for i, row in enumerate(table):
        for j, v in enumerate(row):
            value[(i, j)] = int(v)
        value[(i, c)] = sum(int(v) for v in row)
    for j in range(c):
        value[(r, j)] = sum(int(table[i][j]) for i in range(r))
    value[(r, c)] = sum(value[(i, c)] for i in range(r))
    return value


class _Grid:
    def __init__(
        self, table: Sequence[Sequence[int]], shares: Sequence[Sequence[Sequence[int]]]
    ) -> None:
        self.r, self.c = len(table), len(table[0])
        self.value = grid_values(table)
        self.shown = {k: Shown.SMALL if v in SMALL else Shown.VALUE for k, v in self.value.items()}
        # What each contributor knows of every count: its own part (the others' is the rest).
        self.floors = [grid_values(share) for share in shares] or [{}]
        for floor in self.floors:
            for k, own in floor.items():
                if self.shown[k] is Shown.VALUE and (self.value[k] - own) in SMALL:
                    self.shown[k] = Shown.HIDDEN  # the others' part would be a small count

    def margin(self, cell: Cell) -> bool:
        i, j = cell
        return (i == self.r) != (j == self.c)  # a row or column total, not the grand total

    def hidden(self, cell: Cell) -> bool:
        return self.shown[cell] is not Shown.VALUE

    def moves(self, cell: Cell, floor: dict[Cell, int]) -> tuple[bool, bool]:
        """(may go up, may go down) in the grid's signs (totals negated), for a reader who
        knows `floor` (a contributor's own part of each count)."""
        v = self.value[cell]
        # A reader knows a count shown `<11` is 1 to 10, and one hidden otherwise is 11 or
        # more: zeros are never hidden (0 or ≥ 11 would not be an interval). A contributor
        # also knows each count is at least its own part.
        low, high = (1, 10) if self.shown[cell] is Shown.SMALL else (11, None)
        low = max(low, floor.get(cell, 0))
        up, down = high is None or v < high, v > low
        return (down, up) if self.margin(cell) else (up, down)

    def free(self, cell: Cell) -> bool:
        """True when the hidden count `cell` can take another value for every reader who
        does not know it already (a contributor whose own part it all is learns nothing)."""
        return all(
            self._free(cell, floor)
            for floor in self.floors
            if self.value[cell] - floor.get(cell, 0) > 0
        )

    def _free(self, cell: Cell, floor: dict[Cell, int]) -> bool:
        arcs: dict[tuple[str, int], list[tuple[tuple[str, int], Cell]]] = defaultdict(list)
        for other, how in self.shown.items():
            if how is Shown.VALUE or other == cell:
                continue
            up, down = self.moves(other, floor)
            row, col = ("r", other[0]), ("c", other[1])
            if up:
                arcs[row].append((col, other))
            if down:
                arcs[col].append((row, other))
        up, down = self.moves(cell, floor)
        row, col = ("r", cell[0]), ("c", cell[1])
        return (up and _reaches(arcs, col, row)) or (down and _reaches(arcs, row, col))


def _reaches(
    arcs: dict[tuple[str, int], list[tuple[tuple[str, int], Cell]]],
    start: tuple[str, int],
    goal: tuple[str, int],
) -> bool:
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for nxt, _ in arcs.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return False


def suppress(
    table: Sequence[Sequence[int]], shares: Sequence[Sequence[Sequence[int]]] = ()
) -> Suppressed:
    """Decide how each count of `table` (rows × columns, non-negative) is published.

    `shares` are the contributors' own parts of the table (adding up to it), when several
    contributors each know theirs: a count is also hidden when the others' part of it would be
    a small count, and no hidden count may be pinned by what any contributor knows."""
    if not table or not table[0]:
        return Suppressed((), (), (), Shown.VALUE)
    grid = _Grid(table, shares)
    # Hiding more only widens what a hidden count may be: once free, a count stays free, so
    # only those still pinned are checked again after each new hidden count.
    pinned = [k for k in grid.shown if grid.hidden(k)]
    while pinned:
        pinned = [k for k in pinned if not grid.free(k)]
        if not pinned:
            break
        chosen = _secondary(grid, pinned)
        if chosen is None:
            break  # everything is hidden already
        grid.shown[chosen] = Shown.HIDDEN
        pinned.append(chosen)
    r, c = grid.r, grid.c
    return Suppressed(
        tuple(tuple(grid.shown[(i, j)] for j in range(c)) for i in range(r)),
        tuple(grid.shown[(i, c)] for i in range(r)),
        tuple(grid.shown[(r, j)] for j in range(c)),
        grid.shown[(r, c)],
    )


def _order(grid: _Grid, cell: Cell) -> tuple[bool, int, Cell]:
    """Totals last, then the smallest."""
    inner = cell[0] < grid.r and cell[1] < grid.c
    return (not inner, grid.value[cell], cell)


def _hideable(grid: _Grid, cell: Cell) -> bool:
    """Published and not zero: a hidden zero would tell a reader it is 0 (not 11 or more)."""
    return not grid.hidden(cell) and grid.value[cell] > 0


def _secondary(grid: _Grid, pinned: list[Cell]) -> Cell | None:
    """The published count to hide next."""
    partners: list[tuple[bool, Cell]] = []
    for i, j in pinned:
        lines = (
            [(i, b) for b in range(grid.c + 1) if b != j],
            [(a, j) for a in range(grid.r + 1) if a != i],
        )
        for line in lines:
            if any(grid.hidden(x) for x in line):
                continue  # not alone in this line
            for a, b in line:
                if not _hideable(grid, (a, b)):
                    continue
                other = (
                    [(a, y) for y in range(grid.c + 1) if y != b]
                    if a != i
                    else [(x, b) for x in range(grid.r + 1) if x != a]
                )
                partners.append((any(grid.hidden(x) for x in other), (a, b)))
    if partners:
        return min(partners, key=lambda p: (not p[0], *_order(grid, p[1])))[1]
    near = [
        x
        for i, j in pinned[:1]
        for x in [*((i, b) for b in range(grid.c + 1)), *((a, j) for a in range(grid.r + 1))]
        if _hideable(grid, x)
    ]
    if not near:
        near = [x for x in grid.shown if _hideable(grid, x)]
    return min(near, key=lambda x: _order(grid, x)) if near else None
