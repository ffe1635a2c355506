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
import random
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.scenario_places import CITIES, NICE  # noqa: E402
from benchmarks.scenario_teams import draw_teams  # noqa: E402
from benchmarks.scenario_zones import draw_zone  # noqa: E402

SPEED_KMH: dict[str, float] = {"foot": 4.5, "bike": 14.0, "car": 25.0}
DETOUR = 1.3


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
    zone_list = [draw_zone(rng, i + 1, center) for i in range(zones)]
    return {
        "format": 1,
        "name": f"generated-{zones}z-{teams}t-s{seed}",
        "timezone": "Europe/Paris",
        "country": "FR",
        "week_start": week_start,
        "travel": _travel(),
        "zones": zone_list,
        "teams": draw_teams(rng, zone_list, teams, center),
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
