"""Planning a week: queue a job, follow it, read the plan, export rounds."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, status
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.deps import (
    CoordinatorDep,
    CoordinatorTenantDep,
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
from api.schemas.plans import (
    JobRead,
    PlanList,
    PlanRead,
    PlanRequest,
    PlanSummary,
    RevisionCheck,
    RevisionRequest,
    ViolationRead,
    weighted_read,
)
from api.worker import defer_plan, submit
from geo.cursors import MAX_CURSOR_CHARS, decode_cursor, encode_cursor
from geo.db import Reader
from geo.errors import Forbidden, InvalidParameter, InvalidPlan
from geo.planning import queries, revisions
from geo.planning.models import PlanJob
from geo.planning.rounds import PlanView
from geo.values import Freshness
from planner.edits import RoundEdit
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
    return JSONResponse(_plan_read(plan).model_dump(mode="json"), headers=_PRIVATE)


def _plan_read(plan: PlanView) -> PlanRead:
    return PlanRead(
        id=plan.id,
        status="succeeded",
        week_start=plan.week_start,
        created_at=plan.created_at,
        revision_of=plan.revision_of,
        locked=list(plan.locked),
        teams=dict(plan.team_labels),
        zones=dict(plan.zone_names),
        plan=plan.result,
        rounds=rounds_geojson(plan),
        weighted=[weighted_read(w) for w in plan.weighted],
    )


@router.get("/plans", response_model=PlanList)
async def list_plans(
    tenant: MemberTenantDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=MAX_CURSOR_CHARS)] = None,
) -> JSONResponse:
    """Return the association's kept plans, newest first (the planner's and the coordinators'
    revisions alike), a page at a time."""
    after = None
    if cursor is not None:
        made, last = decode_cursor(cursor)
        try:
            after = (datetime.fromisoformat(made), last)
        except ValueError as exc:
            raise InvalidParameter("cursor", "not a cursor returned by this API") from exc
    rows = await revisions.list_plans(
        tenant.session, association_id=tenant.owner, limit=limit + 1, after=after
    )
    page = rows[:limit]
    following = (
        encode_cursor(page[-1].created_at.isoformat(), page[-1].id) if len(rows) > limit else None
    )
    body = PlanList(
        plans=[
            PlanSummary(
                id=p.id,
                week_start=p.week_start,
                created_at=p.created_at,
                revision_of=p.revision_of,
                rounds=len(p.result.get("rounds", [])),
                locked=list(p.locked or ()),
                objective=p.result.get("objective", {}),
                unvisited=len(p.result.get("unvisited", [])),
            )
            for p in page
        ],
        next_cursor=following,
    )
    return JSONResponse(body.model_dump(mode="json"), headers=_PRIVATE)


@router.post(
    "/plans/{plan_id}/revisions",
    status_code=status.HTTP_201_CREATED,
    response_model=PlanRead,
    responses={200: {"model": RevisionCheck, "description": "A dry run: what the validator says."}},
)
async def revise_plan(
    plan_id: uuid.UUID, body: RevisionRequest, tenant: CoordinatorTenantDep
) -> JSONResponse:
    """Change a plan's rounds by hand — lock one, take a zone out, add one, give a round to
    another team — and keep the result as a new plan once the planner's validator accepts it.
    A dry run says what the validator thinks and keeps nothing; a refused revision is a 422
    problem listing the violations as codes with parameters."""
    edits = [
        revisions.EditedRound(
            RoundEdit(r.team, int(r.shift_start.timestamp()), tuple(r.zones)), r.locked
        )
        for r in body.rounds
    ]
    made = await revisions.revise(
        tenant.session,
        association_id=tenant.owner,
        plan_id=plan_id,
        rounds=edits,
        keep=not body.dry_run,
    )
    found = [ViolationRead(**revisions.violation_json(v)) for v in made.violations]
    if body.dry_run:
        check = RevisionCheck(
            valid=not found, violations=found, locked=list(made.locked), plan=made.result
        )
        return JSONResponse(check.model_dump(mode="json"), headers=_PRIVATE)
    if made.kept is None:
        raise InvalidPlan(
            "the planner's validator refuses these rounds: "
            + "; ".join(v.message for v in made.violations[:5]),
            violations=[v.model_dump(mode="json") for v in found],
        )
    plan = await queries.read_plan(tenant.session, association_id=tenant.owner, plan_id=made.kept)
    return JSONResponse(
        _plan_read(plan).model_dump(mode="json"),
        status_code=status.HTTP_201_CREATED,
        headers={"Location": f"/api/v1/plans/{plan.id}", **_PRIVATE},
    )


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
