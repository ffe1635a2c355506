"""Opening hours in OpenStreetMap `opening_hours` syntax, in each record's zone and holidays."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import opening_hours as oh

from geo.directory import hours_rules
from geo.directory.hours_rules import OpenState as OpenState  # re-exported: states of services
from geo.directory.hours_rules import Unsupported, Where

logger = logging.getLogger(__name__)

# The library's stubs do not declare its exceptions.
_ParserError: type[Exception] = oh.ParserError  # type: ignore[attr-defined]
_UnknownCountryError: type[Exception] = oh.UnknownCountryError  # type: ignore[attr-defined]

# Look no further than this for the next change: a 24/7 service has none.
_LOOKAHEAD = timedelta(days=366)
_FIRST_WINDOW = timedelta(days=8)


class HoursError(ValueError):
    """An opening-hours expression, time zone or holiday country that cannot be evaluated."""


@dataclass(frozen=True, slots=True)
class Closure:
    """A temporary closure: whole local days from `start` to `end` inclusive."""

    start: date
    end: date
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class HoursRule:
    """Where and how an `opening_hours` expression is evaluated."""

    expression: str
    timezone: str = "Europe/Paris"
    country: str = "FR"


@dataclass(frozen=True, slots=True)
class OpeningState:
    """The opening state at an instant, with the next change when there is one."""

    state: OpenState
    closes_at: datetime | None = None
    next_opening: datetime | None = None

    @property
    def open_now(self) -> bool | None:
        """Return True/False, or None when the hours are unknown."""
        if self.state is OpenState.UNKNOWN:
            return None
        return self.state is OpenState.OPEN


UNKNOWN = OpeningState(OpenState.UNKNOWN)

Interval = tuple[datetime, datetime]


@lru_cache(maxsize=1)
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def check_timezone(name: str) -> ZoneInfo:
    """Return the zone for an IANA name, or raise HoursError."""
    if name not in _timezones():
        raise HoursError(f"unknown time zone {name!r}")
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError as exc:  # pragma: no cover - listed zones load
        raise HoursError(f"unknown time zone {name!r}") from exc


def check_expression(expression: str) -> None:
    """Raise HoursError naming the problem when `expression` is not valid `opening_hours`."""
    if not expression.strip():
        raise HoursError("opening_hours is empty")
    try:
        oh.OpeningHours(expression)
    except (_ParserError, SyntaxError, ValueError) as exc:
        message = " ".join(str(exc).split())
        raise HoursError(f"invalid opening_hours {expression!r}: {message}") from exc


@lru_cache(maxsize=4096)
def parsed(rule: HoursRule) -> oh.OpeningHours:
    """Parse a rule with the library once; raise HoursError when it cannot be evaluated."""
    zone = check_timezone(rule.timezone)
    check_expression(rule.expression)
    try:
        return oh.OpeningHours(rule.expression, timezone=zone, country=rule.country)
    except _UnknownCountryError as exc:
        raise HoursError(f"no public-holiday calendar for country {rule.country!r}") from exc


@lru_cache(maxsize=4096)
def _rules(rule: HoursRule) -> tuple[hours_rules.Rule, ...] | None:
    parsed(rule)
    try:
        return hours_rules.parse_rules(rule.expression)
    except Unsupported as exc:
        logger.info("evaluating %r with the library alone: %s", rule.expression, exc)
        return None


def check_rule(rule: HoursRule) -> None:
    """Raise HoursError when the rule cannot be evaluated."""
    _rules(rule)


def _union(spans: Iterable[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _minus(spans: Sequence[Interval], holes: Sequence[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for lo, hi in spans:
        cursor = lo
        for a, b in holes:
            if b <= cursor or a >= hi:
                continue
            if a > cursor:
                out.append((cursor, a))
            cursor = max(cursor, b)
        if cursor < hi:
            out.append((cursor, hi))
    return out


def _raw(rule: HoursRule, start: datetime, end: datetime) -> tuple[list[Interval], list[Interval]]:
    """Return the open and unknown intervals in [start, end), unmerged."""
    compiled = _rules(rule)
    if compiled is not None:
        try:
            where = Where(rule.timezone, rule.country)
            found = list(hours_rules.sessions(compiled, where, start, end))
            opened = [(lo, hi) for lo, hi, m in found if m is OpenState.OPEN]
            unknown = [(lo, hi) for lo, hi, m in found if m is OpenState.UNKNOWN]
            return opened, unknown
        except Unsupported as exc:
            logger.info("evaluating %r with the library alone: %s", rule.expression, exc)
    opened, unknown = [], []
    zone = ZoneInfo(rule.timezone)
    for lo, hi, state, _ in parsed(rule).intervals(start.astimezone(zone), end.astimezone(zone)):
        if state == oh.State.OPEN:
            opened.append((lo.astimezone(UTC), hi.astimezone(UTC)))
        elif state == oh.State.UNKNOWN:
            unknown.append((lo.astimezone(UTC), hi.astimezone(UTC)))
    return opened, unknown


def timeline(
    rule: HoursRule, start: datetime, end: datetime
) -> tuple[list[Interval], list[Interval]]:
    """Return merged (open, unknown) UTC intervals in [start, end); open wins over unknown."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("datetimes must carry a UTC offset")
    # Intervals are compared in UTC: aware datetimes sharing a zone compare by wall clock,
    # which misorders the repeated hour when clocks go back.
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    opened, unknown = _raw(rule, start, end)
    merged = _union(opened)
    return merged, _minus(_union(unknown), merged)


