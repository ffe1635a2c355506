"""A coordinator's edits: rounds timed again, kept rounds untouched, refusals as codes."""

from __future__ import annotations

from planner.edits import RoundEdit, apply_edits
from planner.validate import problems
from tests.planner.helpers import plan, scenario, team, zone


def _week() -> tuple:  # type: ignore[type-arg]
    s = scenario(
        [
            zone("Z1", 0.002, 0.0, "Mo-Su 20:00-23:00"),
            zone("Z2", 0.0, 0.003, "Mo-Su 20:00-23:00"),
            zone("Z3", 0.003, 0.002, "Mo-Su 20:00-23:00", requires=["nurse"]),
            zone("Z4", 0.001, 0.001, "Mo-Su 08:00-10:00"),
        ],
        [
            team("T1", "Mo 19:00-23:30"),
            team("T2", "Mo 19:00-23:30", skills=["nurse"]),
        ],
    )
    return s, plan(s)


def _edit(r) -> RoundEdit:  # type: ignore[no-untyped-def]
    return RoundEdit(r.team, r.shift.start, tuple(s.zone for s in r.stops))


def test_rounds_left_as_they_were_keep_their_times() -> None:
    s, p = _week()
    edited = apply_edits(s, p.rounds, [_edit(r) for r in p.rounds])
    assert edited.violations == ()
    assert edited.plan.rounds == p.rounds
    assert edited.plan.objective == p.objective


def test_removing_a_zone_times_the_round_again_and_leaves_the_zone_unvisited() -> None:
    s, p = _week()
    first = p.rounds[0]
    shorter = RoundEdit(first.team, first.shift.start, tuple(x.zone for x in first.stops)[1:])
    edits = [shorter, *(_edit(r) for r in p.rounds[1:])]
    edited = apply_edits(s, p.rounds, edits)
    assert edited.violations == ()
    assert problems(s, edited.plan.rounds) == []
    gone = first.stops[0].zone
    assert gone in {u.zone for u in edited.plan.unvisited}
    assert edited.plan.rounds[0].depart == first.shift.start


def test_a_zone_out_of_presence_or_a_team_without_the_skill_is_refused_with_a_code() -> None:
    s, p = _week()
    t1 = s.team("T1")
    monday_evening = t1.shifts[0].start
    morning = apply_edits(s, p.rounds, [RoundEdit("T1", monday_evening, ("Z4",))])
    assert [v.code for v in morning.violations] == ["outside-presence"]
    assert morning.violations[0].params == {"zone": "Z4"}
    nurse = apply_edits(s, p.rounds, [RoundEdit("T1", monday_evening, ("Z3",))])
    assert [v.code for v in nurse.violations] == ["missing-skills"]
    assert nurse.violations[0].params["skills"] == ("nurse",)


def test_a_team_that_does_not_work_then_an_unknown_team_or_zone_are_refused() -> None:
    s, p = _week()
    later = s.team("T1").shifts[0].end + 3600
    assert [
        v.code for v in apply_edits(s, p.rounds, [RoundEdit("T1", later, ("Z1",))]).violations
    ] == ["no-shift-then"]
    start = s.team("T1").shifts[0].start
    assert [
        v.code for v in apply_edits(s, p.rounds, [RoundEdit("T9", start, ("Z1",))]).violations
    ] == ["unknown-team"]
    assert [
        v.code for v in apply_edits(s, p.rounds, [RoundEdit("T1", start, ("Z9",))]).violations
    ] == ["unknown-zone"]


def test_two_rounds_of_one_team_at_once_are_refused() -> None:
    s, p = _week()
    start = s.team("T1").shifts[0].start
    both = apply_edits(
        s, p.rounds, [RoundEdit("T1", start, ("Z1",)), RoundEdit("T1", start, ("Z2",))]
    )
    assert "two-rounds-at-once" in {v.code for v in both.violations}
