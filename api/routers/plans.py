"""Planning a week: queue a job, follow it, read the plan, export rounds."""

from __future__ import annotations

import secrets
import uuid

from fastapi import APIRouter, status
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.deps import (
    CoordinatorDep,
    DatabaseDep,
    MemberTenantDep,
    NowDep,
    QueueDep,
    ReaderDep,
    SettingsDep,
    Tenant,
)
from api.policy import sheet_csp
from api.schemas.common import OWNED_RESPONSES
from api.schemas.plans import JobRead, PlanRead, PlanRequest, weighted_read
from api.worker import defer_plan, submit
from geo.db import Reader
from geo.errors import Forbidden
from geo.planning import queries
from geo.planning.models import PlanJob
from geo.values import Freshness
from web.round_facts import round_facts
from web.round_files import gpx, ics, rounds_geojson
from web.round_sheet import round_sheet

router = APIRouter(prefix="/api/v1", tags=["planning"], responses=OWNED_RESPONSES)

_PRIVATE = {"Cache-Control": "no-store"}


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


def _download(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', **_PRIVATE}


@router.post("/plans", status_code=status.HTTP_202_ACCEPTED, response_model=JobRead)
async def request_plan(
    body: PlanRequest, coordinator: CoordinatorDep, queue: QueueDep, database: DatabaseDep
) -> JSONResponse:
    """Queue the planning of a week; follow the job at the `Location` it returns."""
    owner = coordinator.association_id
    if owner is None:  # the role check lets only an association's coordinators through
        raise Forbidden("only an association's members act for it")

    async def create(session: AsyncSession) -> PlanJob:
        return await queries.create_job(
            session,
            association_id=owner,
            user_id=coordinator.user_id,
            request=body.model_dump(mode="json"),
        )

    async def fail(session: AsyncSession, job: PlanJob) -> None:
        await queries.set_job(session, job_id=job.id, status="failed", error="queue unavailable")

    job = await submit(
        database,
        owner,
        create=create,
        defer=lambda job: defer_plan(queue, job_id=job.id, association_id=owner),
        fail=fail,
    )
    return JSONResponse(
        _job(job).model_dump(mode="json"),
        status_code=status.HTTP_202_ACCEPTED,
        headers={"Location": f"/api/v1/jobs/{job.id}"},
    )


@router.get("/jobs/{job_id}", response_model=JobRead)
async def get_job(job_id: uuid.UUID, tenant: MemberTenantDep) -> JobRead:
    """Return a planning job's status, progress and, once done, its plan."""
    return _job(await queries.get_job(tenant.session, association_id=tenant.owner, job_id=job_id))


@router.get("/plans/{plan_id}", response_model=PlanRead)
async def get_plan(plan_id: uuid.UUID, tenant: MemberTenantDep) -> JSONResponse:
    """Return a planned week: the plan (format 1) and its rounds as GeoJSON LineStrings."""
    plan = await queries.read_plan(tenant.session, association_id=tenant.owner, plan_id=plan_id)
    body = PlanRead(
        id=plan.id,
        status="succeeded",
        week_start=plan.week_start,
        plan=plan.result,
        rounds=rounds_geojson(plan),
        weighted=[weighted_read(w) for w in plan.weighted],
    )
    return JSONResponse(body.model_dump(mode="json"), headers=_PRIVATE)


@router.get("/plans/{plan_id}/rounds/{index}.gpx", response_class=Response)
async def round_gpx(plan_id: uuid.UUID, index: int, tenant: MemberTenantDep) -> Response:
    """Return one round as a GPX route."""
    plan = await queries.read_plan(tenant.session, association_id=tenant.owner, plan_id=plan_id)
    return Response(
        gpx(plan.round(index)),
        media_type="application/gpx+xml",
        headers=_download(f"round-{index}.gpx"),
    )


@router.get("/plans/{plan_id}/week.ics", response_class=Response)
async def week_ics(plan_id: uuid.UUID, tenant: MemberTenantDep, now: NowDep) -> Response:
    """Return the week's rounds as an iCalendar file."""
    plan = await queries.read_plan(tenant.session, association_id=tenant.owner, plan_id=plan_id)
    return Response(ics(plan, now=now), media_type="text/calendar", headers=_download("week.ics"))


@router.get("/plans/{plan_id}/rounds/{index}/sheet", response_class=HTMLResponse)
async def round_sheet_page(
    plan_id: uuid.UUID,
    index: int,
    tenant: MemberTenantDep,
    reader: ReaderDep,
    settings: SettingsDep,
) -> HTMLResponse:
    """Return a printable round sheet: map, stops, services open within 500 m, numbers."""
    return await sheet_of(
        tenant, reader, plan_id=plan_id, index=index, freshness=settings.freshness
    )


async def sheet_of(
    tenant: Tenant, reader: Reader, *, plan_id: uuid.UUID, index: int, freshness: Freshness
) -> HTMLResponse:
    """Return one of the association's round sheets, with its own policy (only its scripts,
    no fetch, no framing), never kept by a cache between."""
    plan = await queries.read_plan(tenant.session, association_id=tenant.owner, plan_id=plan_id)
    chosen = plan.round(index)
    facts = await round_facts(
        tenant.session, reader, owner=tenant.owner, round_=chosen, freshness=freshness
    )
    nonce = secrets.token_hex(16)
    headers = {**_PRIVATE, "Content-Security-Policy": sheet_csp(nonce)}
    return HTMLResponse(round_sheet(chosen, facts, nonce=nonce), headers=headers)
