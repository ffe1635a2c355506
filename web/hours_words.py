"""Opening hours in words for a person met: `Mo-Sa 21:00-02:00; PH off` said as
"lundi–samedi : 21:00–02:00", "dimanche : fermé", "fermé les jours fériés" in each page
language, with the locale's day names, times and lists (Babel).

The expression is split into rules by the directory's own parser; a rule naming days of the
week and clock times (a night session kept whole with the day it starts), or public holidays,
is worded. Anything more (months, dates, sun times, comments, fallback rules) is given as
written: a rough sentence would be worse than the exact expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from babel.dates import format_interval, format_time, get_day_names, get_time_format
from babel.lists import format_list

from geo.directory.hours import HoursError, check_expression
from geo.directory.hours_rules import Kind, OpenState, Rule, Unsupported, parse_rules
from web.i18n import Catalog

_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_SELECTOR = re.compile(r"(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?")
_HOLIDAY = 7
"""Public holidays, counted as an eighth day: the rules that name them say their hours."""
_EVERY_DAY = frozenset(range(8))
_DAY = 24 * 60

Spans = tuple[tuple[int, int], ...]
"""Sessions of a day in minutes from its midnight, sorted; the last may end after midnight."""


@dataclass(frozen=True, slots=True)
class HoursWords:
    """The hours as lines in one language, or, when they cannot be worded, as written."""

    lines: tuple[str, ...] = ()
    raw: str | None = None


@dataclass(frozen=True, slots=True)
class _Week:
    days: tuple[Spans, ...]
    holidays_said: bool


def babel_locale(c: Catalog) -> str:
    """Return the Babel locale of a page language."""
    return "zh_Hans_CN" if c.lang == "zh" else c.lang


def _selected(selector: str) -> frozenset[int]:
    if selector == "":
        return _EVERY_DAY
    days: set[int] = set()
    for part in selector.split(","):
        if part == "PH":
            days.add(_HOLIDAY)
            continue
        match = _SELECTOR.fullmatch(part)
        if match is None:
            raise Unsupported(f"days {part!r}")
        first = _DAYS.index(match.group(1))
        last = _DAYS.index(match.group(2) or match.group(1))
        days.update((first + i) % 7 for i in range((last - first) % 7 + 1))
    return frozenset(days)


def _spans(rule: Rule) -> Spans:
    if rule.spans is None:
        return ((0, _DAY),)
    out = []
    for span in rule.spans:
        if span.start.event or span.end is None or span.end.event:
            raise Unsupported("sun times or an open end")
        lo, hi = span.start.minutes, span.end.minutes
        out.append((lo, hi if hi > lo else hi + _DAY))
    return tuple(out)


def _union(spans: Spans) -> Spans:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return tuple(out)


def _erase(spans: Spans, holes: Spans) -> Spans:
    out = list(spans)
    for a, b in holes:
        out = [piece for lo, hi in out for piece in ((lo, min(hi, a)), (max(lo, b), hi))]
        out = [(lo, hi) for lo, hi in out if lo < hi]
    return tuple(out)


def _week(rules: tuple[Rule, ...]) -> _Week:
    """Combine the rules day by day as the directory does: a rule replaces what its days had,
    one that closes given times erases them, an additional one paints over."""
    days: list[Spans] = [()] * 8
    holidays_said = False
    for rule in rules:
        if rule.kind is Kind.FALLBACK or rule.mode is OpenState.UNKNOWN:
            raise Unsupported("a fallback or an unknown state")
        selected = _selected(rule.selector)
        names_holidays = _HOLIDAY in selected and rule.selector != ""
        if holidays_said and _HOLIDAY not in selected:
            raise Unsupported("a holiday's hours depend on its weekday")
        if names_holidays and rule.kind is Kind.ADDITIONAL:
            raise Unsupported("holiday hours added to a weekday's")
        holidays_said = holidays_said or names_holidays
        spans = _spans(rule)
        for day in selected:
            if rule.mode is OpenState.CLOSED:
                days[day] = () if rule.spans is None else _erase(days[day], spans)
            elif rule.kind is Kind.ADDITIONAL:
                days[day] = _union(days[day] + spans)
            else:
                days[day] = _union(spans)
    return _Week(tuple(days), holidays_said)


def _fill(template: str, **values: str) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def _times(c: Catalog, spans: Spans) -> str:
    if not spans:
        return c.gettext("closed")
    if spans == ((0, _DAY),):
        return c.gettext("all day")
    locale = babel_locale(c)
    skeleton = "hm" if "h" in get_time_format("short", locale=locale).pattern else "Hm"
    said = []
    for lo, hi in spans:
        start = time(lo // 60 % 24, lo % 60)
        end = time(hi // 60 % 24, hi % 60)
        if start == end:  # a whole turn of the clock, from a time other than midnight
            clock = format_time(start, "short", locale=locale)
            said.append(_fill(c.gettext("{first}–{last}"), first=clock, last=clock))
        else:
            said.append(format_interval(start, end, skeleton, locale=locale))
    return format_list(said, locale=locale)


def _day_names(c: Catalog, days: list[int]) -> str:
    """Name a set of weekdays: runs of three or more as ranges, the rest one by one."""
    if len(days) == 7:
        return c.gettext("every day")
    names = get_day_names("wide", locale=babel_locale(c))
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            first, last = names[run[0]], names[run[-1]]
            parts.append(_fill(c.gettext("{first}–{last}"), first=first, last=last))
        else:
            parts.extend(names[d] for d in run)
    return format_list(parts, locale=babel_locale(c))


def _line(c: Catalog, days: str, hours: str) -> str:
    return _fill(c.gettext("{days}: {hours}"), days=days, hours=hours)


def _lines(c: Catalog, week: _Week) -> tuple[str, ...]:
    weekdays, holidays = week.days[:7], week.days[_HOLIDAY]
    whole = ((0, _DAY),)
    if all(d == whole for d in weekdays) and (not week.holidays_said or holidays == whole):
        return (c.gettext("Open 24/7"),)
    groups: dict[Spans, list[int]] = {}
    for day, spans in enumerate(weekdays):
        groups.setdefault(spans, []).append(day)
    # The days open first, in the week's order: when to go; then the days closed.
    ordered = sorted(groups.items(), key=lambda group: (not group[0], group[1][0]))
    lines = [_line(c, _day_names(c, days), _times(c, spans)) for spans, days in ordered]
    if week.holidays_said and holidays:
        lines.append(_line(c, c.gettext("public holidays"), _times(c, holidays)))
    elif week.holidays_said:
        lines.append(c.gettext("closed on public holidays"))
    return tuple(lines)


def hours_in_words(c: Catalog, expression: str) -> HoursWords:
    """Word an `opening_hours` expression in `c`'s language, or give it as written."""
    if '"' in expression:  # a comment ("sur rendez-vous") says what words here would drop
        return HoursWords(raw=expression)
    try:
        check_expression(expression)
        week = _week(parse_rules(expression))
    except (HoursError, Unsupported):
        return HoursWords(raw=expression)
    return HoursWords(lines=_lines(c, week))
