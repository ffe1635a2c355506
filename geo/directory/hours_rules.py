"""Combine `opening_hours` rules day by day, a night session belonging to the day it starts.

The `opening_hours` library parses the full grammar and selects days well, but it attributes the
after-midnight part of a session to the next day: with `Mo-Su 22:00-02:00; PH off`, it closes
Sunday night's session at 00:00 when Monday is a holiday, and opens a session on Tuesday
00:00-02:00 that nobody runs. The OpenStreetMap specification and its reference evaluator
(opening_hours.js) keep a session whole with the day it starts. This module splits an expression
into rules, asks the library only which days each rule's selector matches (and where the sun is),
and paints each day's own sessions itself. Expressions it cannot split are left to the library.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

import opening_hours as oh


class Unsupported(ValueError):
    """The expression uses a form this module does not combine; the library evaluates it."""


class Kind(StrEnum):
    """How a rule combines with the rules before it."""

    NORMAL = "normal"
    ADDITIONAL = "additional"
    FALLBACK = "fallback"


class OpenState(StrEnum):
    """Open, closed or unknown: what a rule paints, and the state at an instant."""

    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Moment:
    """A time of day: fixed minutes, or a sun event plus an offset in minutes."""

    minutes: int
    event: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A time span of a rule; `end` None means an open end."""

    start: Moment
    end: Moment | None


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: day selector, time spans (None for the whole day), mode, how it combines."""

    selector: str
    spans: tuple[Span, ...] | None
    mode: OpenState
    kind: Kind


_TOKEN = re.compile(r'"[^"]*"|\|\||;|,|[^\s;,"|]+')
_EVENT = r"(?:sunrise|sunset|dawn|dusk)"
_CLOCK = r"\d{1,2}:\d{2}"
_MOMENT = rf"(?:{_CLOCK}|{_EVENT}|\({_EVENT}[+-]{_CLOCK}\))"
_RANGE = re.compile(rf"^({_MOMENT})(?:-({_MOMENT}))?(\+)?(?:/(?:{_CLOCK}|\d+))?$")
_TIMEISH = re.compile(rf"^(?:{_CLOCK}|\(|{_EVENT})")
_STATES = {
    "open": OpenState.OPEN,
    "closed": OpenState.CLOSED,
    "off": OpenState.CLOSED,
    "unknown": OpenState.UNKNOWN,
}
_DAY = 24 * 60


def _tidy(expression: str) -> str:
    """Remove the optional spaces inside ranges and parentheses, outside comments."""
    parts = re.split(r'("[^"]*")', expression)
    for i in range(0, len(parts), 2):
        p = re.sub(r"\s*-\s*", "-", parts[i])
        p = re.sub(r"\(\s*", "(", p)
        p = re.sub(r"\s*\)", ")", p)
        p = re.sub(r"\s*\+\s*(?=\d)", "+", p)
        parts[i] = p
    return "".join(parts)


def _moment(text: str) -> Moment:
    if re.fullmatch(_CLOCK, text):
        h, m = text.split(":")
        return Moment(int(h) * 60 + int(m))
    if re.fullmatch(_EVENT, text):
        return Moment(0, text)
    inner = text[1:-1]
    sign = 1 if "+" in inner else -1
    event, offset = re.split(r"[+-]", inner)
    h, m = offset.split(":")
    return Moment(sign * (int(h) * 60 + int(m)), event)


def _span(text: str) -> Span:
    match = _RANGE.match(text)
    if match is None or match.group(2) is None and match.group(3) is None:
        raise Unsupported(f"time {text!r}")
    end = None if match.group(2) is None else _moment(match.group(2))
    return Span(_moment(match.group(1)), end)


def _rule(tokens: list[str], kind: Kind) -> Rule:
    words = [t for t in tokens if not t.startswith('"')]
    commented = len(words) != len(tokens)
    mode: OpenState | None = None
    if words and words[-1].lower() in _STATES:
        mode = _STATES[words.pop().lower()]
    first_time = next((i for i, w in enumerate(words) if w != "," and _TIMEISH.match(w)), None)
    selector_words = words if first_time is None else words[:first_time]
    spans: tuple[Span, ...] | None = None
    if first_time is not None:
        spans = tuple(_span(w) for w in words[first_time:] if w != ",")
    selector = " ".join(selector_words).replace(" , ", ",").strip(" ,")
    if selector == "24/7":
        selector = ""
    if mode is None:
        # A rule made of days and a comment ("by appointment") does not say it is open.
        mode = OpenState.UNKNOWN if commented and spans is None else OpenState.OPEN
    return Rule(selector, spans, mode, kind)


def _ends_rule(token: str) -> bool:
    return token.startswith('"') or token.lower() in _STATES or bool(_TIMEISH.match(token))


def parse_rules(expression: str) -> tuple[Rule, ...]:
    """Split an expression into rules; raise Unsupported for forms left to the library."""
    tokens = _TOKEN.findall(_tidy(expression))
    rules: list[Rule] = []
    current: list[str] = []
    kind = Kind.NORMAL
    for i, token in enumerate(tokens):
        if token in (";", "||"):
            if current:
                rules.append(_rule(current, kind))
            current, kind = [], Kind.FALLBACK if token == "||" else Kind.NORMAL
            continue
        if token == ",":
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            prev = current[-1] if current else ""
            if prev and _ends_rule(prev) and nxt and not _TIMEISH.match(nxt):
                rules.append(_rule(current, kind))
                current, kind = [], Kind.ADDITIONAL
                continue
        current.append(token)
    if current:
        rules.append(_rule(current, kind))
    if not rules:
        raise Unsupported("empty expression")
    return tuple(rules)


@dataclass(frozen=True, slots=True)
class Where:
    """The time zone and holiday country an expression is evaluated in."""

    timezone: str
    country: str


@lru_cache(maxsize=8192)
def _matching_days(selector: str, where: Where, year: int) -> frozenset[date]:
    """Return the days of `year` the selector matches, as the library reads it."""
    zone = ZoneInfo(where.timezone)
    try:
        probe = oh.OpeningHours(f"{selector} 00:00-24:00", timezone=zone, country=where.country)
    except Exception as exc:  # the library raises its own, undeclared, ParserError
        raise Unsupported(f"selector {selector!r}") from exc
    start = datetime(year, 1, 1, tzinfo=zone)
    end = datetime(year + 1, 1, 1, tzinfo=zone)
    days: set[date] = set()
    for lo, hi, state, _ in probe.intervals(start, end):
        if state != oh.State.OPEN:
            continue
        day = lo.date()
        while day < hi.date():
            days.add(day)
            day += timedelta(days=1)
    return frozenset(d for d in days if d.year == year)


def _matches(selector: str, where: Where, day: date) -> bool:
    return selector == "" or day in _matching_days(selector, where, day.year)


@lru_cache(maxsize=4096)
def _sun(where: Where, day: date) -> dict[str, int]:
    """Return the library's sun event times for a day, in minutes after midnight."""
    zone = ZoneInfo(where.timezone)
    start = datetime.combine(day, time(0), zone)
    out = {}
    for expr, first, second in (
        ("sunrise-sunset", "sunrise", "sunset"),
        ("dawn-dusk", "dawn", "dusk"),
    ):
        hours = oh.OpeningHours(expr, timezone=zone, country=where.country)
        for lo, hi, state, _ in hours.intervals(start, start + timedelta(days=1)):
            if state == oh.State.OPEN:
                out[first] = lo.hour * 60 + lo.minute
                out[second] = hi.hour * 60 + hi.minute if hi.date() == day else _DAY
                break
    return out


