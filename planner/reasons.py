"""Why a zone got no visit, in words a coordinator understands."""

from __future__ import annotations

from collections.abc import Iterable

from planner.candidates import compatible, shifts_of, start_windows
from planner.model import Scenario, Unvisited, Zone
from planner.travel import TravelTimes


def _skills(zone: Zone) -> str:
    names = sorted(zone.requires)
    quoted = [f"'{n}'" for n in names]
    if len(quoted) == 1:
        return f"skill {quoted[0]}"
    return "skills " + ", ".join(quoted[:-1]) + f" and {quoted[-1]}"


def reason(scenario: Scenario, times: TravelTimes, zone: Zone) -> str:
    """Return why no round could or did visit the zone."""
    return why(scenario, times, zone).reason


def why(scenario: Scenario, times: TravelTimes, zone: Zone) -> Unvisited:
    """Return why no round could or did visit the zone: words, and a code with parameters
    (`no-presence`, `no-skilled-team`, `no-team-while-present`, `shift-too-short`,
    `filled-by-higher-priority`) that pages translate."""
    skills = tuple(sorted(zone.requires))
    if not zone.presence:
        return Unvisited(zone.id, "people are not present at any time this week", "no-presence", {})
    teams = [t for t in scenario.teams if compatible(zone, t)]
    if not teams:
        return Unvisited(
            zone.id, f"no team has {_skills(zone)}", "no-skilled-team", {"skills": skills}
        )
    shifts = [s for s in shifts_of(scenario) if s.team in teams]
    overlapping = [s for s in shifts if any(s.span.intersect(p) for p in zone.presence)]
    if not overlapping:
        words = (
            f"no team with {_skills(zone)} works while people are present"
            if zone.requires
            else "no team works while people are present"
        )
        return Unvisited(zone.id, words, "no-team-while-present", {"skills": skills})
    if not any(start_windows(zone, s, times) for s in overlapping):
        minutes = zone.visit_s // 60
        return Unvisited(
            zone.id,
            "shift too short to reach it: the travel there and back and a "
            f"{minutes}-minute visit do not fit while people are present",
            "shift-too-short",
            {"minutes": minutes},
        )
    return Unvisited(
        zone.id,
        "the shifts that could reach it were filled by zones of higher priority",
        "filled-by-higher-priority",
        {},
    )


def unvisited(scenario: Scenario, times: TravelTimes, visited: Iterable[str]) -> list[Unvisited]:
    """Return every zone without a visit, each with its reason."""
    seen = set(visited)
    return [why(scenario, times, z) for z in scenario.zones if z.id not in seen]
