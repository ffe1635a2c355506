"""The guidelines' week: weekends and holidays, the week before, online outreach; tiny weeks
with hand-proven optima, the validator's rules for them, and the LP bound."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.cli import main
from geo.planning.scenario_io import ScenarioError, plan_to_dict
from planner.bound import coverage_bound
from planner.model import Round, Stop
from planner.validate import objective, violations
from tests.planner.helpers import plan, scenario, team, zone

PARIS = ZoneInfo("Europe/Paris")


def _local(t: int) -> datetime:
    return datetime.fromtimestamp(t, PARIS)


def _online(zid: str, presence: str, **extra: Any) -> dict[str, Any]:
    z = zone(zid, 0.0, 0.0, presence, online=True, **extra)
    del z["lon"], z["lat"]
    return z


def test_a_weekend_only_requirement_is_met_on_the_weekend() -> None:
    # People are there every afternoon and the team works every afternoon; one visit, which
    # must fall on a Saturday or Sunday: the optimum visits on the weekend.
    zones = [zone("Z", 0.002, 0.0, "Mo-Su 14:00-18:00", min_weekend_visits=1)]
    s = scenario(zones, [team("T", "Mo-Su 14:00-18:00")])
    p = plan(s, iterations=30)  # a pass over the 7 shifts, then exchanges between them
    assert violations(s, list(p.rounds)) == []
    [stop] = [stop for r in p.rounds for stop in r.stops]
    assert _local(stop.start).weekday() >= 5
    assert p.objective.required_coverage == 1.0
    assert p.objective.weekend_requirements_met == 1.0


def test_a_public_holiday_counts_as_a_weekend_day() -> None:
    # Week of 2026-12-21: Friday 25 December is Christmas. The team works Thursday and
    # Friday only, the zone needs one weekend visit: Christmas Day is the only way.
    zones = [zone("Z", 0.002, 0.0, "Mo-Su 14:00-18:00", min_weekend_visits=1)]
    s = scenario(zones, [team("T", "Th,Fr 14:00-18:00")], week_start="2026-12-21")
    p = plan(s)
    [stop] = [stop for r in p.rounds for stop in r.stops]
    assert _local(stop.start).date().isoformat() == "2026-12-25"
    assert p.objective.weekend_requirements_met == 1.0


def test_weekend_comes_after_night_and_before_weighted_visits() -> None:
    s = scenario([zone("Z", 0.002, 0.0, "Mo-Su 10:00-12:00")], [team("T", "Mo 10:00-12:00")])
    o = objective(s, [])
    assert o.key() == (
        o.required_coverage,
        o.night_requirements_met,
        o.weekend_requirements_met,
        o.weighted_visits,
        -o.travel_minutes,
    )


def test_a_zone_visited_ten_hours_before_the_week_is_visited_on_tuesday() -> None:
    # Last visited Sunday 14:00, ten hours before the week. Monday 00:00-02:00 is less than
    # 12 hours later and would not count; Tuesday's does: the optimum takes Tuesday.
    zones = [
        zone(
            "Z",
            0.002,
            0.0,
            "Mo,Tu 00:00-02:00",
            last_visit="2026-12-13T14:00:00+01:00",
        )
    ]
    s = scenario(zones, [team("T", "Mo,Tu 00:00-02:00")])
    p = plan(s)
    assert violations(s, list(p.rounds)) == []
    [stop] = [stop for r in p.rounds for stop in r.stops]
    assert _local(stop.start).weekday() == 1
    assert p.objective.required_coverage == 1.0


def test_a_visit_within_twelve_hours_of_last_visit_does_not_count() -> None:
    zones = [zone("Z", 0.0, 0.0, "Mo 00:00-02:00", last_visit="2026-12-13T14:00:00+01:00")]
    s = scenario(zones, [team("T", "Mo 00:00-02:00")])
    monday = s.teams[0].shifts[0]
    visit = Round(
        "T",
        monday,
        monday.start,
        (Stop("Z", monday.start, monday.start, monday.start + 1800),),
        monday.start + 1800,
    )
    assert violations(s, [visit]) == []  # valid, but it does not count
    assert objective(s, [visit]).required_coverage == 0.0
    assert plan(s).rounds == ()
    assert coverage_bound(s).required_coverage == 0.0


def test_last_visit_inside_the_week_is_refused() -> None:
    zones = [zone("Z", 0.0, 0.0, "Mo 10:00-12:00", last_visit="2026-12-14T09:00:00+01:00")]
    with pytest.raises(ScenarioError, match="last_visit is not before the week"):
        scenario(zones, [team("T", "Mo 10:00-12:00")])


def test_an_online_zone_gets_a_desk_round_from_the_team_with_its_language() -> None:
    # T1 lacks Romanian; T2 has it. The online zone needs Romanian; the street zone can be
    # done by either. A round holds one kind, so T2 does a desk round of the online zone and
    # the street zone goes to T1 (or to T2's other shift), with no travel for the desk round.
    zones = [
        _online("W", "Mo-Fr 09:00-18:00", visit_minutes=60, requires=["ro"]),
        zone("S", 0.004, 0.0, "Mo 18:00-23:00", visit_minutes=30),
    ]
    teams = [
        team("T1", "Mo 19:00-21:00"),
        team("T2", "Mo 10:00-12:00", skills=["ro"]),
    ]
    s = scenario(zones, teams)
    p = plan(s)
    assert violations(s, list(p.rounds)) == []
    assert p.objective.required_coverage == 1.0
    desk = [r for r in p.rounds if any(stop.zone == "W" for stop in r.stops)]
    assert [r.team for r in desk] == ["T2"]
    [r] = desk
    assert r.depart == r.stops[0].arrive == r.stops[0].start  # no leg to an online zone
    assert r.back == r.stops[-1].end


def test_a_round_mixing_online_and_street_zones_is_refused() -> None:
    zones = [_online("W", "Mo 09:00-18:00"), zone("S", 0.0, 0.0, "Mo 09:00-18:00")]
    s = scenario(zones, [team("T", "Mo 09:00-18:00")])
    shift = s.teams[0].shifts[0]
    t = shift.start + 3600
    mixed = Round(
        "T",
        shift,
        t,
        (Stop("W", t, t, t + 1800), Stop("S", t + 1800, t + 1800, t + 3600)),
        t + 3600,
    )
    assert any(
        "online zones go in rounds of online zones only" in v for v in violations(s, [mixed])
    )


def test_an_online_zone_has_no_position_and_a_street_zone_needs_one() -> None:
    with pytest.raises(ScenarioError, match="online zone has no lon/lat"):
        scenario(
            [zone("W", 0.0, 0.0, "Mo 09:00-18:00", online=True)], [team("T", "Mo 10:00-12:00")]
        )
    street = zone("S", 0.0, 0.0, "Mo 09:00-18:00")
    del street["lon"]
    with pytest.raises(ScenarioError, match="needs lon and lat"):
        scenario([street], [team("T", "Mo 10:00-12:00")])


def test_the_bound_is_above_every_plan_and_exact_on_a_tiny_week() -> None:
    # Three 40-minute zones, a 2-hour shift: two fit (the first test of test_weekly).
    zones = [
        zone("A", 0.007, 0.0, "Mo 18:00-23:00", visit_minutes=40, weight=5),
        zone("B", 0.0, 0.007, "Mo 18:00-23:00", visit_minutes=40, weight=4),
        zone("C", -0.007, 0.0, "Mo 18:00-23:00", visit_minutes=40, weight=1),
    ]
    s = scenario(zones, [team("T", "Mo 19:00-21:00")])
    p = plan(s)
    bound = coverage_bound(s)
    assert p.objective.required_coverage == 0.9
    assert p.objective.required_coverage <= bound.required_coverage
    assert bound.required_coverage == pytest.approx(0.9, abs=1e-4)  # rounds as columns: exact


PRESENCE = ["Mo-Su 21:00-02:00", "Mo-Fr 10:00-18:00", "Sa,Su 10:00-16:00", "Fr,Sa 14:00-23:00"]
SHIFTS = ["Mo,We,Fr 20:00-23:00", "Tu,Th 10:00-14:00", "Sa 14:00-22:00", "Su 10:00-15:00"]


@st.composite
def _week(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    zones = []
    for i in range(draw(st.integers(1, 6))):
        lo = draw(st.integers(0, 2))
        hi = lo + draw(st.integers(0, 2))
        extra: dict[str, Any] = {
            "visit_minutes": draw(st.integers(10, 60)),
            "weight": draw(st.integers(0, 5)),
            "min_visits": lo,
            "max_visits": hi,
            "min_night_visits": draw(st.integers(0, lo)),
            "min_weekend_visits": draw(st.integers(0, hi)),
            "requires": draw(st.lists(st.sampled_from(["ro", "bg"]), max_size=1)),
        }
        if draw(st.booleans()):
            hours = draw(st.integers(1, 72))
            extra["last_visit"] = (
                f"2026-12-{13 - hours // 24:02d}T{23 - hours % 24:02d}:00:00+01:00"
            )
        presence = draw(st.sampled_from(PRESENCE))
        if draw(st.integers(0, 3)) == 0:
            zones.append(_online(f"Z{i}", presence, **extra))
        else:
            zones.append(
                zone(
                    f"Z{i}",
                    draw(st.floats(-0.01, 0.01)),
                    draw(st.floats(-0.01, 0.01)),
                    presence,
                    **extra,
                )
            )
    teams = [
        team(
            f"T{i}",
            draw(st.sampled_from(SHIFTS)),
            mode=draw(st.sampled_from(["foot", "bike", "car"])),
            skills=draw(st.lists(st.sampled_from(["ro", "bg"]), max_size=2, unique=True)),
        )
        for i in range(draw(st.integers(1, 2)))
    ]
    return zones, teams


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_week(), seed=st.integers(0, 100))
def test_plans_stay_valid_with_the_new_fields_and_under_the_bound(
    data: tuple[list[dict[str, Any]], list[dict[str, Any]]], seed: int
) -> None:
    zones, teams = data
    s = scenario(zones, teams)
    p = plan(s, iterations=6, seed=seed)
    assert violations(s, list(p.rounds)) == []
    assert p.objective == objective(s, list(p.rounds))
    assert p.objective.required_coverage <= coverage_bound(s).required_coverage
    for r in p.rounds:
        assert len({s.zone(stop.zone).online for stop in r.stops}) == 1


def test_the_plans_objective_is_what_validate_plan_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    zones = [
        zone(
            "Z",
            0.002,
            0.0,
            "Mo-Su 14:00-23:00",
            min_weekend_visits=1,
            min_night_visits=1,
            min_visits=2,
            max_visits=2,
            last_visit="2026-12-13T20:00:00+01:00",
        ),
        _online("W", "Mo-Fr 09:00-18:00", requires=["ro"]),
    ]
    teams = [team("T", "Mo-Su 14:00-23:00", skills=["ro"])]
    raw = {
        "format": 1,
        "name": "test",
        "timezone": "Europe/Paris",
        "country": "FR",
        "week_start": "2026-12-14",
        "travel": {"model": "haversine", "detour": 1.3, "speed_kmh": {"foot": 4.5}},
        "zones": zones,
        "teams": teams,
    }
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(raw))
    out = tmp_path / "plan.json"
    assert (
        main(
            [
                "plan",
                "--scenario",
                str(path),
                "--seconds",
                "5",
                "--seed",
                "1",
                "--iterations",
                "6",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    written = json.loads(out.read_text())["objective"]
    capsys.readouterr()
    assert main(["validate-plan", "--scenario", str(path), "--plan", str(out)]) == 0
    assert json.loads(capsys.readouterr().out) == written
    assert written["weekend_requirements_met"] == 1.0
    s = scenario(zones, teams)
    assert plan_to_dict(plan(s), s)["objective"]["required_coverage"] == 1.0
