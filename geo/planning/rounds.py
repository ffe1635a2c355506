"""The read model of planned weeks: a stored plan's rounds and stops as typed views (times
parsed, zones named, teams labelled), for the plan's JSON, its exports and its sheets."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from geo.errors import NotFound
from geo.planning.models import WeekPlan
from geo.planning.weighting import WeightedZone
from geo.values import LonLat

Point = tuple[float, float]
"""A (lon, lat) position, in the order GeoJSON and the stored street paths give it."""


@dataclass(frozen=True, slots=True)
class StopView:
    """A planned stop: the zone (its name, if it still has one), its times and position (an
    online zone's is the team's start: it is visited from the office)."""

    zone_id: str
    zone_name: str | None
    arrive: datetime
    start: datetime
    end: datetime
    position: LonLat
    online: bool = False


@dataclass(frozen=True, slots=True)
class RoundView:
    """One team's round on one shift; times are local, with their UTC offset."""

    index: int
    team_id: str
    team_label: str | None
    shift_start: datetime
    shift_end: datetime
    depart: datetime
    back: datetime
    stops: tuple[StopView, ...]
    line: tuple[Point, ...]
    """Straight through the team's start, each stop and the team's end."""
    path: tuple[Point, ...] | None
    """Along the streets, when the plan was made on the street network."""

    @property
    def drawn(self) -> tuple[Point, ...]:
        """Return the round as a map draws it: along the streets when known, else straight."""
        return self.line if self.path is None else self.path


@dataclass(frozen=True, slots=True)
class PlanView:
    """A planned week: the plan in format 1 exactly as stored (and served), its rounds, and
    the zones whose weight the week before raised (none for a plan made before weights moved)."""

    id: uuid.UUID
    week_start: date
    result: dict[str, Any]
    rounds: tuple[RoundView, ...]
    weighted: tuple[WeightedZone, ...] = ()
    created_at: datetime | None = None
    revision_of: uuid.UUID | None = None
    locked: tuple[int, ...] = ()
    zone_names: Mapping[str, str] = field(default_factory=dict)
    """The names of the scenario's zones that still exist, by id."""
    team_labels: Mapping[str, str] = field(default_factory=dict)
    """The labels of the scenario's teams that still exist, by id."""

    def round(self, index: int) -> RoundView:
        """Return one round, or raise NotFound."""
        if not 0 <= index < len(self.rounds):
            raise NotFound("no such round")
        return self.rounds[index]


def _at(value: Mapping[str, float]) -> Point:
    return (value["lon"], value["lat"])


def _round(
    index: int,
    entry: Mapping[str, Any],
    *,
    zones: Mapping[str, Point | None],
    teams: Mapping[str, Mapping[str, Any]],
    path: Sequence[Sequence[float]] | None,
    names: Mapping[str, str],
    labels: Mapping[str, str],
) -> RoundView:
    team = teams[entry["team"]]
    office = _at(team["start"])
    stops = tuple(
        StopView(
            zone_id=s["zone"],
            zone_name=names.get(s["zone"]),
            arrive=datetime.fromisoformat(s["arrive"]),
            start=datetime.fromisoformat(s["start"]),
            end=datetime.fromisoformat(s["end"]),
            position=LonLat(*(zones[s["zone"]] or office)),
            online=zones[s["zone"]] is None,
        )
        for s in entry["stops"]
    )
    return RoundView(
        index=index,
        team_id=entry["team"],
        team_label=labels.get(entry["team"]),
        shift_start=datetime.fromisoformat(entry["shift_start"]),
        shift_end=datetime.fromisoformat(entry["shift_end"]),
        depart=datetime.fromisoformat(entry["depart"]),
        back=datetime.fromisoformat(entry["return"]),
        stops=stops,
        line=(office, *((s.position.lon, s.position.lat) for s in stops), _at(team["end"])),
        path=tuple((p[0], p[1]) for p in path) if path else None,
    )


def plan_view(plan: WeekPlan, *, names: Mapping[str, str], labels: Mapping[str, str]) -> PlanView:
    """Return a stored plan as views: its zones named, its teams labelled, its times parsed."""
    zones = {z["id"]: None if z.get("online") else _at(z) for z in plan.scenario["zones"]}
    teams = {t["id"]: t for t in plan.scenario["teams"]}
    paths = plan.paths or []
    rounds = tuple(
        _round(
            i,
            entry,
            zones=zones,
            teams=teams,
            path=paths[i] if i < len(paths) else None,
            names=names,
            labels=labels,
        )
        for i, entry in enumerate(plan.result["rounds"])
    )
    weighted = tuple(
        WeightedZone.from_json(w, name=names.get(w["zone"])) for w in plan.weighted or ()
    )
    return PlanView(
        id=plan.id,
        week_start=plan.week_start,
        result=plan.result,
        rounds=rounds,
        weighted=weighted,
        created_at=plan.created_at,
        revision_of=plan.revision_of,
        locked=tuple(plan.locked or ()),
        zone_names={k: names[k] for k in zones if k in names},
        team_labels={k: labels[k] for k in teams if k in labels},
    )
