"""Planner scenario and plan files (format 1): JSON in and out, hours evaluated here.

The planner works in UNIX seconds over evaluated intervals; this module turns the file's
`opening_hours` expressions (presence, shifts) into intervals in the scenario's time zone and
holiday country, and writes plans back with local times and their UTC offset.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator

from geo.directory.hours import HoursRule, open_intervals
from geo.fields import HolidayCountry, HoursExpression, Monday, TimeZoneName
from planner.model import (
    NIGHT_END_H,
    NIGHT_START_H,
    Interval,
    Plan,
    Point,
    Round,
    Scenario,
    Stop,
    Team,
    Travel,
    Zone,
)

FORMAT = 1
WEEKEND_DAYS = "Sa,Su,PH 00:00-24:00"  # a weekend visit starts on one of these local days


class ScenarioError(ValueError):
    """A scenario or plan file that cannot be read; the message says where and why."""


class _Position(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)


class _Zone(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    lon: float | None = Field(None, ge=-180, le=180)
    lat: float | None = Field(None, ge=-90, le=90)
    online: bool = False
    presence: HoursExpression
    visit_minutes: int = Field(ge=1, le=720)
    weight: int = Field(ge=0)
    min_visits: int = Field(ge=0)
    max_visits: int = Field(ge=0)
    min_night_visits: int = Field(0, ge=0)
    min_weekend_visits: int = Field(0, ge=0)
    last_visit: AwareDatetime | None = None
    requires: list[str] = []

    @model_validator(mode="after")
    def _visits(self) -> _Zone:
        if self.max_visits < self.min_visits:
            raise ValueError("max_visits is below min_visits")
        if self.min_night_visits > self.max_visits:
            raise ValueError("min_night_visits is above max_visits")
        if self.min_weekend_visits > self.max_visits:
            raise ValueError("min_weekend_visits is above max_visits")
        located = self.lon is not None and self.lat is not None
        if self.online and (self.lon is not None or self.lat is not None):
            raise ValueError("an online zone has no lon/lat")
        if not self.online and not located:
            raise ValueError("a zone needs lon and lat unless it is online")
        return self


class _Team(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    mode: Literal["foot", "bike", "car"]
    start: _Position
    end: _Position
    shifts: HoursExpression
    skills: list[str] = []


class _Travel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: Literal["haversine", "matrix"]
    detour: float = Field(1.3, gt=0)
    speed_kmh: dict[str, float] = {"foot": 4.5, "bike": 14.0, "car": 25.0}
    seconds: dict[str, list[list[float]]] = {}


class _Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal[1]
    name: str
    timezone: TimeZoneName = "Europe/Paris"
    country: HolidayCountry = "FR"
    week_start: Monday
    travel: _Travel
    zones: list[_Zone]
    teams: list[_Team]

    @model_validator(mode="after")
    def _coherent(self) -> _Scenario:
        for kind, items in (("zone", self.zones), ("team", self.teams)):
            ids = [i.id for i in items]
            if len(ids) != len(set(ids)):
                raise ValueError(f"{kind} ids must be unique")
        tz = ZoneInfo(self.timezone)
        monday = datetime.combine(self.week_start, time(0), tz)
        for z in self.zones:
            if z.last_visit is not None and z.last_visit >= monday:
                raise ValueError(f"zone {z.id}: last_visit is not before the week")
        modes = {t.mode for t in self.teams}
        size = 2 * len(self.teams) + len(self.zones)
        for mode in modes:
            if self.travel.model == "haversine" and mode not in self.travel.speed_kmh:
                raise ValueError(f"travel.speed_kmh has no speed for mode {mode!r}")
            if self.travel.model == "matrix":
                rows = self.travel.seconds.get(mode)
                if rows is None or len(rows) != size or any(len(r) != size for r in rows):
                    raise ValueError(
                        f"travel.seconds[{mode!r}] must be a {size}×{size} matrix over "
                        "[team starts…, team ends…, zones…]"
                    )
        return self


def _local(day: date, hour: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), zone)


def _ts(value: datetime) -> int:
    return int(value.timestamp())


def _intervals(
    expression: str, zone: str, country: str, lo: datetime, hi: datetime
) -> list[Interval]:
    rule = HoursRule(expression, zone, country)
    return [Interval(_ts(a), _ts(b)) for a, b in open_intervals(rule, lo, hi)]


def _weekend(raw: _Scenario, lo: datetime, hi: datetime) -> tuple[Interval, ...]:
    """Return the local days of Saturdays, Sundays and public holidays between lo and hi."""
    return tuple(_intervals(WEEKEND_DAYS, raw.timezone, raw.country, lo, hi))


def _nights(first: date, days: int, zone: ZoneInfo) -> tuple[Interval, ...]:
    out = []
    for i in range(-1, days + 1):
        day = first + timedelta(days=i)
        lo = _local(day, NIGHT_START_H, zone)
        hi = _local(day + timedelta(days=1), NIGHT_END_H, zone)
        out.append(Interval(_ts(lo), _ts(hi)))
    return tuple(out)


def scenario_from_dict(data: dict[str, Any]) -> Scenario:
    """Validate a format-1 scenario and evaluate its hours; raise ScenarioError."""
    try:
        raw = _Scenario.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "scenario"
        raise ScenarioError(f"{where}: {first['msg']}") from exc
    tz = ZoneInfo(raw.timezone)
    start = datetime.combine(raw.week_start, time(0), tz)
    end = datetime.combine(raw.week_start + timedelta(days=7), time(0), tz)
    horizon = Interval(_ts(start), _ts(end))
    # Shifts that start in the week may end after it; presence is read a day beyond both.
    lo, hi = start - timedelta(days=1), end + timedelta(days=2)
    zones = tuple(
        Zone(
            id=z.id,
            point=Point(z.lon or 0.0, z.lat or 0.0),
            presence=tuple(_intervals(z.presence, raw.timezone, raw.country, lo, hi)),
            visit_s=z.visit_minutes * 60,
            weight=z.weight,
            min_visits=z.min_visits,
            max_visits=z.max_visits,
            min_night_visits=z.min_night_visits,
            requires=frozenset(z.requires),
            min_weekend_visits=z.min_weekend_visits,
            last_visit=None if z.last_visit is None else _ts(z.last_visit),
            online=z.online,
        )
        for z in raw.zones
    )
    teams = tuple(
        Team(
            id=t.id,
            mode=t.mode,
            start=Point(t.start.lon, t.start.lat),
            end=Point(t.end.lon, t.end.lat),
            # Read from the day before: last Sunday's night shift keeps its real start and
            # belongs to last week's plan (read from Monday 00:00, its tail looked like a
            # shift of this week).
            shifts=tuple(
                i
                for i in _intervals(t.shifts, raw.timezone, raw.country, lo, hi)
                if horizon.start <= i.start < horizon.end
            ),
            skills=frozenset(t.skills),
        )
        for t in raw.teams
    )
    travel = Travel(
        model=raw.travel.model,
        detour=raw.travel.detour,
        speed_kmh=dict(raw.travel.speed_kmh),
        seconds={m: tuple(tuple(r) for r in rows) for m, rows in raw.travel.seconds.items()},
    )
    return Scenario(
        name=raw.name,
        timezone=raw.timezone,
        horizon=horizon,
        zones=zones,
        teams=teams,
        travel=travel,
        night=_nights(raw.week_start, 7, tz),
        weekend=_weekend(raw, lo, hi),
    )


def read_json(path: Path) -> dict[str, Any]:
    """Read a JSON object from a file, or raise ScenarioError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ScenarioError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: expected a JSON object")
    return data


