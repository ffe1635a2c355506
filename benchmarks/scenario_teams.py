"""Draw the teams of a scenario: premises, travel modes, shifts and skills."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from typing import Any

from benchmarks.scenario_hours import span, weekdays
from benchmarks.scenario_places import draw_place, haversine_m
from benchmarks.scenario_zones import LANGUAGES, TROD


def _night_shift(rng: random.Random, days: Sequence[int]) -> str:
    start = rng.choice([20 * 60, 20 * 60 + 30, 21 * 60, 22 * 60])
    return f"{weekdays(days)} {span(start, rng.choice([240, 300, 360]))}"


def _day_shift(rng: random.Random, days: Sequence[int]) -> str:
    start = rng.choice([9 * 60 + 30, 10 * 60, 13 * 60, 14 * 60, 15 * 60])
    return f"{weekdays(days)} {span(start, rng.choice([240, 240, 300, 360]))}"


def _shifts(rng: random.Random, style: str) -> str:
    """Draw a week of shifts: nights, days, or a few nights and one day (disjoint days)."""
    if style == "night":
        nights = rng.choice([(0, 2, 4), (1, 3), (5, 6), (3, 4, 5), (1, 4), (0, 3)])
        return _night_shift(rng, nights)
    if style == "day":
        days = rng.choice([range(5), (0, 2, 4), (1, 3), (1, 2, 3), (0, 1, 3, 4)])
        return _day_shift(rng, days)
    nights = rng.choice([(1, 3), (0, 2), (2, 4), (0, 3)])
    # The day shift falls on a day that no night shift spills into.
    day = rng.choice([d for d in range(7) if d not in nights and d - 1 not in nights])
    return f"{_night_shift(rng, nights)}; {_day_shift(rng, [day])}"


def _styles(rng: random.Random, teams: int) -> list[str]:
    """Draw shift styles so that someone works at night and, with two teams, someone by day."""
    if teams == 1:
        return ["mixed"]
    rest = rng.choices(["night", "mixed", "day"], weights=[0.45, 0.3, 0.25], k=teams - 2)
    styles = ["night", "day", *rest]
    rng.shuffle(styles)
    return styles


def _modes(
    rng: random.Random, zones: Sequence[dict[str, Any]], teams: int, center: tuple[float, float]
) -> list[str]:
    """Draw travel modes: the more spread out the zones, the more cars."""
    distances = sorted(haversine_m(center, (z["lon"], z["lat"])) for z in zones)
    p90_km = distances[int(0.9 * (len(distances) - 1))] / 1000
    car = min(0.7, max(0.15, (p90_km - 2.0) / 8.0))
    return rng.choices(
        ["foot", "bike", "car"], weights=[(1 - car) / 2, (1 - car) / 2, car], k=teams
    )


def _skills(rng: random.Random, zones: Sequence[dict[str, Any]], teams: int) -> list[list[str]]:
    """Give the teams most skills the zones require (the commonest always), and a few more."""
    needed = Counter(s for z in zones for s in z["requires"])
    skills: list[set[str]] = [set() for _ in range(teams)]
    ranked = sorted(needed.items(), key=lambda item: (-item[1], item[0]))
    may_miss = max(1, len(ranked) // 4)
    for rank, (skill, _count) in enumerate(ranked):
        if rank > 0 and may_miss > 0 and rng.random() < 0.2:
            may_miss -= 1
            continue  # nobody has it this week
        holders = 1 + int(rng.random() < 0.3) + (teams // 3 if skill == TROD else 0)
        for t in rng.sample(range(teams), k=min(teams, holders)):
            skills[t].add(skill)
    for team in skills:
        if rng.random() < 0.2:
            team.add(rng.choice(LANGUAGES))
    return [sorted(team) for team in skills]


def draw_teams(
    rng: random.Random, zones: Sequence[dict[str, Any]], teams: int, center: tuple[float, float]
) -> list[dict[str, Any]]:
    """Draw the teams: premises near the centre, mode, shifts and skills."""
    premises = [draw_place(rng, center, 1.0, 1.0, 0.0) for _ in range(min(3, 1 + teams // 4))]
    modes = _modes(rng, zones, teams, center)
    styles = _styles(rng, teams)
    skills = _skills(rng, zones, teams)
    result: list[dict[str, Any]] = []
    for i in range(teams):
        lon, lat = rng.choice(premises)
        result.append(
            {
                "id": f"T{i + 1}",
                "mode": modes[i],
                "start": {"lon": lon, "lat": lat},
                "end": {"lon": lon, "lat": lat},
                "shifts": _shifts(rng, styles[i]),
                "skills": skills[i],
            }
        )
    return result
