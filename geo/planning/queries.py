"""Planning from the database: the scenario of an association's week, jobs, stored plans."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from geoalchemy2.shape import to_shape
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from geo.errors import InvalidField
from geo.owned import get_owned
from geo.planning.models import PlanJob, WeekPlan
from geo.planning.rounds import PlanView, plan_view
from geo.vocab import ZoneKind
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


def zone_entry(zone: Zone) -> dict[str, Any]:
    """Return a zone as a scenario entry (its id, a point inside it, its planning fields)."""
    return {
        "id": str(zone.id),
        **_point(zone.geom),
        "presence": zone.presence,
        "visit_minutes": zone.visit_minutes,
        "weight": zone.priority,
        "min_visits": zone.min_visits,
        "max_visits": zone.max_visits,
        "min_night_visits": zone.min_night_visits,
        "requires": list(zone.requires),
    }


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


async def build_scenario(
    session: AsyncSession,
    *,
    association_id: uuid.UUID,
    week_start: date,
    zone_ids: list[uuid.UUID] | None,
    team_ids: list[uuid.UUID] | None,
) -> dict[str, Any]:
    """Return the association's week as a format-1 scenario; online zones are left out."""
    zones_q = select(Zone).where(
        Zone.association_id == association_id, Zone.kind != ZoneKind.ONLINE.value
    )
    if zone_ids is not None:
        zones_q = zones_q.where(Zone.id.in_(zone_ids))
    teams_q = select(Team).where(Team.association_id == association_id)
    if team_ids is not None:
        teams_q = teams_q.where(Team.id.in_(team_ids))
    zones = list((await session.scalars(zones_q.order_by(Zone.name, Zone.id))).all())
    teams = list((await session.scalars(teams_q.order_by(Team.label, Team.id))).all())
    if not teams:
        raise InvalidField("team_ids", "no team to plan for")
    zone = zones[0] if zones else None
    return {
        "format": 1,
        "name": f"week-{week_start.isoformat()}",
        "timezone": zone.timezone if zone else teams[0].timezone,
        "country": zone.holiday_country if zone else teams[0].holiday_country,
        "week_start": week_start.isoformat(),
        "travel": HAVERSINE,
        "zones": [zone_entry(z) for z in zones],
        "teams": [team_entry(t) for t in teams],
    }


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
) -> uuid.UUID:
    """Store a planned week (with its rounds' street paths, when known) and return its id."""
    plan = WeekPlan(
        association_id=association_id,
        week_start=week_start,
        scenario=scenario,
        result=result,
        paths=paths,
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
