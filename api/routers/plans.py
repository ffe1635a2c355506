"""Planning a week: queue a job, follow it, read the plan, export rounds."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request, status
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api.deps import CoordinatorDep, DatabaseDep, TeamMemberDep
from api.schemas.common import OWNED_RESPONSES
from api.schemas.plans import JobRead, PlanRead, PlanRequest
from api.worker import defer_plan as enqueue_plan
from geo.alerts import queries as alert_queries
from geo.directory.categories import BY_SLUG
from geo.directory.queries.services import nearest_services, phone_lines
from geo.errors import NotFound, Unavailable
from geo.planning import queries
from geo.planning.models import PlanJob, WeekPlan
from geo.reports import queries as report_queries
from geo.values import Audience, LonLat, ServiceFilter
from web.exports import NearbyService, SheetAlert, gpx, ics, round_sheet, rounds_geojson

router = APIRouter(prefix="/api/v1", tags=["planning"], responses=OWNED_RESPONSES)


def _job(job: PlanJob) -> JobRead:
    return JobRead(
        id=job.id,
        status=job.status,
        progress=job.progress,
        created_at=job.created_at,
        updated_at=job.updated_at,
        error=job.error,
        plan=f"/api/v1/plans/{job.plan_id}" if job.plan_id else None,
    )


@router.post("/plans", status_code=status.HTTP_202_ACCEPTED, response_model=JobRead)
async def request_plan(
    body: PlanRequest, request: Request, coordinator: CoordinatorDep, database: DatabaseDep
) -> JSONResponse:
    """Queue the planning of a week; follow the job at the `Location` it returns."""
    queue = request.app.state.queue
    if queue is None:
        raise Unavailable("no job queue is configured on this server")
    owner = coordinator.association_id
    assert owner is not None
    async with database.tenant(owner) as session:
        job = await queries.create_job(
            session,
            association_id=owner,
            user_id=coordinator.user_id,
            request=body.model_dump(mode="json"),
        )
        await session.commit()
    try:
        await enqueue_plan(queue, job_id=job.id, association_id=owner)
    except Exception:
        async with database.tenant(owner) as session:
            await queries.set_job(
                session, job_id=job.id, status="failed", error="queue unavailable"
            )
            await session.commit()
        raise
    return JSONResponse(
        _job(job).model_dump(mode="json"),
        status_code=status.HTTP_202_ACCEPTED,
        headers={"Location": f"/api/v1/jobs/{job.id}"},
    )


@router.get("/jobs/{job_id}", response_model=JobRead)
async def get_job(job_id: uuid.UUID, member: TeamMemberDep, database: DatabaseDep) -> JobRead:
    """Return a planning job's status, progress and, once done, its plan."""
    owner = member.association_id
    assert owner is not None
    async with database.tenant(owner) as session:
        return _job(await queries.get_job(session, association_id=owner, job_id=job_id))


async def _plan(
    database: DatabaseDep, owner: uuid.UUID, plan_id: uuid.UUID
) -> tuple[WeekPlan, dict[str, str], dict[str, str]]:
    async with database.tenant(owner) as session:
        plan = await queries.get_plan(session, association_id=owner, plan_id=plan_id)
        names = await queries.zone_names(session, association_id=owner)
        labels = await queries.team_labels(session, association_id=owner)
    return plan, names, labels


@router.get("/plans/{plan_id}", response_model=PlanRead)
async def get_plan(
    plan_id: uuid.UUID, member: TeamMemberDep, database: DatabaseDep
) -> JSONResponse:
    """Return a planned week: the plan (format 1) and its rounds as GeoJSON LineStrings."""
    assert member.association_id is not None
    plan, names, labels = await _plan(database, member.association_id, plan_id)
    body = PlanRead(
        id=plan.id,
        status="succeeded",
        week_start=plan.week_start,
        plan=plan.result,
        rounds=rounds_geojson(plan.scenario, plan.result, names, labels, plan.paths),
    )
    return JSONResponse(body.model_dump(mode="json"), headers={"Cache-Control": "no-store"})


def _round(plan: WeekPlan, index: int) -> dict[str, object]:
    rounds = plan.result["rounds"]
    if not 0 <= index < len(rounds):
        raise NotFound("no such round")
    found: dict[str, object] = rounds[index]
    return found


