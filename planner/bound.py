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
- only `min_visits` visits of a zone count towards coverage;
- with the haversine model, the visits of each shift are made by a convex combination of
  rounds: walks through the shift's minutes, generated as columns (`planner.bound_routes`).

Variables are the number of counted visits of each zone in each shift and the walks
(continuous). On the generated weeks of `benchmarks/scenarios.py` the walks cut the gap
between the first rows' bound and the plans by about two thirds.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from planner.bound_routes import ColumnGeneration, ShiftPricing
from planner.candidates import Shift, compatible, shifts_of, start_windows
from planner.lp import INF, LinearProgramme, Terms
from planner.model import SEPARATION_S, Interval, Scenario
from planner.travel import EARTH_RADIUS_M, TravelTimes

WALK_SECONDS = 300.0
"""Column generation over walks stops after this long (the bound stays valid, only looser)."""


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
    windows: tuple[Interval, ...]  # when a visit may start in this shift


class _Rows:
    """Rows terms · x <= rhs, gathered before they go into the programme."""

    def __init__(self) -> None:
        self.rows: list[tuple[Terms, float, float]] = []

    def add(self, terms: Terms, rhs: float) -> None:
        if terms:
            self.rows.append((terms, -INF, rhs))


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
    scenario: Scenario, times: TravelTimes, shifts: list[Shift], matrices: dict[str, np.ndarray]
) -> tuple[list[_Column], dict[int, int]]:
    """Return the columns (zone × shift where a counted visit fits) and each shift's
    shortest way back from any zone it could visit."""
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
            out.append(_Column(zi, si, cap, zone.visit_s + lead, lead, hull, tuple(windows)))
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


@dataclass(slots=True)
class _Programme:
    """The relaxation over visit columns, and what pricing walks needs."""

    lp: LinearProgramme
    cols: list[_Column]
    shifts: list[Shift]
    times: TravelTimes
    matrices: dict[str, np.ndarray]


def _programme(scenario: Scenario) -> _Programme | None:
    """Return the relaxation of the week, or None when no counted visit fits anywhere."""
    times = TravelTimes(scenario)
    shifts = shifts_of(scenario)
    matrices = {m: _legs(scenario, times, m) for m in {t.mode for t in scenario.teams}}
    cols, backs = _columns(scenario, times, shifts, matrices)
    if not cols:
        return None
    rows = _Rows()
    _shift_rows(rows, shifts, cols, backs)
    _separation_rows(rows, cols)
    by_zone: dict[int, Terms] = defaultdict(dict)
    for c, col in enumerate(cols):
        by_zone[col.zone][c] = 1.0
    for zi, terms in by_zone.items():
        rows.add(terms, float(scenario.zones[zi].min_visits))
    lp = LinearProgramme()
    lp.add_columns(
        [-float(scenario.zones[col.zone].weight) for col in cols],
        [(0.0, float(col.cap)) for col in cols],
    )
    lp.add_rows(rows.rows)
    return _Programme(lp, cols, shifts, times, matrices)


def _walks_bound(scenario: Scenario, programme: _Programme, deadline: float) -> float | None:
    """Return the bound (weight) column generation over walks proves on top of `programme`,
    or None when no round of pricing finished in time."""
    members: dict[int, list[int]] = defaultdict(list)
    for c, col in enumerate(programme.cols):
        members[col.shift].append(c)
    shifts = programme.shifts
    pricings = {
        si: ShiftPricing(
            scenario,
            programme.times,
            shifts[si],
            programme.matrices[shifts[si].team.mode],
            programme.cols,
            m,
        )
        for si, m in members.items()
    }
    generation = ColumnGeneration(programme.lp, len(programme.cols), len(shifts), pricings)
    return generation.run(deadline)


def coverage_bound(scenario: Scenario, *, walk_seconds: float = WALK_SECONDS) -> Bound:
    """Return an upper bound on the `required_coverage` any valid plan of the week reaches:
    the relaxation with walks as columns, generated for at most `walk_seconds`; the
    relaxation alone with a travel matrix (no triangle inequality to rely on) or when
    `walk_seconds` is 0."""
    started = time.perf_counter()
    required = sum(z.weight * z.min_visits for z in scenario.zones)
    if required == 0:
        return Bound(1.0, 0, 0, 0.0)
    programme = _programme(scenario)
    if programme is None:
        return Bound(0.0, 0, 0, time.perf_counter() - started)
    lp = programme.lp
    weight = -lp.solve().value
    if scenario.travel.model != "matrix" and walk_seconds > 0:
        walks = _walks_bound(scenario, programme, time.perf_counter() + walk_seconds)
        if walks is not None:
            weight = min(weight, walks)
    value = min(1.0, weight / required)
    # Round up, with room for the solver's tolerance: a bound must never cut below the truth.
    rounded = min(1.0, math.ceil((value + 1e-6) * 10_000) / 10_000)
    return Bound(rounded, lp.columns, lp.rows, time.perf_counter() - started)
