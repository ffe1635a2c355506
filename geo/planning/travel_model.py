"""The planner's travel model from the street network, when one covers the scenario.

For every mode a team uses, the times between the scenario's points ([team starts…, team
ends…, zones…], the format's matrix order) come from the network, rounded up to the second.
When a point is off the network for a mode, or two points are not connected, the whole
scenario falls back to straight lines, and the plan says why.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from geo.db import Reader
from geo.streets.network import WORDS, Snap, Unreachable, has_network, snap, travel_matrix
from geo.streets.routes import dedupe, paths_from
from geo.values import LonLat
from geo.vocab import Mode

FALLBACK = (
    "travel times are straight lines × 1.3 at walking, cycling or driving speed, because {why}"
)


def _points(scenario: dict[str, Any]) -> list[LonLat]:
    teams = scenario["teams"]
    office = LonLat(teams[0]["start"]["lon"], teams[0]["start"]["lat"])
    return [
        *(LonLat(t["start"]["lon"], t["start"]["lat"]) for t in teams),
        *(LonLat(t["end"]["lon"], t["end"]["lat"]) for t in teams),
        # An online zone has no place: its rows and columns are present and ignored (the
        # format's rule), so any point the network reaches will do, a team's start.
        *(office if z.get("online") else LonLat(z["lon"], z["lat"]) for z in scenario["zones"]),
    ]


def _label(scenario: dict[str, Any], index: int) -> str:
    teams = scenario["teams"]
    n = len(teams)
    if index < n:
        return f"the start of team {teams[index]['id']}"
    if index < 2 * n:
        return f"the end of team {teams[index - n]['id']}"
    return f"zone {scenario['zones'][index - 2 * n]['id']}"


async def network_travel(
    reader: Reader, scenario: dict[str, Any]
) -> tuple[dict[str, Any] | None, str | None]:
    """Return the matrix travel model for the scenario, or None and the reason it has none."""
    points = _points(scenario)
    modes = sorted({Mode(t["mode"]) for t in scenario["teams"]})
    seconds: dict[str, list[list[int]]] = {}
    for mode in modes:
        if not await has_network(reader, mode):
            return None, f"no street network is loaded for travel {WORDS[mode]}"
        matrix = await travel_matrix(reader, mode, points)
        for i, s in enumerate(matrix.snaps):
            if isinstance(s, Unreachable):
                return None, f"{_label(scenario, i)} is {s.reason}"
        if not matrix.complete:
            i, j = next(
                (i, j)
                for i, row in enumerate(matrix.seconds)
                for j, v in enumerate(row)
                if v is None
            )
            return None, (
                f"no street leads {WORDS[mode]} from {_label(scenario, i)} to {_label(scenario, j)}"
            )
        seconds[mode.value] = [
            [0 if v is None else math.ceil(v) for v in row] for row in matrix.seconds
        ]
    return {"model": "matrix", "seconds": seconds}, None


async def round_paths(
    reader: Reader, scenario: dict[str, Any], rounds: Sequence[dict[str, Any]]
) -> list[list[list[float]]]:
    """Return each round's path along the streets: start, stops, end ([lon, lat] points);
    a leg the network cannot route is drawn straight, a desk round has none (empty)."""
    teams = {t["id"]: t for t in scenario["teams"]}
    zones = {z["id"]: LonLat(z["lon"], z["lat"]) for z in scenario["zones"] if not z.get("online")}
    out: list[list[list[float]]] = []
    for r in rounds:
        if not any(s["zone"] in zones for s in r["stops"]):
            out.append([])  # a desk round (online zones only) goes along no street
            continue
        team = teams[r["team"]]
        mode = Mode(team["mode"])
        stops = [  # an online zone is visited from the office: no way to it
            LonLat(team["start"]["lon"], team["start"]["lat"]),
            *(zones[s["zone"]] for s in r["stops"] if s["zone"] in zones),
            LonLat(team["end"]["lon"], team["end"]["lat"]),
        ]
        snaps = await snap(reader, mode, stops)
        line: list[tuple[float, float]] = [(stops[0].lon, stops[0].lat)]
        for k in range(len(stops) - 1):
            a, b = snaps[k], snaps[k + 1]
            leg: list[tuple[float, float]] = []
            if isinstance(a, Snap) and isinstance(b, Snap):
                [found] = await paths_from(reader, mode, a, [b], [stops[k], stops[k + 1]])
                leg = found[2] if found is not None else []
            line.extend([*leg, (stops[k + 1].lon, stops[k + 1].lat)])
        out.append([[round(x, 7), round(y, 7)] for x, y in dedupe(line)])
    return out
