"""Planning from the database: the scenario of an association's week, jobs, stored plans."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from geoalchemy2.shape import to_shape
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from geo.errors import InvalidField
from geo.owned import get_owned
from geo.planning.last_visits import last_visits
from geo.planning.models import PlanJob, WeekPlan
from geo.planning.rounds import PlanView, plan_view
from geo.planning.weighting import WeightedZone, zone_weight
from geo.zones.models import Team, Zone

HAVERSINE = {
    "model": "haversine",
    "detour": 1.3,
    "speed_kmh": {"foot": 4.5, "bike": 14.0, "car": 25.0},
}


def _point(geom: Any) -> dict[str, float]:
    shape = to_shape(geom)
    centre = shape if shape.geom_type == "Point" else shape.representative_point()
    return {"lon": round(centre.x, 7), "lat": round(centre.y, 7)}


def zone_entry(
    zone: Zone, *, weight: int | None = None, last_visit: datetime | None = None
) -> dict[str, Any]:
    """Return a zone as a scenario entry: its id, a point inside it (none for an online zone),
    its planning fields, its weight (its priority unless given) and its last visit, if any."""
    entry: dict[str, Any] = {"id": str(zone.id)}
    if zone.geom is None:
        entry["online"] = True
    else:
        entry.update(_point(zone.geom))
    entry.update(
        {
            "presence": zone.presence,
            "visit_minutes": zone.visit_minutes,
            "weight": zone.priority if weight is None else weight,
            "min_visits": zone.min_visits,
            "max_visits": zone.max_visits,
            "min_night_visits": zone.min_night_visits,
            "min_weekend_visits": zone.min_weekend_visits,
            "requires": list(zone.requires),
        }
    )
    if last_visit is not None:
        entry["last_visit"] = last_visit.astimezone(ZoneInfo(zone.timezone)).isoformat()
    return entry


def team_entry(team: Team) -> dict[str, Any]:
    """Return a team as a scenario entry."""
    return {
        "id": str(team.id),
        "mode": team.mode,
        "start": _point(team.start_geom),
        "end": _point(team.end_geom),
        "shifts": team.shifts,
        "skills": list(team.skills),
    }


@dataclass(frozen=True, slots=True)
class WeekInput:
    """A week to plan: its scenario (format 1) and the zones whose weight the week before
    raised, to keep beside the plan."""

    scenario: dict[str, Any]
    weighted: tuple[WeightedZone, ...]


async def _zones_entries(
    session: AsyncSession, *, association_id: uuid.UUID, zones: Sequence[Zone], week_start: date
) -> tuple[list[dict[str, Any]], tuple[WeightedZone, ...]]:
    """Return the zones' scenario entries, weighed by their last visit, and those raised."""
    if not zones:
        return [], ()
    monday = datetime.combine(week_start, time(0), ZoneInfo(zones[0].timezone))
    last = await last_visits(
        session,
        association_id=association_id,
        zone_ids=[z.id for z in zones],
        week_start=week_start,
        bound=monday,
    )
    entries, weighted = [], []
    for zone in zones:
        visit = last.get(zone.id)
        local = None if visit is None else visit.astimezone(ZoneInfo(zone.timezone))
        weight = zone_weight(
            zone.priority, last_visit=None if local is None else local.date(), week_start=week_start
        )
        entries.append(zone_entry(zone, weight=weight, last_visit=local))
        if weight != zone.priority:
            weighted.append(WeightedZone(str(zone.id), zone.priority, weight, local))
    return entries, tuple(weighted)


async def build_week(
    session: AsyncSession,
    *,
    association_id: uuid.UUID,
    week_start: date,
    zone_ids: list[uuid.UUID] | None,
    team_ids: list[uuid.UUID] | None,
) -> WeekInput:
    """Return the association's week as a format-1 scenario, online zones included, each zone
    weighed by its priority and how long it went unvisited (`geo.planning.weighting`)."""
    zones_q = select(Zone).where(Zone.association_id == association_id)
    if zone_ids is not None:
        zones_q = zones_q.where(Zone.id.in_(zone_ids))
    teams_q = select(Team).where(Team.association_id == association_id)
    if team_ids is not None:
        teams_q = teams_q.where(Team.id.in_(team_ids))
    zones = list((await session.scalars(zones_q.order_by(Zone.name, Zone.id))).all())
    teams = list((await session.scalars(teams_q.order_by(Team.label, Team.id))).all())
    if not teams:
        raise InvalidField("team_ids", "no team to plan for")
    entries, weighted = await _zones_entries(
        session, association_id=association_id, zones=zones, week_start=week_start
    )
    zone = zones[0] if zones else None
    scenario = {
        "format": 1,
        "name": f"week-{week_start.isoformat()}",
        "timezone": zone.timezone if zone else teams[0].timezone,
        "country": zone.holiday_country if zone else teams[0].holiday_country,
        "week_start": week_start.isoformat(),
        "travel": HAVERSINE,
        "zones": entries,
        "teams": [team_entry(t) for t in teams],
    }
    return WeekInput(scenario, weighted)


