"""Pairs of shifts to route together so that a zone short of its night or weekend visits can
move a visit from one to the other.

One shift at a time cannot: the zone is at its `max_visits` in the first, so the second is not
offered it, and the first would lose coverage by dropping it.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

from planner.candidates import Shift, compatible, split_at, start_windows
from planner.model import Interval, Round, Scenario
from planner.travel import TravelTimes
from planner.validate import counted_visits

EXCHANGES = 8
"""Pairs returned at most (a seeded sample of them)."""


def exchanges(
    scenario: Scenario,
    times: TravelTimes,
    rounds: Sequence[Round],
    free: Sequence[Shift],
    rng: random.Random,
) -> list[list[Shift]]:
    """Return pairs (a, b) of free shifts of teams with the same skills: a visits a zone that
    lacks night or weekend visits, and b could visit it inside the marks it lacks."""
    starts: dict[str, list[int]] = defaultdict(list)
    where: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for r in rounds:
        for stop in r.stops:
            starts[stop.zone].append(stop.start)
            where[stop.zone].append((r.team, r.shift.start))
    by_key = {s.key: s for s in free}
    out: list[list[Shift]] = []
    for zone in scenario.zones:
        counted = counted_visits(zone, starts[zone.id])
        short = [
            marks
            for marks, needed in (
                (scenario.night, zone.min_night_visits),
                (scenario.weekend, zone.min_weekend_visits),
            )
            if sum(1 for t in counted if inside(marks, t)) < needed
        ]
        if not short:
            continue
        for a in (by_key[key] for key in where[zone.id] if key in by_key):
            for b in free:
                if b is a or b.team.skills != a.team.skills or not compatible(zone, b.team):
                    continue
                windows = start_windows(zone, b, times)
                if any(hit for marks in short for _, hit in split_at(windows, marks)):
                    out.append([a, b])
    rng.shuffle(out)
    return out[:EXCHANGES]


def inside(marks: Sequence[Interval], t: int) -> bool:
    """Return True when the instant t lies in one of the marks (nights, weekend days)."""
    return any(m.start <= t < m.end for m in marks)
