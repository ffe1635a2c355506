"""Opening hours on real cases: nights past midnight, holidays, closures, 24/7, DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import opening_hours as oh
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.directory.hours import (
    Closure,
    HoursError,
    HoursRule,
    OpenState,
    check_expression,
    check_rule,
    open_intervals,
    state_at,
)

PARIS = ZoneInfo("Europe/Paris")


def at(text: str, zone: ZoneInfo = PARIS) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


class TestNightBeforeHoliday:
    """A night session belongs to the day it starts, even when the next day is a holiday."""

    rule = HoursRule("Mo-Su 22:00-02:00; PH off")  # Easter Monday 2026 is 6 April

    def test_sunday_session_runs_into_the_holiday(self) -> None:
        state = state_at(self.rule, at("2026-04-06T01:30"))
        assert state.state is OpenState.OPEN
        assert state.closes_at == at("2026-04-06T02:00")

    def test_sunday_evening_closes_at_two_not_midnight(self) -> None:
        assert state_at(self.rule, at("2026-04-05T23:00")).closes_at == at("2026-04-06T02:00")

    def test_holiday_has_no_night_session(self) -> None:
        state = state_at(self.rule, at("2026-04-06T23:00"))
        assert state.state is OpenState.CLOSED
        assert state.next_opening == at("2026-04-07T22:00")

    def test_no_phantom_session_after_the_holiday(self) -> None:
        assert state_at(self.rule, at("2026-04-07T01:00")).state is OpenState.CLOSED

    def test_intervals_keep_sessions_whole(self) -> None:
        got = open_intervals(self.rule, at("2026-04-05T12:00"), at("2026-04-08T12:00"))
        assert got == [
            (at("2026-04-05T22:00"), at("2026-04-06T02:00")),
            (at("2026-04-07T22:00"), at("2026-04-08T02:00")),
        ]


def test_ph_off_on_bastille_day() -> None:
    state = state_at(HoursRule("Mo-Fr 09:00-17:00; PH off"), at("2026-07-14T10:00"))
    assert state.state is OpenState.CLOSED
    assert state.next_opening == at("2026-07-15T09:00")


def test_holidays_follow_the_country() -> None:
    rule_fr = HoursRule("Mo-Fr 09:00-17:00; PH off", "Europe/Paris", "FR")
    rule_mc = HoursRule("Mo-Fr 09:00-17:00; PH off", "Europe/Monaco", "MC")
    national_day_mc = at("2026-11-19T10:00")
    assert state_at(rule_fr, national_day_mc).state is OpenState.OPEN
    assert state_at(rule_mc, national_day_mc).state is OpenState.CLOSED


class TestTemporaryClosure:
    closures = (Closure(date(2026, 12, 24), date(2027, 1, 1), "fin d'année"),)

    def test_closed_during_and_reopens_after(self) -> None:
        state = state_at(HoursRule("Mo-Fr 09:00-17:00"), at("2026-12-28T10:00"), self.closures)
        assert state.state is OpenState.CLOSED
        assert state.next_opening == at("2027-01-04T09:00")  # 2-3 January is a weekend

    def test_closure_cuts_the_current_session(self) -> None:
        state = state_at(HoursRule("24/7"), at("2026-12-23T20:00"), self.closures)
        assert state.state is OpenState.OPEN
        assert state.closes_at == at("2026-12-24T00:00")


def test_always_open() -> None:
    state = state_at(HoursRule("24/7"), at("2026-12-31T23:59"))
    assert state.state is OpenState.OPEN
    assert state.open_now is True
    assert state.closes_at is None


class TestDaylightSaving:
    """Europe/Paris: clocks go forward on 29 March 2026 and back on 25 October 2026."""

    rule = HoursRule("Sa 22:00-04:00")

    def test_spring_night_is_an_hour_shorter(self) -> None:
        [(lo, hi)] = open_intervals(self.rule, at("2026-03-28T12:00"), at("2026-03-29T12:00"))
        assert (hi - lo) == timedelta(hours=6)  # wall clock
        assert hi.astimezone(UTC) - lo.astimezone(UTC) == timedelta(hours=5)

    def test_autumn_night_is_an_hour_longer(self) -> None:
        [(lo, hi)] = open_intervals(self.rule, at("2026-10-24T12:00"), at("2026-10-25T12:00"))
        assert hi.astimezone(UTC) - lo.astimezone(UTC) == timedelta(hours=7)

    def test_open_in_the_repeated_hour(self) -> None:
        # 02:30 happens twice on 25 October; both are inside the session.
        first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
        second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET
        assert state_at(self.rule, first).state is OpenState.OPEN
        assert state_at(self.rule, second).state is OpenState.OPEN
        assert state_at(self.rule, second).closes_at == at("2026-10-25T04:00")


def test_appointment_only_is_unknown_not_open() -> None:
    rule = HoursRule('Mo-Fr 09:00-12:00; Sa "sur rendez-vous"')
    assert state_at(rule, at("2026-12-19T10:00")).state is OpenState.UNKNOWN
    assert state_at(rule, at("2026-12-18T10:00")).state is OpenState.OPEN


def test_unknown_hours_without_rule() -> None:
    state = state_at(None, at("2026-12-19T10:00"))
    assert state.state is OpenState.UNKNOWN
    assert state.open_now is None


@pytest.mark.parametrize("expression", ["Mo-Fx 10:00-12:00", "25:00-26:00 garbage", ""])
def test_invalid_expressions_name_the_problem(expression: str) -> None:
    with pytest.raises(HoursError, match="opening_hours"):
        check_expression(expression)


def test_unknown_country_and_zone() -> None:
    with pytest.raises(HoursError, match="country"):
        check_rule(HoursRule("24/7", "Europe/Paris", "ZZ"))
    with pytest.raises(HoursError, match="time zone"):
        check_rule(HoursRule("24/7", "Europe/Atlantis", "FR"))


# Differential test: where no session crosses midnight, the library's reading is right and
# ours must agree with it exactly.
_DAYS = st.sampled_from(
    [
        "Mo",
        "Tu-Th",
        "Mo-Fr",
        "Sa,Su",
        "Mo,We,Fr",
        "PH",
        "Su,PH",
        "Dec 24-26",
        "Jan-Mar Mo-Fr",
        "week 01-53/2 Tu",
    ]
)
_HOURS = st.integers(0, 22).flatmap(
    lambda h: st.integers(h + 1, 24).map(lambda e: f"{h:02d}:{15 * (h % 4):02d}-{e:02d}:00")
)


@st.composite
def _expressions(draw: st.DrawFn) -> str:
    rules = []
    for i in range(draw(st.integers(1, 4))):
        days = draw(_DAYS)
        times = ",".join(sorted(set(draw(st.lists(_HOURS, min_size=1, max_size=2)))))
        state = draw(st.sampled_from(["", "", " off", " unknown"]))
        sep = "" if i == 0 else draw(st.sampled_from(["; ", ", ", " || "]))
        rules.append(
            f"{sep}{days} {times}{state}"
            if state != " off" or draw(st.booleans())
            else f"{sep}{days} off"
        )
    return "".join(rules)


@settings(max_examples=300, deadline=None)
@given(expression=_expressions(), start=st.dates(date(2026, 1, 1), date(2027, 12, 1)))
def test_agrees_with_the_library_when_nothing_crosses_midnight(
    expression: str, start: date
) -> None:
    try:
        check_expression(expression)
    except HoursError:
        return
    rule = HoursRule(expression)
    lo = datetime(start.year, start.month, start.day, tzinfo=PARIS)
    hi = lo + timedelta(days=21)
    library = oh.OpeningHours(expression, timezone=PARIS, country="FR")
    expected = []
    for a, b, state, _ in library.intervals(lo, hi):
        a, b = a.astimezone(UTC), b.astimezone(UTC)
        if state != oh.State.OPEN or a == b:  # the library may report empty spans
            continue
        if expected and expected[-1][1] == a:
            expected[-1] = (expected[-1][0], b)
        else:
            expected.append((a, b))
    got = open_intervals(rule, lo, hi)
    assert [(a.astimezone(UTC), b.astimezone(UTC)) for a, b in got] == expected
