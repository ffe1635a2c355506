"""Generate seeded weekly planner scenarios (format 1, see `planner-scenario.md`).

    .venv/bin/python benchmarks/scenarios.py --zones 150 --teams 6 --seed 1 --out week.json
    .venv/bin/python benchmarks/scenarios.py --zones 50 --teams 3 --seed 2 --city paris --out -

Zones are spread around a city centre (most within about 4 km, some up to 8 km) and each has a
kind (street, green space, station, nightclub or bar, sauna or massage parlour, housing complex)
that decides when people are there: streets and bars at night past midnight, stations in the
evening, green spaces by day, saunas in the afternoon and evening, housing complexes in the late
afternoon. About a quarter of the zones need a language or rapid testing ("trod"); the teams'
skills cover most, not always all, of those needs. Teams walk, cycle or drive (cars are more
common when the zones are spread out) from a few premises near the centre, on shifts typical of
outreach work. The same seed always gives the same scenario; only the standard library is used.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

EARTH_RADIUS_M = 6_371_008.8
NICE = (7.2620, 43.7000)
PARIS = (2.3488, 48.8534)
CITIES: dict[str, tuple[float, float]] = {"nice": NICE, "paris": PARIS}
# Where the sea is south of the land, as (lon, lat) points west to east: zones stay ashore.
COASTLINES: dict[tuple[float, float], tuple[tuple[float, float], ...]] = {
    NICE: (
        (7.150, 43.655),
        (7.196, 43.655),
        (7.210, 43.652),
        (7.222, 43.664),
        (7.230, 43.679),
        (7.245, 43.688),
        (7.259, 43.694),
        (7.270, 43.695),
        (7.280, 43.693),
        (7.287, 43.695),
        (7.295, 43.688),
        (7.305, 43.690),
        (7.312, 43.700),
        (7.330, 43.707),
        (7.360, 43.718),
        (7.380, 43.725),
    ),
}

SPEED_KMH: dict[str, float] = {"foot": 4.5, "bike": 14.0, "car": 25.0}
DETOUR = 1.3
DAY_NAMES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
LANGUAGES = ("ro", "bg", "es", "pt", "zh", "ru")
TROD = "trod"
REQUIRES_SHARE = 0.25
NIGHT_FROM = 22 * 60  # a presence ending at or after 22:00 leaves room for a visit from 21:00


@dataclass(frozen=True, slots=True)
class Presence:
    """A generated presence pattern: its expression, days per week, and whether it is nightly."""

    hours: str
    days: int
    night: bool


@dataclass(frozen=True, slots=True)
class Kind:
    """How zones of one kind look: frequency, distance, visit length, weight, languages."""

    share: float
    far_share: float
    visit: tuple[int, int]
    weight: tuple[int, int]
    languages: tuple[int, ...]  # relative weights over LANGUAGES


# --- time and day formatting -----------------------------------------------------------------


def _hm(minutes: int) -> str:
    """Format minutes after midnight as HH:MM (past midnight wraps: 26:00 is 02:00)."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _span(start: int, length: int) -> str:
    """Format a time span from its start (minutes after midnight) and length in minutes."""
    end = start + length
    return f"{_hm(start)}-{'24:00' if end == 24 * 60 else _hm(end)}"


def _days(days: Sequence[int]) -> str:
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
    hours = f"{_days(week)} {_span(start, end - start)}; Fr,Sa {_span(start, weekend_end - start)}"
    if rng.random() < 0.7:
        hours += f"; PH {_span(start - 60, weekend_end - start)}"
    return Presence(hours, len(week) + 2, night=True)


def _station(rng: random.Random) -> Presence:
    """Stations in the evening, every day, sometimes later at the weekend."""
    start = rng.choice([17 * 60, 17 * 60 + 30, 18 * 60, 19 * 60])
    length = rng.choice([240, 270, 300, 330, 360])
    if rng.random() < 0.5:
        hours = f"Mo-Su {_span(start, length)}"
    else:
        hours = f"Mo-Fr {_span(start, length)}; Sa,Su {_span(start + 60, length)}"
    return Presence(hours, 7, night=start + length >= NIGHT_FROM)