def _iso(t: int, zone: ZoneInfo) -> str:
    return datetime.fromtimestamp(t, UTC).astimezone(zone).isoformat()


def plan_to_dict(plan: Plan, scenario: Scenario) -> dict[str, Any]:
    """Write a plan in format 1, times local with their UTC offset."""
    tz = ZoneInfo(scenario.timezone)
    o = plan.objective
    return {
        "format": FORMAT,
        "scenario": plan.scenario,
        "rounds": [
            {
                "team": r.team,
                "shift_start": _iso(r.shift.start, tz),
                "shift_end": _iso(r.shift.end, tz),
                "depart": _iso(r.depart, tz),
                "stops": [
                    {
                        "zone": s.zone,
                        "arrive": _iso(s.arrive, tz),
                        "start": _iso(s.start, tz),
                        "end": _iso(s.end, tz),
                    }
                    for s in r.stops
                ],
                "return": _iso(r.back, tz),
            }
            for r in plan.rounds
        ],
        "unvisited": [
            {
                "zone": u.zone,
                "reason": u.reason,
                "code": u.code,
                "params": {k: list(v) if isinstance(v, tuple) else v for k, v in u.params.items()},
            }
            for u in plan.unvisited
        ],
        "warnings": list(plan.warnings),
        "objective": {
            "required_coverage": o.required_coverage,
            "weighted_visits": o.weighted_visits,
            "night_requirements_met": o.night_requirements_met,
            "weekend_requirements_met": o.weekend_requirements_met,
            "travel_minutes": o.travel_minutes,
        },
    }


def _instant(value: Any, where: str) -> int:
    if not isinstance(value, str):
        raise ScenarioError(f"{where}: expected an ISO 8601 time with its UTC offset")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ScenarioError(f"{where}: {value!r} is not an ISO 8601 time") from exc
    if parsed.tzinfo is None:
        raise ScenarioError(f"{where}: {value!r} has no UTC offset")
    return int(parsed.timestamp())


def rounds_from_dict(data: dict[str, Any]) -> list[Round]:
    """Read the rounds of a format-1 plan, or raise ScenarioError."""
    rounds = data.get("rounds")
    if not isinstance(rounds, list):
        raise ScenarioError("plan: 'rounds' must be a list")
    out = []
    for i, r in enumerate(rounds):
        where = f"rounds[{i}]"
        try:
            stops = tuple(
                Stop(
                    zone=str(s["zone"]),
                    arrive=_instant(s["arrive"], f"{where}.stops[{k}].arrive"),
                    start=_instant(s["start"], f"{where}.stops[{k}].start"),
                    end=_instant(s["end"], f"{where}.stops[{k}].end"),
                )
                for k, s in enumerate(r["stops"])
            )
            out.append(
                Round(
                    team=str(r["team"]),
                    shift=Interval(
                        _instant(r["shift_start"], f"{where}.shift_start"),
                        _instant(r["shift_end"], f"{where}.shift_end"),
                    ),
                    depart=_instant(r["depart"], f"{where}.depart"),
                    stops=stops,
                    back=_instant(r["return"], f"{where}.return"),
                )
            )
        except (KeyError, TypeError) as exc:
            raise ScenarioError(f"{where}: missing or malformed field {exc}") from exc
        except ValueError as exc:
            raise ScenarioError(f"{where}: {exc}") from exc
    return out