async def build_scenario(
    session: AsyncSession,
    *,
    association_id: uuid.UUID,
    week_start: date,
    zone_ids: list[uuid.UUID] | None,
    team_ids: list[uuid.UUID] | None,
) -> dict[str, Any]:
    """Return the association's week as a format-1 scenario (see `build_week`)."""
    week = await build_week(
        session,
        association_id=association_id,
        week_start=week_start,
        zone_ids=zone_ids,
        team_ids=team_ids,
    )
    return week.scenario


async def create_job(
    session: AsyncSession, *, association_id: uuid.UUID, user_id: uuid.UUID, request: dict[str, Any]
) -> PlanJob:
    """Record a planning request, queued."""
    job = PlanJob(association_id=association_id, requested_by=user_id, request=request)
    session.add(job)
    await session.flush()
    await session.refresh(job)
    return job


async def get_job(
    session: AsyncSession, *, association_id: uuid.UUID, job_id: uuid.UUID
) -> PlanJob:
    """Return one of the association's jobs, or raise NotFound."""
    return await get_owned(
        session, PlanJob, association_id=association_id, object_id=job_id, noun="job"
    )


async def set_job(
    session: AsyncSession, *, job_id: uuid.UUID, unless_ended: bool = False, **values: Any
) -> None:
    """Update a job's status, progress, plan or error; with `unless_ended`, only while it is
    queued or running (a late failure never overwrites a success)."""
    stmt = update(PlanJob).where(PlanJob.id == job_id)
    if unless_ended:
        stmt = stmt.where(PlanJob.status.in_(("queued", "running")))
    await session.execute(stmt.values(**values, updated_at=func.now()))


async def store_plan(
    session: AsyncSession,
    *,
    association_id: uuid.UUID,
    week_start: date,
    scenario: dict[str, Any],
    result: dict[str, Any],
    paths: list[Any] | None = None,
    weighted: Sequence[WeightedZone] = (),
) -> uuid.UUID:
    """Store a planned week (with its rounds' street paths, when known, and the zones whose
    weight the week before raised) and return its id."""
    plan = WeekPlan(
        association_id=association_id,
        week_start=week_start,
        scenario=scenario,
        result=result,
        paths=paths,
        weighted=[w.to_json() for w in weighted],
    )
    session.add(plan)
    await session.flush()
    return plan.id


async def get_plan(
    session: AsyncSession, *, association_id: uuid.UUID, plan_id: uuid.UUID
) -> WeekPlan:
    """Return one of the association's plans, or raise NotFound."""
    return await get_owned(
        session, WeekPlan, association_id=association_id, object_id=plan_id, noun="plan"
    )


async def zone_names(session: AsyncSession, *, association_id: uuid.UUID) -> dict[str, str]:
    """Return the association's zone names by id (for sheets and exports)."""
    rows = await session.execute(
        select(Zone.id, Zone.name).where(Zone.association_id == association_id)
    )
    return {str(zid): name for zid, name in rows}


async def team_labels(session: AsyncSession, *, association_id: uuid.UUID) -> dict[str, str]:
    """Return the association's team labels by id."""
    rows = await session.execute(
        select(Team.id, Team.label).where(Team.association_id == association_id)
    )
    return {str(tid): label for tid, label in rows}


async def read_plan(
    session: AsyncSession, *, association_id: uuid.UUID, plan_id: uuid.UUID
) -> PlanView:
    """Return one of the association's plans with its zones named and its teams labelled,
    or raise NotFound."""
    plan = await get_plan(session, association_id=association_id, plan_id=plan_id)
    names = await zone_names(session, association_id=association_id)
    labels = await team_labels(session, association_id=association_id)
    return plan_view(plan, names=names, labels=labels)