def _green_space(rng: random.Random) -> Presence:
    """Parks and gardens by day, closed on public holidays."""
    days = _choose_days(rng, [range(5), range(6), range(1, 6), (0, 2, 4), range(7)])
    start = rng.choice([9 * 60, 9 * 60 + 30, 10 * 60, 11 * 60])
    length = rng.choice([360, 420, 480, 540])
    return Presence(f"{_days(days)} {_span(start, length)}; PH off", len(days), night=False)


def _nightclub_bar(rng: random.Random) -> Presence:
    """Bars and nightclubs late at night towards the weekend."""
    days = _choose_days(rng, [(2, 3, 4, 5), (3, 4, 5), (4, 5), (3, 4, 5, 6)])
    start = rng.choice([22 * 60, 22 * 60 + 30, 23 * 60])
    end = 24 * 60 + rng.choice([4, 5, 6]) * 60
    return Presence(f"{_days(days)} {_span(start, end - start)}", len(days), night=True)


def _sauna_massage(rng: random.Random) -> Presence:
    """Saunas and massage parlours in the afternoon and evening."""
    days = _choose_days(rng, [range(6), range(1, 7), range(7), range(5)])
    start = rng.choice([12 * 60, 13 * 60, 14 * 60, 15 * 60])
    end = rng.choice([20 * 60, 21 * 60, 22 * 60, 23 * 60])
    return Presence(f"{_days(days)} {_span(start, end - start)}", len(days), night=False)


def _housing_complex(rng: random.Random) -> Presence:
    """Housing complexes, camps and squats in the late afternoon."""
    days = _choose_days(rng, [range(5), range(6), (1, 3), (0, 2, 4), range(7)])
    start = rng.choice([16 * 60, 16 * 60 + 30, 17 * 60, 18 * 60])
    length = rng.choice([150, 180, 210, 240])
    hours = f"{_days(days)} {_span(start, length)}"
    if rng.random() < 0.5:
        hours += "; PH off"
    return Presence(hours, len(days), night=False)


KINDS: dict[str, Kind] = {
    "street": Kind(0.30, 0.15, (15, 30), (3, 8), (4, 3, 2, 2, 1, 1)),
    "green-space": Kind(0.15, 0.25, (15, 30), (1, 5), (2, 2, 1, 1, 1, 1)),
    "station": Kind(0.10, 0.10, (15, 30), (2, 6), (3, 2, 1, 1, 1, 2)),
    "nightclub-bar": Kind(0.15, 0.05, (20, 45), (2, 7), (2, 2, 2, 2, 1, 2)),
    "sauna-massage": Kind(0.10, 0.15, (20, 40), (2, 6), (1, 1, 1, 1, 6, 1)),
    "housing-complex": Kind(0.20, 0.40, (30, 45), (2, 8), (4, 4, 1, 1, 1, 1)),
}
PRESENCE: dict[str, Callable[[random.Random], Presence]] = {
    "street": _street,
    "green-space": _green_space,
    "station": _station,
    "nightclub-bar": _nightclub_bar,
    "sauna-massage": _sauna_massage,
    "housing-complex": _housing_complex,
}


# --- places ----------------------------------------------------------------------------------


def _offset(center: tuple[float, float], east_m: float, north_m: float) -> tuple[float, float]:
    """Return the point `east_m` east and `north_m` north of `center`, as (lon, lat)."""
    lon, lat = center
    metres_per_degree = math.pi * EARTH_RADIUS_M / 180
    new_lat = lat + north_m / metres_per_degree
    new_lon = lon + east_m / (metres_per_degree * math.cos(math.radians(lat)))
    return round(new_lon, 5), round(new_lat, 5)


def _ashore(center: tuple[float, float], point: tuple[float, float]) -> bool:
    """Return False when the point lies south of the city's coastline (in the sea)."""
    coast = COASTLINES.get(center)
    if coast is None:
        return True
    lon, lat = point
    lon = min(max(lon, coast[0][0]), coast[-1][0])
    for (lon0, lat0), (lon1, lat1) in zip(coast, coast[1:], strict=False):
        if lon0 <= lon <= lon1:
            return lat >= lat0 + (lat1 - lat0) * (lon - lon0) / (lon1 - lon0)
    return True


