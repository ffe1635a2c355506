"""Draw when people are in a zone, as opening-hours expressions by zone kind."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

DAY_NAMES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
NIGHT_FROM = 22 * 60  # a presence ending at or after 22:00 leaves room for a visit from 21:00


@dataclass(frozen=True, slots=True)
class Presence:
    """A generated presence pattern: its expression, days per week, and whether it is nightly."""

    hours: str
    days: int
    night: bool


# --- time and day formatting -----------------------------------------------------------------


def _hm(minutes: int) -> str:
    """Format minutes after midnight as HH:MM (past midnight wraps: 26:00 is 02:00)."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def span(start: int, length: int) -> str:
    """Format a time span from its start (minutes after midnight) and length in minutes."""
    end = start + length
    return f"{_hm(start)}-{'24:00' if end == 24 * 60 else _hm(end)}"


def weekdays(days: Sequence[int]) -> str:
    """Format weekday numbers (0 = Monday) as an OSM selector: runs of three or more as ranges."""
    ordered = sorted(set(days))
    runs: list[list[int]] = []
    for d in ordered:
        if runs and runs[-1][-1] == d - 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAY_NAMES[run[0]]}-{DAY_NAMES[run[-1]]}")
        else:
            parts.extend(DAY_NAMES[d] for d in run)
    return ",".join(parts)


def _choose_days(rng: random.Random, options: Sequence[Sequence[int]]) -> list[int]:
    return list(rng.choice(options))


# --- presence by zone kind -------------------------------------------------------------------


def _street(rng: random.Random) -> Presence:
    """Street work at night, later on Friday and Saturday, a little earlier on holidays."""
    week = _choose_days(rng, [(0, 1, 2, 3), (1, 2, 3), (0, 2, 3), (0, 1, 2, 3, 6), (2, 3, 6)])
    start = rng.choice([20 * 60, 20 * 60 + 30, 21 * 60, 21 * 60 + 30, 22 * 60])
    end = 24 * 60 + rng.choice([60, 90, 120, 180])
    weekend_end = min(end + rng.choice([60, 120, 180]), 30 * 60)
    hours = f"{weekdays(week)} {span(start, end - start)}; Fr,Sa {span(start, weekend_end - start)}"
    if rng.random() < 0.7:
        hours += f"; PH {span(start - 60, weekend_end - start)}"
    return Presence(hours, len(week) + 2, night=True)


def _station(rng: random.Random) -> Presence:
    """Stations in the evening, every day, sometimes later at the weekend."""
    start = rng.choice([17 * 60, 17 * 60 + 30, 18 * 60, 19 * 60])
    length = rng.choice([240, 270, 300, 330, 360])
    if rng.random() < 0.5:
        hours = f"Mo-Su {span(start, length)}"
    else:
        hours = f"Mo-Fr {span(start, length)}; Sa,Su {span(start + 60, length)}"
    return Presence(hours, 7, night=start + length >= NIGHT_FROM)


def _green_space(rng: random.Random) -> Presence:
    """Parks and gardens by day, closed on public holidays."""
    days = _choose_days(rng, [range(5), range(6), range(1, 6), (0, 2, 4), range(7)])
    start = rng.choice([9 * 60, 9 * 60 + 30, 10 * 60, 11 * 60])
    length = rng.choice([360, 420, 480, 540])
    return Presence(f"{weekdays(days)} {span(start, length)}; PH off", len(days), night=False)


def _nightclub_bar(rng: random.Random) -> Presence:
    """Bars and nightclubs late at night towards the weekend."""
    days = _choose_days(rng, [(2, 3, 4, 5), (3, 4, 5), (4, 5), (3, 4, 5, 6)])
    start = rng.choice([22 * 60, 22 * 60 + 30, 23 * 60])
    end = 24 * 60 + rng.choice([4, 5, 6]) * 60
    return Presence(f"{weekdays(days)} {span(start, end - start)}", len(days), night=True)


def _sauna_massage(rng: random.Random) -> Presence:
    """Saunas and massage parlours in the afternoon and evening."""
    days = _choose_days(rng, [range(6), range(1, 7), range(7), range(5)])
    start = rng.choice([12 * 60, 13 * 60, 14 * 60, 15 * 60])
    end = rng.choice([20 * 60, 21 * 60, 22 * 60, 23 * 60])
    return Presence(f"{weekdays(days)} {span(start, end - start)}", len(days), night=False)


def _housing_complex(rng: random.Random) -> Presence:
    """Housing complexes, camps and squats in the late afternoon."""
    days = _choose_days(rng, [range(5), range(6), (1, 3), (0, 2, 4), range(7)])
    start = rng.choice([16 * 60, 16 * 60 + 30, 17 * 60, 18 * 60])
    length = rng.choice([150, 180, 210, 240])
    hours = f"{weekdays(days)} {span(start, length)}"
    if rng.random() < 0.5:
        hours += "; PH off"
    return Presence(hours, len(days), night=False)


PRESENCE: dict[str, Callable[[random.Random], Presence]] = {
    "street": _street,
    "green-space": _green_space,
    "station": _station,
    "nightclub-bar": _nightclub_bar,
    "sauna-massage": _sauna_massage,
    "housing-complex": _housing_complex,
}
