"""The week an `opening_hours` expression means, as spans of minutes per day: what an editor
draws as a bar chart while the expression is typed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from geo.directory.hours import HoursRule, open_intervals

DAY = 1440
"""Minutes in a day, on the wall clock."""


@dataclass(frozen=True, slots=True)
class DaySpans:
    """One day's open spans in minutes from its midnight; an end above 1440 runs past
    midnight into the next day."""

    day: int
    """0 for Monday … 6 for Sunday."""
    date: date
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Week:
    """Seven days from a Monday, and the open hours they add up to."""

    days: tuple[DaySpans, ...]
    hours: float


def _minute(at: datetime, midnight: date) -> int:
    """Wall-clock minutes from `midnight` (a local date) to `at` (local)."""
    return (at.date() - midnight).days * DAY + at.hour * 60 + at.minute


def _pieces(rule: HoursRule, first: date, days: int) -> list[tuple[date, int, int]]:
    """Open spans cut at each local midnight: (day, start, end) in that day's minutes."""
    zone = ZoneInfo(rule.timezone)
    start = datetime.combine(first, time(0), zone)
    end = datetime.combine(first + timedelta(days=days), time(0), zone)
    out = []
    for lo, hi in open_intervals(rule, start, end):
        day = lo.date()
        while day <= hi.date():
            a = _minute(lo, day) if day == lo.date() else 0
            b = _minute(hi, day) if day == hi.date() else DAY
            if b > a:
                out.append((day, a, b))
            day += timedelta(days=1)
    return out


def week_of(rule: HoursRule, monday: date) -> Week:
    """Return the week from `monday` as the rule means it. A span that starts after midnight's
    span of the same run (an evening that goes on past midnight) stays one span on its first
    day; a whole day open is a day of its own."""
    by_day: dict[date, list[list[int]]] = {}
    previous: tuple[date, list[int]] | None = None
    # From the Sunday before, so that Monday's early hours are Sunday's evening.
    for day, a, b in _pieces(rule, monday - timedelta(days=1), 9):
        follows = (
            previous is not None
            and a == 0
            and previous[0] == day - timedelta(days=1)
            and previous[1][1] == DAY
            and previous[1][0] > 0
        )
        if follows and previous is not None:
            previous[1][1] = DAY + b
            continue
        span = [a, b]
        by_day.setdefault(day, []).append(span)
        previous = (day, span)
    days = []
    minutes = 0
    for i in range(7):
        day = monday + timedelta(days=i)
        spans = tuple((a, b) for a, b in by_day.get(day, []))
        days.append(DaySpans(day=i, date=day, spans=spans))
    # Open time within the week itself: the Sunday before's spill counts, Sunday's does not.
    for day, a, b in _pieces(rule, monday, 7):
        del day
        minutes += b - a
    return Week(days=tuple(days), hours=round(minutes / 60, 2))