def _path(plan: WeekPlan, index: int) -> list[Any] | None:
    """Return a round's path along the streets, when the plan has one."""
    if not plan.paths or index >= len(plan.paths):
        return None
    path: list[Any] = plan.paths[index]
    return path


@router.get("/plans/{plan_id}/rounds/{index}.gpx", response_class=Response)
async def round_gpx(
    plan_id: uuid.UUID, index: int, member: TeamMemberDep, database: DatabaseDep
) -> Response:
    """Return one round as a GPX route."""
    assert member.association_id is not None
    plan, names, labels = await _plan(database, member.association_id, plan_id)
    r = _round(plan, index)
    title = f"Maraude {labels.get(str(r['team']), '')} {str(r['depart'])[:10]}"
    return Response(
        gpx(plan.scenario, r, names, title, _path(plan, index)),
        media_type="application/gpx+xml",
        headers={
            "Content-Disposition": f'attachment; filename="round-{index}.gpx"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/plans/{plan_id}/week.ics", response_class=Response)
async def week_ics(plan_id: uuid.UUID, member: TeamMemberDep, database: DatabaseDep) -> Response:
    """Return the week's rounds as an iCalendar file."""
    assert member.association_id is not None
    plan, names, labels = await _plan(database, member.association_id, plan_id)
    return Response(
        ics(str(plan.id), plan.result, names, labels),
        media_type="text/calendar",
        headers={
            "Content-Disposition": 'attachment; filename="week.ics"',
            "Cache-Control": "no-store",
        },
    )


async def _round_context(
    database: DatabaseDep, owner: uuid.UUID, r: dict[str, Any], names: dict[str, str]
) -> tuple[list[SheetAlert], dict[str, int]]:
    """The alerts in force at the round's start that touch its zones, and what to pack."""
    zone_ids = [s["zone"] for s in r["stops"]]
    start = datetime.fromisoformat(r["shift_start"])
    async with database.tenant(owner) as session:
        active = await alert_queries.active_alerts(session, at=start)
        touched = await alert_queries.zones_touched(session, active, association_id=owner)
        pack = await report_queries.pack_list(
            session, owner=owner, zone_ids=zone_ids, today=start.date()
        )
    alerts = []
    for alert in active:
        hit = [names.get(str(z), "Zone") for z, _ in touched[alert.id] if str(z) in zone_ids]
        if hit:
            message = alert.messages["fr"]
            alerts.append(
                SheetAlert(
                    message["headline"],
                    message["description"],
                    message.get("instruction"),
                    tuple(hit),
                )
            )
    return alerts, pack


@router.get("/plans/{plan_id}/rounds/{index}/sheet", response_class=HTMLResponse)
async def round_sheet_page(
    plan_id: uuid.UUID, index: int, member: TeamMemberDep, database: DatabaseDep
) -> HTMLResponse:
    """Return a printable round sheet: map, stops, services open within 500 m, numbers."""
    assert member.association_id is not None
    plan, names, labels = await _plan(database, member.association_id, plan_id)
    r = _round(plan, index)
    points = {z["id"]: (z["lon"], z["lat"]) for z in plan.scenario["zones"]}
    nearby = []
    async with database.reader() as connection:
        for stop in r["stops"]:  # type: ignore[attr-defined]
            lon, lat = points[stop["zone"]]
            views = await nearest_services(
                connection,
                audience=Audience.MEMBER,
                origin=LonLat(lon, lat),
                filters=ServiceFilter(open_at=datetime.fromisoformat(stop["start"])),
                at=datetime.fromisoformat(stop["start"]),
                limit=5,
                max_distance_m=500,
            )
            nearby.append(
                [
                    NearbyService(
                        v.record.name,
                        ", ".join(BY_SLUG[c].label_fr for c in v.record.categories),
                        v.record.phone,
                        v.record.address,
                        v.distance_m or 0.0,
                        v.state.closes_at.isoformat() if v.state.closes_at else None,
                    )
                    for v in views
                ]
            )
        lines = await phone_lines(connection)
    alerts, pack = await _round_context(database, member.association_id, r, names)
    page = round_sheet(
        scenario=plan.scenario,
        r=r,
        names=names,
        team_label=labels.get(str(r["team"]), "équipe"),
        nearby=nearby,
        lines=lines,
        path=_path(plan, index),
        alerts=alerts,
        pack=pack,
    )
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})
