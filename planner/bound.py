"""An upper bound on a week's `required_coverage`: a linear relaxation solved with HiGHS.

No plan can cover more than this, so the gap between a plan and the bound says how far the
search may still be from the best week (at most that far: the bound is not always reached).

The relaxation forgets the order of visits and keeps what any valid plan must respect:

- a visit of zone z can only go in shift s when a start window exists for it (presence, the
  shift, the travel from and back to the depots, the skills, 12 hours after `last_visit`);
- in each shift, the visits' lengths plus, for each, the shortest leg that can reach it (from
  the depot or from another zone the shift could visit) fit in the shift's length less the
  shortest way back; the same holds inside every stretch of the shift in which a set of
  zones must be visited (the stretch may also hold the leg that reaches its first visit);
- two counted visits of a zone start 12 hours apart or more: among the shifts whose start
  windows for z all lie within 12 hours of each other, at most one counted visit;
- only `min_visits` visits of a zone count towards coverage.

Variables are the number of counted visits of each zone in each shift (continuous).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from planner.candidates import Shift, compatible, shifts_of, start_windows
from planner.model import SEPARATION_S, Interval, Scenario
from planner.travel import EARTH_RADIUS_M, TravelTimes


@dataclass(frozen=True, slots=True)
class Bound:
    """An upper bound on `required_coverage`, and how it was found."""

    required_coverage: float
    variables: int
    constraints: int
    seconds: float


@dataclass(slots=True)
class _Column:
    zone: int
    shift: int
    cap: int
    cost: int  # visit length plus the shortest leg that can reach it
    lead: int  # that shortest leg
    hull: Interval  # from the earliest start to the latest end of a visit in this shift


class _Rows:
    """A sparse constraint matrix built row by row (A x <= b)."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.rhs: list[float] = []

    def add(self, terms: dict[int, float], rhs: float) -> None:
        if not terms:
            return
        row = len(self.rhs)
        for col, val in terms.items():
            self.rows.append(row)
            self.cols.append(col)
            self.vals.append(val)
        self.rhs.append(rhs)


def _legs(scenario: Scenario, times: TravelTimes, mode: str) -> np.ndarray:
    """Return the whole seconds every leg takes at least, between all the scenario's points
    ([team starts, team ends, zones]; legs to and from online zones take none)."""
    travel = scenario.travel
    if travel.model == "matrix":
        out = np.array(travel.seconds[mode], dtype=float)
    else:
        lon = np.radians([p.lon for p in times.points])
        lat = np.radians([p.lat for p in times.points])
        dlat = lat[None, :] - lat[:, None]
        dlon = lon[None, :] - lon[:, None]
        h = (
            np.sin(dlat / 2) ** 2
            + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
        )
        metres = 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        out = metres * travel.detour / (travel.speed_kmh[mode] / 3.6)
    first = 2 * len(scenario.teams)
    for i, zone in enumerate(scenario.zones):
        if zone.online:
            out[first + i, :] = 0.0
            out[:, first + i] = 0.0
    np.fill_diagonal(out, 0.0)
    # The validator allows a second's tolerance on each leg.
    return np.maximum(0.0, np.floor(out - 1.0))