def _place(
    rng: random.Random, center: tuple[float, float], inner_km: float, outer_km: float, far: float
) -> tuple[float, float]:
    """Draw a point ashore: uniform within `inner_km`, or in the ring out to `outer_km`."""
    while True:
        if rng.random() < far:
            radius = inner_km + (outer_km - inner_km) * rng.random()
        else:
            radius = inner_km * math.sqrt(rng.random())
        bearing = rng.uniform(0.0, 2 * math.pi)
        point = _offset(
            center, 1000 * radius * math.sin(bearing), 1000 * radius * math.cos(bearing)
        )
        if _ashore(center, point):
            return point


def _haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the great-circle distance in metres between two (lon, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


# --- zones -----------------------------------------------------------------------------------


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


def _zone(rng: random.Random, number: int, center: tuple[float, float]) -> dict[str, Any]:
    """Draw one zone of a random kind."""
    name = rng.choices(list(KINDS), weights=[k.share for k in KINDS.values()])[0]
    kind = KINDS[name]
    lon, lat = _place(rng, center, 4.0, 8.0, kind.far_share)
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


# --- teams -----------------------------------------------------------------------------------


def _night_shift(rng: random.Random, days: Sequence[int]) -> str:
    start = rng.choice([20 * 60, 20 * 60 + 30, 21 * 60, 22 * 60])
    return f"{_days(days)} {_span(start, rng.choice([240, 300, 360]))}"


def _day_shift(rng: random.Random, days: Sequence[int]) -> str:
    start = rng.choice([9 * 60 + 30, 10 * 60, 13 * 60, 14 * 60, 15 * 60])
    return f"{_days(days)} {_span(start, rng.choice([240, 240, 300, 360]))}"


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
    distances = sorted(_haversine_m(center, (z["lon"], z["lat"])) for z in zones)
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


def _teams(
    rng: random.Random, zones: Sequence[dict[str, Any]], teams: int, center: tuple[float, float]
) -> list[dict[str, Any]]:
    """Draw the teams: premises near the centre, mode, shifts and skills."""
    premises = [_place(rng, center, 1.0, 1.0, 0.0) for _ in range(min(3, 1 + teams // 4))]
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


# --- scenario --------------------------------------------------------------------------------


def _travel() -> dict[str, Any]:
    """Return the travel block: haversine distance times the detour, at each mode's speed."""
    return {"model": "haversine", "detour": DETOUR, "speed_kmh": dict(SPEED_KMH)}


def generate(
    zones: int,
    teams: int,
    seed: int,
    week_start: str = "2026-12-14",
    center: tuple[float, float] = NICE,
) -> dict[str, Any]:
    """Generate a format 1 scenario with `zones` zones and `teams` teams around `center`."""
    if zones < 1 or teams < 1:
        raise ValueError("a scenario needs at least one zone and one team")
    if date.fromisoformat(week_start).weekday() != 0:
        raise ValueError(f"week_start {week_start} is not a Monday")
    rng = random.Random(seed)
    zone_list = [_zone(rng, i + 1, center) for i in range(zones)]
    return {
        "format": 1,
        "name": f"generated-{zones}z-{teams}t-s{seed}",
        "timezone": "Europe/Paris",
        "country": "FR",
        "week_start": week_start,
        "travel": _travel(),
        "zones": zone_list,
        "teams": _teams(rng, zone_list, teams, center),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Write a generated scenario to a file, or to standard output with `--out -`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--zones", type=int, required=True)
    parser.add_argument("--teams", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--week-start", default="2026-12-14", help="a Monday, YYYY-MM-DD")
    parser.add_argument("--city", choices=sorted(CITIES), default="nice")
    parser.add_argument("--out", default="-", help="output file, '-' for standard output")
    args = parser.parse_args(argv)
    try:
        scenario = generate(args.zones, args.teams, args.seed, args.week_start, CITIES[args.city])
    except ValueError as e:
        parser.error(str(e))
    text = json.dumps(scenario, indent=2, ensure_ascii=False) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text)
        print(f"{scenario['name']}: {args.zones} zones, {args.teams} teams -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
