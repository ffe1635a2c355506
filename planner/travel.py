"""Travel times between a scenario's points, as the format document defines them exactly."""

from __future__ import annotations

import math
from functools import lru_cache

from planner.model import Point, Scenario

EARTH_RADIUS_M = 6_371_008.8


def haversine_m(a: Point, b: Point) -> float:
    """Return the great-circle distance in metres."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


class TravelTimes:
    """Seconds between the points of a scenario, indexed [team starts, team ends, zones].

    Legs to, from and between online zones take no time (in the matrix model their rows and
    columns are ignored).

    That index order is the one of the format's `matrix` model, so both models answer the
    same questions: `seconds(mode, i, j)` is unrounded; planning uses `ceil_seconds`, never
    shorter than the model, so every planned leg passes validation.
    """

    def __init__(self, scenario: Scenario) -> None:
        self._scenario = scenario
        teams = scenario.teams
        self.points: tuple[Point, ...] = (
            *(t.start for t in teams),
            *(t.end for t in teams),
            *(z.point for z in scenario.zones),
        )
        self._n_teams = len(teams)
        self._zone_index = {z.id: 2 * len(teams) + i for i, z in enumerate(scenario.zones)}
        self._team_index = {t.id: i for i, t in enumerate(teams)}
        self._online = frozenset(
            2 * len(teams) + i for i, z in enumerate(scenario.zones) if z.online
        )
        self._memo = lru_cache(maxsize=None)(self._seconds)

    def start_of(self, team_id: str) -> int:
        """Return the index of a team's start point."""
        return self._team_index[team_id]

    def end_of(self, team_id: str) -> int:
        """Return the index of a team's end point."""
        return self._n_teams + self._team_index[team_id]

    def zone(self, zone_id: str) -> int:
        """Return the index of a zone's point."""
        return self._zone_index[zone_id]

    def seconds(self, mode: str, i: int, j: int) -> float:
        """Return the modelled travel time from point i to point j."""
        return self._memo(mode, i, j)

    def ceil_seconds(self, mode: str, i: int, j: int) -> int:
        """Return the travel time rounded up to a whole second."""
        return math.ceil(self.seconds(mode, i, j) - 1e-9)

    def _seconds(self, mode: str, i: int, j: int) -> float:
        travel = self._scenario.travel
        if i == j or i in self._online or j in self._online:
            return 0.0  # online zones are worked from the office: no leg takes time
        if travel.model == "matrix":
            return float(travel.seconds[mode][i][j])
        speed = travel.speed_kmh[mode] / 3.6
        return haversine_m(self.points[i], self.points[j]) * travel.detour / speed

    def metres(self, i: int, j: int) -> float:
        """Return the modelled road distance (haversine × detour) in metres."""
        return haversine_m(self.points[i], self.points[j]) * self._scenario.travel.detour
