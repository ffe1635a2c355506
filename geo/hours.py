"""Opening hours in OpenStreetMap `opening_hours` syntax, evaluated per record's zone and holidays."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import opening_hours as oh

logger = logging.getLogger(__name__)

# Evaluate no further than this when looking for the next change: a 24/7 service has none.
_LOOKAHEAD = timedelta(days=366)


class HoursError(ValueError):
    """An opening-hours expression, time zone or holiday country that cannot be evaluated."""


class OpenState(StrEnum):
    """Whether a service is open at a given instant."""

    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"


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
    except (oh.ParserError, SyntaxError, ValueError) as exc:
        message = " ".join(str(exc).split())
        raise HoursError(f"invalid opening_hours {expression!r}: {message}") from exc


@lru_cache(maxsize=4096)
def parsed(rule: HoursRule) -> oh.OpeningHours:
    """Parse a rule once; raise HoursError when it cannot be evaluated."""
    zone = check_timezone(rule.timezone)
    check_expression(rule.expression)
    try:
        return oh.OpeningHours(rule.expression, timezone=zone, country=rule.country)
    except oh.UnknownCountryError as exc:
        raise HoursError(f"no public-holiday calendar for country {rule.country!r}") from exc


def check_rule(rule: HoursRule) -> None:
    """Raise HoursError when the rule cannot be evaluated."""
    parsed(rule)


def _local(at: datetime, zone: ZoneInfo) -> datetime:
    if at.tzinfo is None:
        raise ValueError("datetimes must carry a UTC offset")
    return at.astimezone(zone)


def closure_intervals(
    closures: Iterable[Closure], zone: ZoneInfo
) -> list[tuple[datetime, datetime]]:
    """Return the closures as absolute [start, end) intervals in `zone`."""
    out = []
    for c in closures:
        start = datetime.combine(c.start, time(0), zone)
        end = datetime.combine(c.end + timedelta(days=1), time(0), zone)
        out.append((start, end))
    return sorted(out)


def open_intervals(
    rule: HoursRule, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """Return the [start, end) intervals during which the rule says open, merged."""
    hours = parsed(rule)
    zone = ZoneInfo(rule.timezone)
    out: list[tuple[datetime, datetime]] = []
    for lo, hi, state, _comment in hours.intervals(_local(start, zone), _local(end, zone)):
        if state != oh.State.OPEN:
            continue
        if out and out[-1][1] >= lo:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _next_open_after(hours: oh.OpeningHours, at: datetime) -> datetime | None:
    """Return the first instant at or after `at` when the hours say open."""
    limit = at + _LOOKAHEAD
    cursor = at
    while cursor < limit:
        if hours.state(cursor)[0] == oh.State.OPEN:
            return cursor
        nxt = hours.next_change(cursor)
        if nxt is None or nxt <= cursor:
            return None
        cursor = nxt
    return None


def _closure_at(
    closures: Sequence[tuple[datetime, datetime]], at: datetime
) -> tuple[datetime, datetime] | None:
    for lo, hi in closures:
        if lo <= at < hi:
            return lo, hi
    return None


def state_at(
    rule: HoursRule | None, at: datetime, closures: Sequence[Closure] = ()
) -> OpeningState:
    """Return the opening state at `at`, honouring temporary closures."""
    if rule is None:
        return UNKNOWN
    hours = parsed(rule)
    zone = ZoneInfo(rule.timezone)
    local = _local(at, zone)
    blocked = closure_intervals(closures, zone)
    closure = _closure_at(blocked, local)
    if closure is not None:
        return OpeningState(OpenState.CLOSED, next_opening=_next_opening(hours, closure[1], blocked))
    state = hours.state(local)[0]
    if state == oh.State.UNKNOWN:
        return UNKNOWN
    if state == oh.State.OPEN:
        change = hours.next_change(local)
        closes = change if change is not None and change - local < _LOOKAHEAD else None
        for lo, _hi in blocked:
            if lo > local and (closes is None or lo < closes):
                closes = lo
                break
        return OpeningState(OpenState.OPEN, closes_at=closes)
    return OpeningState(OpenState.CLOSED, next_opening=_next_opening(hours, local, blocked))


def _next_opening(
    hours: oh.OpeningHours, at: datetime, blocked: Sequence[tuple[datetime, datetime]]
) -> datetime | None:
    cursor: datetime | None = at
    while cursor is not None:
        cursor = _next_open_after(hours, cursor)
        if cursor is None:
            return None
        closure = _closure_at(blocked, cursor)
        if closure is None:
            return cursor
        cursor = closure[1]
    return None