def is_open(rule: HoursRule, at: datetime) -> bool:
    """Return True when the rule says open at `at` (closures aside)."""
    return bool(timeline(rule, at, at + timedelta(seconds=1))[0])


def open_intervals(rule: HoursRule, start: datetime, end: datetime) -> list[Interval]:
    """Return the merged [start, end) intervals, in the rule's zone, when the rule says open."""
    zone = ZoneInfo(rule.timezone)
    return [(lo.astimezone(zone), hi.astimezone(zone)) for lo, hi in timeline(rule, start, end)[0]]


def closure_intervals(closures: Iterable[Closure], zone: ZoneInfo) -> list[Interval]:
    """Return the closures as [start, end) UTC intervals of whole days in `zone`."""
    out = []
    for c in closures:
        start = datetime.combine(c.start, time(0), zone).astimezone(UTC)
        end = datetime.combine(c.end + timedelta(days=1), time(0), zone).astimezone(UTC)
        out.append((start, end))
    return _union(out)


def open_spans(
    rule: HoursRule, closures: Sequence[Closure], start: datetime, end: datetime
) -> tuple[list[Interval], list[Interval]]:
    """Return the UTC intervals in [start, end) when the service is open, and when its hours
    are unknown, closures honoured (what a phone needs to say "open now" with no network)."""
    blocked = closure_intervals(closures, ZoneInfo(rule.timezone))
    opened, unknown = timeline(rule, start, end)
    return _minus(opened, blocked), _minus(unknown, blocked)


def _containing(spans: Sequence[Interval], at: datetime) -> Interval | None:
    for lo, hi in spans:
        if lo <= at < hi:
            return lo, hi
    return None


def _open_spans(
    rule: HoursRule, at: datetime, span: timedelta, blocked: Sequence[Interval]
) -> list[Interval]:
    return _minus(timeline(rule, at, at + span)[0], blocked)


def _closes_at(rule: HoursRule, at: datetime, blocked: Sequence[Interval]) -> datetime | None:
    span = _FIRST_WINDOW
    while True:
        current = _containing(_open_spans(rule, at, span, blocked), at)
        assert current is not None
        if current[1] < at + span:
            return current[1]
        if span >= _LOOKAHEAD:
            return None
        span = min(span * 4, _LOOKAHEAD)


def _next_opening(rule: HoursRule, at: datetime, blocked: Sequence[Interval]) -> datetime | None:
    span = _FIRST_WINDOW
    while True:
        later = [lo for lo, _ in _open_spans(rule, at, span, blocked) if lo > at]
        if later:
            return later[0]
        if span >= _LOOKAHEAD:
            return None
        span = min(span * 4, _LOOKAHEAD)


def state_at(
    rule: HoursRule | None, at: datetime, closures: Sequence[Closure] = ()
) -> OpeningState:
    """Return the opening state at `at`, honouring closures; times are in the rule's zone."""
    if rule is None:
        return UNKNOWN
    if at.tzinfo is None:
        raise ValueError("datetimes must carry a UTC offset")
    # Every change of state falls on a whole minute (hours and minutes, sun events to the
    # minute, closures by day), so the state within a minute is the state at its start.
    minute = at.astimezone(UTC).replace(second=0, microsecond=0)
    return _state_at_minute(rule, minute, tuple(closures))


@lru_cache(maxsize=65536)
def _state_at_minute(
    rule: HoursRule, minute: datetime, closures: tuple[Closure, ...]
) -> OpeningState:
    zone = ZoneInfo(rule.timezone)
    blocked = closure_intervals(closures, zone)

    def local(value: datetime | None) -> datetime | None:
        return None if value is None else value.astimezone(zone)

    if _containing(blocked, minute) is None:
        opened, unknown = timeline(rule, minute, minute + timedelta(seconds=1))
        if opened:
            return OpeningState(OpenState.OPEN, closes_at=local(_closes_at(rule, minute, blocked)))
        if unknown:
            return UNKNOWN
    nxt = _next_opening(rule, minute, blocked)
    return OpeningState(OpenState.CLOSED, next_opening=local(nxt))