def _minutes(moment: Moment, where: Where, day: date) -> int:
    if moment.event is None:
        return moment.minutes
    return _sun(where, day)[moment.event] + moment.minutes


Painted = list[tuple[int, int, OpenState]]


def _paint(painted: Painted, lo: int, hi: int, mode: OpenState) -> Painted:
    """Paint [lo, hi) with `mode` over what is there (CLOSED erases)."""
    if hi <= lo:
        return painted
    out: Painted = []
    for a, b, m in painted:
        if b <= lo or a >= hi:
            out.append((a, b, m))
            continue
        if a < lo:
            out.append((a, lo, m))
        if b > hi:
            out.append((hi, b, m))
    if mode is not OpenState.CLOSED:
        out.append((lo, hi, mode))
    return sorted(out)


def _paint_rule(painted: Painted, rule: Rule, where: Where, day: date) -> Painted:
    if rule.spans is None:
        return _paint(painted, 0, _DAY, rule.mode)
    for span in rule.spans:
        lo = _minutes(span.start, where, day)
        hi = _DAY if span.end is None else _minutes(span.end, where, day)
        if hi <= lo:
            hi += _DAY
        painted = _paint(painted, lo, hi, rule.mode)
    return painted


def _own_sessions(rules: tuple[Rule, ...], where: Where, day: date) -> Painted:
    """Return the sessions that start on `day`, in minutes from its midnight (may pass 1440).

    Rules apply in order to the days they select: a normal rule replaces what the day had
    (one that closes given times only erases them), an additional rule paints over it, and a
    fallback rule applies only to a day the rules before it leave closed.
    """
    painted: Painted = []
    for rule in rules:
        if rule.kind is Kind.FALLBACK and painted:
            continue
        if not _matches(rule.selector, where, day):
            continue
        replaces = rule.kind is not Kind.ADDITIONAL and not (
            rule.mode is OpenState.CLOSED and rule.spans is not None
        )
        painted = _paint_rule([] if replaces else painted, rule, where, day)
    return painted


def _at(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    """Return the UTC instant of a local wall-clock time (UTC compares right across DST folds).

    As the library reads them, a time that happens twice when clocks go back is its second
    occurrence, and a time skipped when they go forward is the instant the clock resumes.
    """
    extra, minutes = divmod(minutes, _DAY)
    wall = datetime.combine(day + timedelta(days=extra), time(minutes // 60, minutes % 60))
    while wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
        wall += timedelta(minutes=1)  # skipped: move to where the clock resumes
    return wall.replace(tzinfo=zone, fold=1).astimezone(UTC)


@lru_cache(maxsize=65536)
def day_sessions(
    rules: tuple[Rule, ...], where: Where, day: date
) -> tuple[tuple[datetime, datetime, OpenState], ...]:
    """Return the sessions (UTC) that start on `day`, open or unknown."""
    zone = ZoneInfo(where.timezone)
    out = []
    for lo, hi, mode in _own_sessions(rules, where, day):
        start, end = _at(day, lo, zone), _at(day, hi, zone)
        if start < end:  # a session wholly inside the hour skipped in spring vanishes
            out.append((start, end, mode))
    return tuple(out)


def sessions(
    rules: tuple[Rule, ...], where: Where, start: datetime, end: datetime
) -> Iterator[tuple[datetime, datetime, OpenState]]:
    """Yield sessions (UTC) overlapping [start, end), clipped to it, not merged."""
    zone = ZoneInfo(where.timezone)
    day = start.astimezone(zone).date() - timedelta(days=2)
    last = end.astimezone(zone).date()
    while day <= last:
        for lo, hi, mode in day_sessions(rules, where, day):
            if hi > start and lo < end:
                yield max(lo, start), min(hi, end), mode
        day += timedelta(days=1)
