"""The weekly planner: tiny instances with a hand-proven optimum, and invariants."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.validate import violations
from tests.planner.helpers import plan, scenario, team, zone

PARIS = ZoneInfo("Europe/Paris")


def _local(t: int) -> datetime:
    return datetime.fromtimestamp(t, PARIS)


def test_one_evening_takes_the_two_heaviest_zones() -> None:
    # Three zones ~800 m apart on foot (~14 min a leg at 4.5 km/h × 1.3 detour), 40-minute
    # visits, a 2-hour shift: two visits fit, three do not. Optimum: the two heaviest.
    zones = [
        zone("A", 0.007, 0.0, "Mo 18:00-23:00", visit_minutes=40, weight=5),
        zone("B", 0.0, 0.007, "Mo 18:00-23:00", visit_minutes=40, weight=4),
        zone("C", -0.007, 0.0, "Mo 18:00-23:00", visit_minutes=40, weight=1),
    ]
    s = scenario(zones, [team("T", "Mo 19:00-21:00")])
    p = plan(s)
    assert violations(s, list(p.rounds)) == []
    [r] = p.rounds
    assert sorted(stop.zone for stop in r.stops) == ["A", "B"]
    assert [u.zone for u in p.unvisited] == ["C"]
    assert p.objective.weighted_visits == 9


def test_visits_count_only_twelve_hours_apart() -> None:
    # Two teams work the same night; the zone needs two visits. Only nights 24 hours apart
    # can give two counted visits, so the plan uses Monday and Tuesday.
    zones = [zone("Z", 0.002, 0.0, "Mo-Su 21:00-02:00", min_visits=2, max_visits=2)]
    teams = [team("T1", "Mo 21:00-23:00"), team("T2", "Mo 21:00-23:00; Tu 21:00-23:00")]
    s = scenario(zones, teams)
    p = plan(s)
    assert violations(s, list(p.rounds)) == []
    starts = sorted(stop.start for r in p.rounds for stop in r.stops)
    assert len(starts) == 2
    assert starts[1] - starts[0] >= 12 * 3600
    assert p.objective.required_coverage == 1.0


def test_night_requirement_is_met_at_night() -> None:
    zones = [zone("Z", 0.002, 0.0, "Mo-Su 18:00-02:00", min_night_visits=1)]
    s = scenario(zones, [team("T", "Mo 18:00-20:00; We 21:00-23:00")])
    p = plan(s)
    [stop] = [stop for r in p.rounds for stop in r.stops]
    assert _local(stop.start).hour >= 21
    assert p.objective.night_requirements_met == 1.0


def test_night_only_zone_with_a_day_only_team_is_reported_not_violated() -> None:
    zones = [zone("Night", 0.002, 0.0, "Mo-Su 22:00-04:00")]
    s = scenario(zones, [team("Day", "Mo-Fr 09:00-17:00")])
    p = plan(s)
    assert p.rounds == ()
    assert [(u.zone, u.reason) for u in p.unvisited] == [
        ("Night", "no team works while people are present")
    ]


def test_reasons_name_the_missing_skill_and_the_short_shift() -> None:
    zones = [
        zone("Bg", 0.002, 0.0, "Mo-Su 20:00-23:00", requires=["bg"]),
        zone("Far", 0.2, 0.0, "Mo-Su 20:00-23:00"),
    ]
    teams = [team("T", "Mo 20:00-21:00", skills=["ro"]), team("U", "Sa 10:00-12:00", skills=["bg"])]
    p = plan(scenario(zones, teams))
    reasons = {u.zone: u.reason for u in p.unvisited}
    assert reasons["Bg"] == "no team with skill 'bg' works while people are present"
    assert reasons["Far"].startswith("shift too short to reach it")
    # The same reasons as codes with parameters, which the pages translate.
    codes = {u.zone: (u.code, dict(u.params)) for u in p.unvisited}
    assert codes["Bg"] == ("no-team-while-present", {"skills": ("bg",)})
    assert codes["Far"][0] == "shift-too-short"
    assert isinstance(codes["Far"][1]["minutes"], int)


def test_a_shift_on_a_public_holiday_follows_the_ph_rule() -> None:
    # 25 December 2026 is a Friday: the team works on public holidays only.
    zones = [zone("Z", 0.002, 0.0, "Mo-Su 10:00-18:00")]
    s = scenario(zones, [team("T", "PH 10:00-14:00")], week_start="2026-12-21")
    p = plan(s)
    [r] = p.rounds
    assert _local(r.shift.start).date().isoformat() == "2026-12-25"
    assert violations(s, list(p.rounds)) == []


def test_same_seed_and_iterations_give_the_same_plan() -> None:
    zones = [
        zone(
            f"Z{i}",
            0.003 * (i % 4),
            0.002 * (i // 4),
            "Mo-Su 20:00-02:00",
            weight=i % 5 + 1,
            max_visits=2,
        )
        for i in range(10)
    ]
    teams = [team("T1", "Mo,We,Fr 20:00-23:00"), team("T2", "Tu,Th 21:00-00:00", mode="bike")]
    s = scenario(zones, teams)
    assert plan(s, iterations=10, seed=3) == plan(s, iterations=10, seed=3)


PRESENCE = [
    "Mo-Su 21:00-02:00",
    "Mo-Fr 10:00-18:00; PH off",
    "Fr,Sa 22:00-05:00",
    "Tu,Th 14:00-20:00",
    "Sa,Su 10:00-16:00",
    "We 18:00-23:00",
]
SHIFTS = [
    "Mo,We,Fr 20:00-23:00",
    "Tu,Th 10:00-14:00",
    "Sa 14:00-22:00",
    "Su 21:00-03:00",
    "Mo-Fr 16:00-19:00",
]
SKILLS = ["ro", "bg", "trod"]


@st.composite
def _scenarios(draw: st.DrawFn) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    zones = []
    for i in range(draw(st.integers(1, 6))):
        lo = draw(st.integers(0, 3))
        zones.append(
            zone(
                f"Z{i}",
                draw(st.floats(-0.01, 0.01)),
                draw(st.floats(-0.01, 0.01)),
                draw(st.sampled_from(PRESENCE)),
                visit_minutes=draw(st.integers(10, 60)),
                weight=draw(st.integers(0, 5)),
                min_visits=lo,
                max_visits=lo + draw(st.integers(0, 2)),
                min_night_visits=draw(st.integers(0, lo)),
                requires=draw(st.lists(st.sampled_from(SKILLS), max_size=1)),
            )
        )
    teams = [
        team(
            f"T{i}",
            draw(st.sampled_from(SHIFTS)),
            mode=draw(st.sampled_from(["foot", "bike", "car"])),
            skills=draw(st.lists(st.sampled_from(SKILLS), max_size=2, unique=True)),
        )
        for i in range(draw(st.integers(1, 2)))
    ]
    return zones, teams


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_scenarios(), seed=st.integers(0, 100))
def test_every_plan_is_valid_and_accounts_for_every_zone(
    data: tuple[list[dict[str, object]], list[dict[str, object]]], seed: int
) -> None:
    zones, teams = data
    s = scenario(zones, teams)  # type: ignore[arg-type]
    p = plan(s, iterations=6, seed=seed)
    assert violations(s, list(p.rounds)) == []
    visited = {stop.zone for r in p.rounds for stop in r.stops}
    unvisited = {u.zone for u in p.unvisited}
    assert visited | unvisited == {z.id for z in s.zones}
    assert not visited & unvisited
    assert all(u.reason for u in p.unvisited)
    for r in p.rounds:
        skills = s.team(r.team).skills
        for stop in r.stops:
            z = s.zone(stop.zone)
            assert z.requires <= skills
            assert any(i.start <= stop.start and stop.end <= i.end for i in z.presence)
