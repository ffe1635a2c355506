"""The independent plan validator: every rule of the format document, and the exact objective.

It shares nothing with the planner's search but the value types and the travel model, so a
plan the planner gets wrong is caught here, and any implementation of the format agrees.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from planner.model import (
    SEPARATION_S,
    Interval,
    Objective,
    Round,
    Scenario,
    Stop,
    Zone,
)
from planner.travel import TravelTimes

TOLERANCE_S = 1.0  # leg times are not rounded; checks allow one second


def _in_any(intervals: Sequence[Interval], start: int, end: int) -> bool:
    return any(i.contains(start, end) for i in intervals)


def _is_night(scenario: Scenario, start: int) -> bool:
    return any(n.start <= start < n.end for n in scenario.night)


def _is_weekend(scenario: Scenario, start: int) -> bool:
    return any(d.start <= start < d.end for d in scenario.weekend)


@dataclass(frozen=True, slots=True)
class Violation:
    """A rule a plan breaks: a code and parameters that pages translate, and English words."""

    code: str
    message: str
    params: Mapping[str, str | int | tuple[str, ...]] = field(default_factory=dict)


def _check_round(scenario: Scenario, times: TravelTimes, r: Round) -> list[Violation]:
    where = f"round of {r.team} departing {r.depart}"
    try:
        team = scenario.team(r.team)
    except KeyError:
        return [Violation("unknown-team", f"{where}: unknown team {r.team!r}", {"team": r.team})]
    out: list[Violation] = []
    if r.shift not in team.shifts:
        out.append(
            Violation(
                "not-a-shift",
                f"{where}: shift {r.shift.start}-{r.shift.end} is not one of the team's shifts",
            )
        )
    if r.depart < r.shift.start or r.back > r.shift.end:
        out.append(Violation("outside-shift", f"{where}: departs or returns outside its shift"))
    prev_point, prev_time = times.start_of(team.id), float(r.depart)
    for stop in r.stops:
        out += _check_stop(
            scenario, times, team.mode, team.skills, where, stop, prev_point, prev_time
        )
        if stop.zone in {z.id for z in scenario.zones}:
            prev_point = times.zone(stop.zone)
        prev_time = float(stop.end)
    kinds = {z.online for z in scenario.zones if z.id in {s.zone for s in r.stops}}
    if len(kinds) > 1:
        out.append(
            Violation("mixed-online", f"{where}: online zones go in rounds of online zones only")
        )
    leg = times.seconds(team.mode, prev_point, times.end_of(team.id))
    if r.back + TOLERANCE_S < prev_time + leg:
        late = round(prev_time + leg - r.back)
        out.append(
            Violation(
                "too-early",
                f"{where}: returns {late} s too early to have travelled",
                {"seconds": late},
            )
        )
    return out


def _check_stop(
    scenario: Scenario,
    times: TravelTimes,
    mode: str,
    skills: frozenset[str],
    where: str,
    stop: Stop,
    prev_point: int,
    prev_time: float,
) -> list[Violation]:
    try:
        zone = scenario.zone(stop.zone)
    except KeyError:
        return [
            Violation("unknown-zone", f"{where}: unknown zone {stop.zone!r}", {"zone": stop.zone})
        ]
    out = []
    here = f"{where}, zone {zone.id}"
    at = {"zone": zone.id}
    leg = times.seconds(mode, prev_point, times.zone(zone.id))
    if stop.arrive + TOLERANCE_S < prev_time + leg:
        early = round(prev_time + leg - stop.arrive)
        out.append(
            Violation(
                "too-early",
                f"{here}: arrives {early} s too early to have travelled",
                {**at, "seconds": early},
            )
        )
    if stop.start < stop.arrive:
        out.append(Violation("starts-before-arrival", f"{here}: starts before arriving", at))
    if stop.end - stop.start < zone.visit_s:
        minutes = zone.visit_s // 60
        out.append(
            Violation(
                "visit-too-short",
                f"{here}: visit shorter than {minutes} minutes",
                {**at, "minutes": minutes},
            )
        )
    if not _in_any(zone.presence, stop.start, stop.end):
        out.append(
            Violation(
                "outside-presence", f"{here}: visit not wholly inside a presence interval", at
            )
        )
    missing = zone.requires - skills
    if missing:
        out.append(
            Violation(
                "missing-skills",
                f"{here}: team lacks skill(s) {', '.join(sorted(missing))}",
                {**at, "skills": tuple(sorted(missing))},
            )
        )
    return out


def _overlaps(rounds: Sequence[Round]) -> list[Violation]:
    out = []
    by_team: dict[str, list[Round]] = defaultdict(list)
    for r in rounds:
        by_team[r.team].append(r)
    for team, mine in by_team.items():
        mine.sort(key=lambda r: r.depart)
        for a, b in zip(mine, mine[1:], strict=False):
            if b.depart < a.back:
                out.append(
                    Violation(
                        "two-rounds-at-once",
                        f"team {team} is in two rounds at once ({a.depart} and {b.depart})",
                        {"team": team},
                    )
                )
    return out


def problems(scenario: Scenario, rounds: Sequence[Round]) -> list[Violation]:
    """Return every rule the rounds break, as codes with parameters (empty: valid)."""
    times = TravelTimes(scenario)
    out = []
    for r in rounds:
        out += _check_round(scenario, times, r)
    return out + _overlaps(rounds)


def violations(scenario: Scenario, rounds: Sequence[Round]) -> list[str]:
    """Return every rule the rounds break, in words (empty: the plan is valid)."""
    return [v.message for v in problems(scenario, rounds)]


def objective(scenario: Scenario, rounds: Sequence[Round]) -> Objective:
    """Compute the objective block exactly as the format document defines it."""
    times = TravelTimes(scenario)
    known = {z.id for z in scenario.zones}
    starts: dict[str, list[int]] = defaultdict(list)
    travel_s = 0.0
    for r in rounds:
        team = scenario.team(r.team)
        point = times.start_of(team.id)
        for stop in r.stops:
            if stop.zone not in known:
                continue
            travel_s += times.seconds(team.mode, point, times.zone(stop.zone))
            point = times.zone(stop.zone)
            starts[stop.zone].append(stop.start)
        travel_s += times.seconds(team.mode, point, times.end_of(team.id))
    required = achieved = weighted = 0
    night_zones = night_met = weekend_zones = weekend_met = 0
    for zone in scenario.zones:
        counted = counted_visits(zone, starts[zone.id])
        required += zone.weight * zone.min_visits
        achieved += zone.weight * min(len(counted), zone.min_visits)
        weighted += zone.weight * len(counted)
        if zone.min_night_visits > 0:
            night_zones += 1
            nights = sum(1 for s in counted if _is_night(scenario, s))
            night_met += nights >= zone.min_night_visits
        if zone.min_weekend_visits > 0:
            weekend_zones += 1
            days = sum(1 for s in counted if _is_weekend(scenario, s))
            weekend_met += days >= zone.min_weekend_visits
    return Objective(
        required_coverage=_ratio(achieved, required),
        night_requirements_met=_ratio(night_met, night_zones),
        weighted_visits=weighted,
        travel_minutes=round(travel_s / 60, 1),
        weekend_requirements_met=_ratio(weekend_met, weekend_zones),
    )


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 1.0


def counted_visits(zone: Zone, starts: Sequence[int]) -> list[int]:
    """Return the starts of the visits that count: 12 hours or more after the previous counted
    one (the zone's `last_visit` before the week included), up to `max_visits`."""
    counted: list[int] = []
    previous = zone.last_visit
    for start in sorted(starts):
        if len(counted) >= zone.max_visits:
            break
        if previous is None or start - previous >= SEPARATION_S:
            counted.append(start)
            previous = start
    return counted