def _columns(
    scenario: Scenario, times: TravelTimes, shifts: list[Shift]
) -> tuple[list[_Column], dict[int, int]]:
    """Return the columns (zone × shift where a counted visit fits) and each shift's
    shortest way back from any zone it could visit."""
    matrices = {m: _legs(scenario, times, m) for m in {t.mode for t in scenario.teams}}
    out = []
    backs: dict[int, int] = {}
    for si, shift in enumerate(shifts):
        team = shift.team
        # Every zone the shift could visit may precede a visit; only those that count for
        # coverage get a column.
        here: list[tuple[int, list[Interval]]] = []
        for zi, zone in enumerate(scenario.zones):
            if not compatible(zone, team):
                continue
            windows = start_windows(zone, shift, times)
            if windows:
                here.append((zi, windows))
        points = np.array([times.zone(scenario.zones[zi].id) for zi, _ in here], dtype=int)
        online = np.array([scenario.zones[zi].online for zi, _ in here], dtype=bool)
        legs = matrices[team.mode]
        depot = times.start_of(team.id)
        if len(points):
            backs[si] = int(legs[points, times.end_of(team.id)].min())
        for k, (zi, windows) in enumerate(here):
            zone = scenario.zones[zi]
            if zone.min_visits == 0 or zone.weight == 0:
                continue
            p = points[k]
            incoming = legs[points, p]
            incoming = np.where((online == zone.online) & (points != p), incoming, np.inf)
            lead = int(min(legs[depot, p], incoming.min(initial=np.inf)))
            early, late = windows[0].start, windows[-1].end
            cap = min(zone.min_visits, 1 + (late - early) // SEPARATION_S)
            hull = Interval(early, late + zone.visit_s)
            out.append(_Column(zi, si, cap, zone.visit_s + lead, lead, hull))
    return out, backs


def _shift_rows(
    rows: _Rows, shifts: list[Shift], cols: list[_Column], backs: dict[int, int]
) -> None:
    by_shift: dict[int, list[int]] = defaultdict(list)
    for c, col in enumerate(cols):
        by_shift[col.shift].append(c)
    for si, members in by_shift.items():
        shift = shifts[si]
        back = backs.get(si, 0)
        rows.add({c: float(cols[c].cost) for c in members}, float(shift.span.length - back))
        # Stretches of the shift: every [a, b] between a hull's start and a hull's end.
        starts = sorted({cols[c].hull.start for c in members})
        ends = sorted({cols[c].hull.end for c in members})
        if len(starts) * len(ends) > 400:  # keep the model small: coarser stretches
            starts, ends = starts[:: max(1, len(starts) // 20)], ends[:: max(1, len(ends) // 20)]
        for a in starts:
            for b in ends:
                if b <= a or (a == shift.span.start and b >= shift.span.end):
                    continue
                inside = [c for c in members if a <= cols[c].hull.start and cols[c].hull.end <= b]
                if len(inside) < 2:
                    continue
                lead = max(cols[c].lead for c in inside)
                rows.add({c: float(cols[c].cost) for c in inside}, float(b - a + lead))


def _separation_rows(rows: _Rows, cols: list[_Column]) -> None:
    by_zone: dict[int, list[int]] = defaultdict(list)
    for c, col in enumerate(cols):
        by_zone[col.zone].append(c)
    for members in by_zone.values():
        members.sort(key=lambda c: cols[c].hull.start)
        seen: set[tuple[int, ...]] = set()
        for c0 in members:
            lo = cols[c0].hull.start
            group = tuple(
                c
                for c in members
                if lo <= cols[c].hull.start
                and cols[c].hull.end - _visit(cols[c]) < lo + SEPARATION_S
            )
            if len(group) > 1 and group not in seen:
                seen.add(group)
                rows.add(dict.fromkeys(group, 1.0), 1.0)


def _visit(col: _Column) -> int:
    return col.cost - col.lead


def coverage_bound(scenario: Scenario) -> Bound:
    """Return an upper bound on the `required_coverage` any valid plan of the week reaches."""
    import time

    started = time.perf_counter()
    required = sum(z.weight * z.min_visits for z in scenario.zones)
    if required == 0:
        return Bound(1.0, 0, 0, 0.0)
    times = TravelTimes(scenario)
    shifts = shifts_of(scenario)
    cols, backs = _columns(scenario, times, shifts)
    if not cols:
        return Bound(0.0, 0, 0, time.perf_counter() - started)
    rows = _Rows()
    _shift_rows(rows, shifts, cols, backs)
    _separation_rows(rows, cols)
    by_zone: dict[int, dict[int, float]] = defaultdict(dict)
    for c, col in enumerate(cols):
        by_zone[col.zone][c] = 1.0
    for zi, terms in by_zone.items():
        rows.add(terms, float(scenario.zones[zi].min_visits))
    n = len(cols)
    a = coo_matrix((rows.vals, (rows.rows, rows.cols)), shape=(len(rows.rhs), n)).tocsr()
    weights = np.array([-float(scenario.zones[col.zone].weight) for col in cols])
    result = linprog(
        weights,
        A_ub=a,
        b_ub=np.array(rows.rhs),
        bounds=[(0.0, float(col.cap)) for col in cols],
        method="highs",
    )
    if result.status != 0:  # pragma: no cover - a relaxation of a feasible week is solvable
        raise RuntimeError(f"the coverage bound's linear programme failed: {result.message}")
    value = min(1.0, -float(result.fun) / required)
    # Round up, with room for the solver's tolerance: a bound must never cut below the truth.
    rounded = min(1.0, math.ceil((value + 1e-7) * 10_000) / 10_000)
    return Bound(rounded, n, len(rows.rhs), time.perf_counter() - started)
