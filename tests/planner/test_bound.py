"""The coverage bound: tiny weeks whose optimum is proven by hand, where the walks (rounds as
columns) reach it and the relaxation without them does not; the growing linear programme."""

from __future__ import annotations

import pytest

from planner.bound import coverage_bound
from planner.lp import INF, LinearProgramme
from planner.validate import violations
from tests.planner.helpers import plan, scenario, team, zone

MINUTE_WALK = 0.000718  # degrees of longitude walked in about a minute here (4.5 km/h, ×1.3)


def test_visits_that_fit_pair_by_pair_but_not_all_three_in_a_row() -> None:
    # A must start at 19:00; B by 19:45, C by 20:00; 30-minute visits, 10 minutes between
    # neighbours (A-B, B-C), 20 between A and C. Any two fit, all three do not: A, B then C
    # reaches C at 20:20; A, C then B reaches B at 20:30.
    zones = [
        zone("A", 0.0, 0.0, "Mo 19:00-19:30"),
        zone("B", 10 * MINUTE_WALK, 0.0, "Mo 19:00-20:15"),
        zone("C", 20 * MINUTE_WALK, 0.0, "Mo 19:00-20:30"),
    ]
    s = scenario(zones, [team("T", "Mo 18:00-23:00")])
    p = plan(s)
    assert violations(s, list(p.rounds)) == []
    assert p.objective.required_coverage == pytest.approx(2 / 3, abs=1e-4)
    assert coverage_bound(s).required_coverage == pytest.approx(2 / 3, abs=1e-4)
    # The relaxation without rounds lets the three visits share the stretch.
    assert coverage_bound(s, walk_seconds=0).required_coverage > 0.75


def test_a_round_does_not_visit_the_same_zone_twice_to_count_it_twice() -> None:
    # A 50-minute shift, 20-minute visits; A at the office, B about 15 minutes away: A or B,
    # not both. Rounds that stay at A for two visits must not let A count twice per round.
    zones = [
        zone("A", 0.0, 0.0, "Mo 18:00-23:00", visit_minutes=20),
        zone("B", 14.6 * MINUTE_WALK, 0.0, "Mo 18:00-23:00", visit_minutes=20),
    ]
    s = scenario(zones, [team("T", "Mo 19:00-19:50")])
    assert plan(s).objective.required_coverage == 0.5
    assert coverage_bound(s).required_coverage == pytest.approx(0.5, abs=1e-4)
    assert coverage_bound(s, walk_seconds=0).required_coverage > 0.9


def test_with_a_travel_matrix_only_the_relaxation_is_used() -> None:
    zones = [zone("A", 0.0, 0.0, "Mo 18:00-23:00"), zone("B", 0.001, 0.0, "Mo 18:00-23:00")]
    s = scenario(zones, [team("T", "Mo 19:00-20:00")])
    matrix = [[0, 0, 60, 60], [0, 0, 60, 60], [60, 60, 0, 60], [60, 60, 60, 0]]
    travel = type(s.travel)(model="matrix", detour=1.0, speed_kmh={}, seconds={"foot": matrix})
    with_matrix = type(s)(**{**_fields(s), "travel": travel})
    assert (
        coverage_bound(with_matrix).required_coverage
        == coverage_bound(with_matrix, walk_seconds=0).required_coverage
    )


def _fields(s: object) -> dict[str, object]:
    return {name: getattr(s, name) for name in s.__slots__}  # type: ignore[attr-defined]


def test_the_programme_grows_and_reports_duals() -> None:
    lp = LinearProgramme()
    lp.add_columns([-1.0, -1.0], [(0.0, None), (0.0, None)])
    lp.add_rows([({0: 1.0, 1: 2.0}, -INF, 4.0)])
    first = lp.solve()
    assert first.value == pytest.approx(-4.0)
    assert first.duals[0] == pytest.approx(-1.0)  # a binding <= row of a minimisation
    lp.add_columns([-3.0], [(0.0, 1.0)], [{0: 1.0}])
    second = lp.solve()
    assert second.value == pytest.approx(-1.0 * 3 - 3.0)
    assert second.x[2] == pytest.approx(1.0)
