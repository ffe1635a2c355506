"""Small scenarios written as format-1 dictionaries."""

from __future__ import annotations

from typing import Any

from geo.planning.scenario_io import scenario_from_dict
from planner.engines import default_engine
from planner.model import Plan, Scenario
from planner.weekly import Budget, plan_week

BASE = (7.4200, 43.7310)


def zone(zid: str, dlon: float, dlat: float, presence: str, **extra: Any) -> dict[str, Any]:
    """Return a zone near the base, with defaults."""
    return {
        "id": zid,
        "lon": BASE[0] + dlon,
        "lat": BASE[1] + dlat,
        "presence": presence,
        "visit_minutes": 30,
        "weight": 1,
        "min_visits": 1,
        "max_visits": 1,
        "min_night_visits": 0,
        "requires": [],
        **extra,
    }


def team(tid: str, shifts: str, mode: str = "foot", **extra: Any) -> dict[str, Any]:
    """Return a team based at the base point."""
    here = {"lon": BASE[0], "lat": BASE[1]}
    return {
        "id": tid,
        "mode": mode,
        "start": here,
        "end": here,
        "shifts": shifts,
        "skills": [],
        **extra,
    }


def scenario(
    zones: list[dict[str, Any]], teams: list[dict[str, Any]], week_start: str = "2026-12-14"
) -> Scenario:
    """Return an evaluated scenario (haversine travel)."""
    return scenario_from_dict(
        {
            "format": 1,
            "name": "test",
            "timezone": "Europe/Paris",
            "country": "FR",
            "week_start": week_start,
            "travel": {
                "model": "haversine",
                "detour": 1.3,
                "speed_kmh": {"foot": 4.5, "bike": 14.0, "car": 25.0},
            },
            "zones": zones,
            "teams": teams,
        }
    )


def plan(s: Scenario, iterations: int = 12, seed: int = 1) -> Plan:
    """Plan with a small deterministic budget."""
    return plan_week(s, default_engine(), Budget(iterations=iterations, seconds=60, seed=seed))
