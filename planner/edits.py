"""A coordinator's changes to a planned week: rounds named by their team, shift and zones in
order, timed again as early as travel and presence allow, then checked by the validator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner.model import Interval, Objective, Plan, Round, Scenario, Stop, Team
from planner.reasons import unvisited
from planner.travel import TravelTimes
from planner.validate import Violation, objective, problems


@dataclass(frozen=True, slots=True)
class RoundEdit:
    """A round as the coordinator wants it: which team, during the shift that holds
    `shift_start`, visiting `zones` in order."""

    team: str
    shift_start: int
    zones: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Edited:
    """The week the edits make, and what the validator says of it."""

    plan: Plan
    violations: tuple[Violation, ...]


def _shift(team: Team, at: int) -> Interval | None:
    """Return the team's shift that starts at `at`, else the one that holds it."""
    exact = [s for s in team.shifts if s.start == at]
    if exact:
        return exact[0]
    holding = [s for s in team.shifts if s.start <= at < s.end]
    return holding[0] if holding else None


def _earliest(presence: Sequence[Interval], arrive: int, visit_s: int, until: int) -> int:
    """Return the earliest start at or after `arrive` of a visit wholly inside a presence
    interval and ending by `until` (`arrive` itself when none fits: the validator then says
    why)."""
    for p in sorted(presence):
        start = max(arrive, p.start)
        if start + visit_s <= min(p.end, until):
            return start
    return arrive


def retime(
    scenario: Scenario, times: TravelTimes, team: Team, shift: Interval, zones: Sequence[str]
) -> Round:
    """Time a round from its shift's start: each leg at the model's (rounded up) travel time,
    each visit as early as its zone's presence allows."""
    point, now = times.start_of(team.id), shift.start
    stops = []
    known = {z.id: z for z in scenario.zones}
    for zone_id in zones:
        zone = known[zone_id]
        here = times.zone(zone_id)
        arrive = now + times.ceil_seconds(team.mode, point, here)
        start = _earliest(zone.presence, arrive, zone.visit_s, shift.end)
        stops.append(Stop(zone_id, arrive, start, start + zone.visit_s))
        point, now = here, start + zone.visit_s
    back = now + times.ceil_seconds(team.mode, point, times.end_of(team.id))
    return Round(team.id, shift, shift.start, tuple(stops), back)


def _refusal(code: str, message: str, **params: str | int) -> Violation:
    return Violation(code, message, params)


def apply_edits(
    scenario: Scenario, original: Sequence[Round], edits: Sequence[RoundEdit]
) -> Edited:
    """Build the week the edits describe. A round the edits leave as it was (same team, shift
    and zones) keeps its times; any other is timed again. Rounds keep the edits' order; rounds
    without a zone are dropped."""
    times = TravelTimes(scenario)
    kept = {(r.team, r.shift.start, tuple(s.zone for s in r.stops)): r for r in original}
    known = {z.id for z in scenario.zones}
    rounds: list[Round] = []
    refused: list[Violation] = []
    for edit in edits:
        if not edit.zones:
            continue
        same = kept.get((edit.team, edit.shift_start, edit.zones))
        if same is not None:
            rounds.append(same)
            continue
        try:
            team = scenario.team(edit.team)
        except KeyError:
            refused.append(_refusal("unknown-team", f"unknown team {edit.team!r}", team=edit.team))
            continue
        strangers = [z for z in edit.zones if z not in known]
        if strangers:
            refused += [_refusal("unknown-zone", f"unknown zone {z!r}", zone=z) for z in strangers]
            continue
        shift = _shift(team, edit.shift_start)
        if shift is None:
            refused.append(
                _refusal("no-shift-then", f"team {team.id} does not work then", team=team.id)
            )
            continue
        rounds.append(retime(scenario, times, team, shift, edit.zones))
    found = tuple(refused) + tuple(problems(scenario, rounds))
    visited = {s.zone for r in rounds for s in r.stops}
    score: Objective = objective(scenario, rounds)
    plan = Plan(
        scenario=scenario.name,
        rounds=tuple(rounds),
        unvisited=tuple(unvisited(scenario, times, visited)),
        warnings=(),
        objective=score,
    )
    return Edited(plan, found)
