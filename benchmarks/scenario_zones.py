"""Draw the zones of a scenario: place, kind, presence, visits and requirements."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from benchmarks.scenario_hours import PRESENCE, Presence
from benchmarks.scenario_places import draw_place

LANGUAGES = ("ro", "bg", "es", "pt", "zh", "ru")
TROD = "trod"
REQUIRES_SHARE = 0.25


@dataclass(frozen=True, slots=True)
class Kind:
    """How zones of one kind look: frequency, distance, visit length, weight, languages."""

    share: float
    far_share: float
    visit: tuple[int, int]
    weight: tuple[int, int]
    languages: tuple[int, ...]  # relative weights over LANGUAGES


KINDS: dict[str, Kind] = {
    "street": Kind(0.30, 0.15, (15, 30), (3, 8), (4, 3, 2, 2, 1, 1)),
    "green-space": Kind(0.15, 0.25, (15, 30), (1, 5), (2, 2, 1, 1, 1, 1)),
    "station": Kind(0.10, 0.10, (15, 30), (2, 6), (3, 2, 1, 1, 1, 2)),
    "nightclub-bar": Kind(0.15, 0.05, (20, 45), (2, 7), (2, 2, 2, 2, 1, 2)),
    "sauna-massage": Kind(0.10, 0.15, (20, 40), (2, 6), (1, 1, 1, 1, 6, 1)),
    "housing-complex": Kind(0.20, 0.40, (30, 45), (2, 8), (4, 4, 1, 1, 1, 1)),
}


def _requires(rng: random.Random, kind: Kind) -> list[str]:
    """Draw what a visit needs: usually nothing, else a language, rapid testing, or both."""
    if rng.random() >= REQUIRES_SHARE:
        return []
    language = rng.choices(LANGUAGES, weights=kind.languages)[0]
    draw = rng.random()
    if draw < 0.6:
        return [language]
    if draw < 0.9:
        return [TROD]
    return sorted([language, TROD])


def _visits(rng: random.Random, presence: Presence) -> tuple[int, int, int]:
    """Draw min_visits, max_visits and min_night_visits, achievable within the presence days."""
    min_visits = min(rng.choices((0, 1, 2, 3), weights=(2, 4, 3, 1))[0], presence.days)
    low = max(1, min_visits)
    max_visits = rng.randint(low, max(low, min(4, presence.days)))
    night = 0
    if presence.night:
        night = min(rng.choices((0, 1, 2), weights=(2, 5, 2))[0], max_visits)
    return min_visits, max_visits, night


def draw_zone(rng: random.Random, number: int, center: tuple[float, float]) -> dict[str, Any]:
    """Draw one zone of a random kind."""
    name = rng.choices(list(KINDS), weights=[k.share for k in KINDS.values()])[0]
    kind = KINDS[name]
    lon, lat = draw_place(rng, center, 4.0, 8.0, kind.far_share)
    presence = PRESENCE[name](rng)
    min_visits, max_visits, night = _visits(rng, presence)
    return {
        "id": f"Z{number}",
        "lon": lon,
        "lat": lat,
        "presence": presence.hours,
        "visit_minutes": rng.randrange(kind.visit[0], kind.visit[1] + 1, 5),
        "weight": rng.randint(*kind.weight),
        "min_visits": min_visits,
        "max_visits": max_visits,
        "min_night_visits": night,
        "requires": _requires(rng, kind),
    }
