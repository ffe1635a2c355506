"""Value types of the weekly planner: integer seconds (UNIX time) and metres, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

NIGHT_START_H = 21  # a visit starting in [21:00, 06:00) local time is a night visit
NIGHT_END_H = 6
SEPARATION_S = 12 * 3600  # a visit counts 12 hours or more after the previous counted one


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """A half-open span [start, end) of UNIX seconds."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("an interval ends before it starts")

    @property
    def length(self) -> int:
        """Return the duration in seconds."""
        return self.end - self.start

    def contains(self, start: int, end: int) -> bool:
        """Return True when [start, end] lies within the interval."""
        return self.start <= start and end <= self.end

    def intersect(self, other: Interval) -> Interval | None:
        """Return the overlap, or None."""
        lo, hi = max(self.start, other.start), min(self.end, other.end)
        return Interval(lo, hi) if lo < hi else None


@dataclass(frozen=True, slots=True)
class Point:
    """A WGS 84 position."""

    lon: float
    lat: float


@dataclass(frozen=True, slots=True)
class Zone:
    """A place to visit, when people are there, and what a visit needs."""

    id: str
    point: Point
    presence: tuple[Interval, ...]
    visit_s: int
    weight: int
    min_visits: int
    max_visits: int
    min_night_visits: int
    requires: frozenset[str] = frozenset()
    min_weekend_visits: int = 0
    last_visit: int | None = None  # the latest counted visit before the week
    online: bool = False  # outreach on websites and apps: no position, no travel


@dataclass(frozen=True, slots=True)
class Team:
    """A team: how it moves, where rounds start and end, when it works, what it can do."""

    id: str
    mode: str
    start: Point
    end: Point
    shifts: tuple[Interval, ...]
    skills: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Travel:
    """How long legs take: haversine × detour at the mode's speed, or given matrices."""

    model: str
    detour: float = 1.3
    speed_kmh: dict[str, float] = field(default_factory=dict)
    seconds: dict[str, tuple[tuple[float, ...], ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Scenario:
    """Everything the weekly planner needs (format 1), with hours already evaluated."""

    name: str
    timezone: str
    horizon: Interval
    zones: tuple[Zone, ...]
    teams: tuple[Team, ...]
    travel: Travel
    night: tuple[Interval, ...]
    warnings: tuple[str, ...] = ()
    weekend: tuple[Interval, ...] = ()  # Saturdays, Sundays and public holidays, local days

    def zone(self, zone_id: str) -> Zone:
        """Return a zone by id (KeyError when unknown)."""
        for z in self.zones:
            if z.id == zone_id:
                return z
        raise KeyError(zone_id)

    def team(self, team_id: str) -> Team:
        """Return a team by id (KeyError when unknown)."""
        for t in self.teams:
            if t.id == team_id:
                return t
        raise KeyError(team_id)


@dataclass(frozen=True, slots=True)
class Stop:
    """A visit: when the team arrives, and when the visit starts and ends."""

    zone: str
    arrive: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Round:
    """One team during one shift: departure, stops in order, return."""

    team: str
    shift: Interval
    depart: int
    stops: tuple[Stop, ...]
    back: int


@dataclass(frozen=True, slots=True)
class Unvisited:
    """A zone with no visit, and why: in words a coordinator understands (English), and as a
    code with parameters that pages translate."""

    zone: str
    reason: str
    code: str = "filled-by-higher-priority"
    params: Mapping[str, str | int | tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Objective:
    """The plan's scores, compared lexicographically in this order (travel: less is better)."""

    required_coverage: float
    night_requirements_met: float
    weighted_visits: int
    travel_minutes: float
    weekend_requirements_met: float = 1.0

    def key(self) -> tuple[float, float, float, int, float]:
        """Return the comparison key (greater is better)."""
        return (
            self.required_coverage,
            self.night_requirements_met,
            self.weekend_requirements_met,
            self.weighted_visits,
            -self.travel_minutes,
        )


@dataclass(frozen=True, slots=True)
class Plan:
    """A week of rounds, the zones left unvisited, warnings and the objective."""

    scenario: str
    rounds: tuple[Round, ...]
    unvisited: tuple[Unvisited, ...]
    warnings: tuple[str, ...]
    objective: Objective
