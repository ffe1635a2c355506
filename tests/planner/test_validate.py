"""The validator: the format document's example, and every rule broken once."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from geo.planning.scenario_io import rounds_from_dict, scenario_from_dict
from planner.validate import objective, violations
from tests.planner.helpers import plan, scenario, team, zone

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "planner"


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


def test_the_documents_example_gives_exactly_its_objective() -> None:
    scenario = scenario_from_dict(_load("example-scenario.json"))
    plan = _load("example-plan.json")
    rounds = rounds_from_dict(plan)
    assert violations(scenario, rounds) == []
    got = objective(scenario, rounds)
    assert {
        "required_coverage": got.required_coverage,
        "weighted_visits": got.weighted_visits,
        "night_requirements_met": got.night_requirements_met,
        "weekend_requirements_met": got.weekend_requirements_met,
        "travel_minutes": got.travel_minutes,
    } == plan["objective"]


def _broken(change: str) -> dict[str, Any]:
    plan = copy.deepcopy(_load("example-plan.json"))
    r = plan["rounds"][0]
    stop = r["stops"][0]
    if change == "outside presence":
        stop.update(
            arrive="2026-12-15T20:10:00+01:00",
            start="2026-12-15T20:10:00+01:00",
            end="2026-12-15T20:40:00+01:00",
        )
    elif change == "too short":
        stop["end"] = "2026-12-15T21:20:00+01:00"
    elif change == "too fast":
        r["depart"] = "2026-12-15T20:59:00+01:00"
    elif change == "returns too soon":
        r["return"] = "2026-12-15T21:31:00+01:00"
    elif change == "outside shift":
        r["return"] = "2026-12-16T02:30:00+01:00"
    elif change == "not a shift":
        r["shift_start"] = "2026-12-15T19:00:00+01:00"
    elif change == "lacks skill":
        plan["rounds"].append(copy.deepcopy(r))
        extra = plan["rounds"][-1]
        day = "2026-12-17T"
        extra.update(
            shift_start=f"{day}20:00:00+01:00",
            shift_end="2026-12-18T02:00:00+01:00",
            depart=f"{day}20:00:00+01:00",
            **{"return": f"{day}21:00:00+01:00"},
        )
        extra["stops"] = [
            {
                "zone": "Z2",
                "arrive": f"{day}20:10:00+01:00",
                "start": f"{day}20:10:00+01:00",
                "end": f"{day}20:30:00+01:00",
            }
        ]
    elif change == "two rounds at once":
        plan["rounds"].append(copy.deepcopy(r))
    elif change == "unknown zone":
        stop["zone"] = "Z9"
    return plan


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("outside presence", "presence"),
        ("too short", "shorter"),
        ("too fast", "travelled"),
        ("returns too soon", "travelled"),
        ("outside shift", "outside its shift"),
        ("not a shift", "not one of the team's shifts"),
        ("lacks skill", "skill"),
        ("two rounds at once", "two rounds at once"),
        ("unknown zone", "unknown zone"),
    ],
)
def test_each_broken_rule_is_reported(change: str, message: str) -> None:
    scenario = scenario_from_dict(_load("example-scenario.json"))
    found = violations(scenario, rounds_from_dict(_broken(change)))
    assert any(message in v for v in found), found


def test_the_tail_of_last_weeks_sunday_night_is_no_shift_of_this_week() -> None:
    week = scenario([zone("z", 0.001, 0.001, "Mo-Su 00:00-24:00")], [team("t", "Su 20:00-02:00")])
    (only,) = week.teams[0].shifts  # this week's Sunday night, not last week's tail
    assert only.start == week.horizon.start + 6 * 86400 + 20 * 3600
    made = plan(week)
    assert all(r.shift == only for r in made.rounds)
    # A plan with a round in that tail (Monday 00:00-02:00) is refused.
    tail = dict(
        _load_plan_round(),
        shift_start="2026-12-14T00:00:00+01:00",
        shift_end="2026-12-14T02:00:00+01:00",
        depart="2026-12-14T00:10:00+01:00",
        stops=[
            {
                "zone": "z",
                "arrive": "2026-12-14T00:15:00+01:00",
                "start": "2026-12-14T00:15:00+01:00",
                "end": "2026-12-14T00:45:00+01:00",
            }
        ],
        **{"return": "2026-12-14T00:50:00+01:00"},
    )
    tail["team"] = "t"
    found = violations(week, rounds_from_dict({"rounds": [tail]}))
    assert any("is not one of the team's shifts" in v for v in found)


def _load_plan_round() -> dict[str, Any]:
    return dict(_load("example-plan.json")["rounds"][0])
