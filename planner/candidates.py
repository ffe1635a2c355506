"""Which zone could be visited in which shift, and when: the windows a visit may start in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planner.model import SEPARATION_S, Interval, Scenario, Team, Zone
from planner.travel import TravelTimes


@dataclass(frozen=True, slots=True)
class Shift:
    """One working interval of one team: a possible round."""

    team: Team
    span: Interval

    @property
    def key(self) -> tuple[str, int]:
        """Return a stable identity (team, start)."""
        return self.team.id, self.span.start


def shifts_of(scenario: Scenario) -> list[Shift]:
    """Return every shift of every team that starts within the horizon, by start."""
    out = [
        Shift(team, span)
        for team in scenario.teams
        for span in team.shifts
        if scenario.horizon.start <= span.start < scenario.horizon.end
    ]
    return sorted(out, key=lambda s: (s.span.start, s.team.id))


def subtract(windows: Iterable[Interval], holes: Iterable[Interval]) -> list[Interval]:
    """Return `windows` minus `holes` (closed start windows: single instants are kept)."""
    out = list(windows)
    for hole in holes:
        nxt = []
        for w in out:
            if hole.end <= w.start or hole.start > w.end:
                nxt.append(w)
                continue
            if w.start < hole.start:
                nxt.append(Interval(w.start, hole.start - 1))
            if hole.end <= w.end:
                nxt.append(Interval(hole.end, w.end))
        out = nxt
    return out


def split_at(windows: Iterable[Interval], marks: Sequence[Interval]) -> list[tuple[Interval, bool]]:
    """Cut start windows along `marks`; say for each piece whether it lies inside a mark."""
    out: list[tuple[Interval, bool]] = []
    for w in windows:
        cuts = sorted(
            {w.start, w.end + 1}
            | {m.start for m in marks if w.start < m.start <= w.end}
            | {m.end for m in marks if w.start < m.end <= w.end}
        )
        for lo, hi in zip(cuts, cuts[1:], strict=False):
            inside = any(m.start <= lo < m.end for m in marks)
            out.append((Interval(lo, hi - 1), inside))
    return out


def start_windows(
    zone: Zone, shift: Shift, times: TravelTimes, others: Sequence[int] = ()
) -> list[Interval]:
    """Return the closed windows [early, late] in which a visit of `zone` may start.

    A visit fits wholly in one presence interval and in the shift with the travel from and
    back to the depots, and starts 12 hours or more away from the zone's other visits and
    after its last visit before the week.
    """
    mode = shift.team.mode
    here = times.zone(zone.id)
    to = times.ceil_seconds(mode, times.start_of(shift.team.id), here)
    back = times.ceil_seconds(mode, here, times.end_of(shift.team.id))
    earliest = shift.span.start + to
    latest = shift.span.end - back - zone.visit_s
    windows = []
    for p in zone.presence:
        lo, hi = max(p.start, earliest), min(p.end - zone.visit_s, latest)
        if lo <= hi:
            windows.append(Interval(lo, hi))
    marks = [*others, *(() if zone.last_visit is None else (zone.last_visit,))]
    holes = [Interval(t - SEPARATION_S + 1, t + SEPARATION_S) for t in marks]
    return subtract(windows, holes)


def flagged(
    windows: Iterable[Interval], marks: Sequence[Sequence[Interval]]
) -> list[tuple[Interval, tuple[bool, ...]]]:
    """Cut start windows along each set of marks; say for each piece which sets it lies in."""
    pieces: list[tuple[Interval, tuple[bool, ...]]] = [(w, ()) for w in windows]
    for mark in marks:
        pieces = [
            (piece, (*flags, inside))
            for w, flags in pieces
            for piece, inside in split_at([w], mark)
        ]
    return pieces


def compatible(zone: Zone, team: Team) -> bool:
    """Return True when the team has every skill the zone requires."""
    return zone.requires <= team.skills
