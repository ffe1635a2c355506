"""Round reports (guidelines II.6, IX: counts only), prevention stock, statistics."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from functools import partial
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import JSONResponse, Response

from api.deps import CoordinatorDep, DatabaseDep, NowDep, TeamMemberDep, check_limit
from api.schemas.reports import (
    Area,
    Delivery,
    Period,
    ReportList,
    ReportStored,
    StatsRead,
    StockLevelRead,
    StockRead,
    Threshold,
    ZoneReportRead,
)
from geo.errors import InvalidField
from geo.models import REPORT_COUNTS
from geo.queries import reports as queries
from geo.report_drafts import ReportDraft
from geo.statistics import REPORT_WINDOW_DAYS, as_csv, bucketed, public_tables, publish
from geo.vocab import Material

router = APIRouter(prefix="/api/v1", tags=["reports"])


@router.post(
    "/reports",
    response_model=ReportStored,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "A retry: the report with this key, stored before."}},
)
async def submit_report(
    body: ReportDraft, member: TeamMemberDep, database: DatabaseDep, now: NowDep, request: Request
) -> JSONResponse:
    """Record a round's counts, per zone visited. A retry with the same `key` counts once."""
    today = now.astimezone(ZoneInfo(request.app.state.settings.default_timezone)).date()
    if body.visited_on > today:
        raise InvalidField("visited_on", "is in the future")
    if body.visited_on < today - timedelta(days=REPORT_WINDOW_DAYS):
        raise InvalidField("visited_on", f"is more than {REPORT_WINDOW_DAYS} days ago")
    async with database.tenant(member.association_id) as session:
        stored = await queries.submit_report(session, actor=member.actor(), draft=body)
        await session.commit()
    read = ReportStored(id=stored.id, created=stored.created, zones=stored.zones)
    code = status.HTTP_201_CREATED if stored.created else status.HTTP_200_OK
    return JSONResponse(read.model_dump(mode="json"), status_code=code)


@router.get("/reports", response_model=ReportList)
async def list_reports(
    member: TeamMemberDep,
    database: DatabaseDep,
    limit: Annotated[int | None, Query(description="How many zone reports (1–500).")] = None,
) -> ReportList:
    """The association's latest zone reports, newest first."""
    size = check_limit(limit, default=100, maximum=500)
    owner = member.association_id
    assert owner is not None
    async with database.tenant(owner) as session:
        rows = await queries.list_reports(session, owner=owner, limit=size)
    return ReportList(
        reports=[
            ZoneReportRead(
                report=z.report_id,
                zone_id=z.zone_id,
                visited_on=z.visited_on,
                counts={c: getattr(z, c) for c in REPORT_COUNTS},
            )
            for z in rows
        ]
    )


@router.get("/stock", response_model=StockRead)
async def stock(member: TeamMemberDep, database: DatabaseDep) -> StockRead:
    """The association's prevention material: pieces in hand and low-stock thresholds."""
    owner = member.association_id
    assert owner is not None
    async with database.tenant(owner) as session:
        levels = await queries.stock_levels(session, owner=owner)
    return StockRead(
        items=[
            StockLevelRead(item=s.item, quantity=s.quantity, threshold=s.threshold, low=s.low)
            for s in levels
        ]
    )


@router.post("/stock/deliveries", status_code=status.HTTP_204_NO_CONTENT)
async def deliver(body: Delivery, coordinator: CoordinatorDep, database: DatabaseDep) -> Response:
    """Record material received."""
    owner = coordinator.association_id
    assert owner is not None
    async with database.tenant(owner) as session:
        await queries.deliver(
            session,
            actor=coordinator.actor(),
            owner=owner,
            item=body.item,
            quantity=body.quantity,
        )
        await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put("/stock/thresholds/{item}", status_code=status.HTTP_204_NO_CONTENT)
async def set_threshold(
    item: Material, body: Threshold, coordinator: CoordinatorDep, database: DatabaseDep
) -> Response:
    """Set an item's low-stock threshold."""
    owner = coordinator.association_id
    assert owner is not None
    async with database.tenant(owner) as session:
        await queries.set_threshold(
            session,
            actor=coordinator.actor(),
            owner=owner,
            item=item,
            threshold=body.threshold,
        )
        await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/stats", response_model=StatsRead)
async def own_stats(
    coordinator: CoordinatorDep,
    database: DatabaseDep,
    period: Annotated[Period, Query()] = "month",
    by: Annotated[Area, Query()] = "commune",
) -> StatsRead:
    """The association's own counts by month or quarter and commune or département (never by
    zone, never over another range)."""
    owner = coordinator.association_id
    assert owner is not None
    async with database.tenant(owner) as session:
        counts = await queries.own_counts(session, owner=owner)
    tables = bucketed(counts, period=period, by=by)
    published = publish(tables, period=period, by=by, order=queries.indicators())
    return StatsRead.model_validate(published)


@router.get(
    "/stats/public",
    response_model=StatsRead,
    responses={200: {"content": {"text/csv": {}}, "description": "JSON, or CSV."}},
)
async def public_stats(
    request: Request,
    database: DatabaseDep,
    now: NowDep,
    period: Annotated[Period, Query()] = "month",
    by: Annotated[Area, Query()] = "commune",
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
) -> Response:
    """Open data: every association's counts together, by month or quarter and commune or
    département, for the quarters closed to reports (ended more than 62 days ago), small
    counts suppressed; what is published never changes. Computed once per state of the counts
    and day, and kept by the process."""
    today = now.astimezone(ZoneInfo(request.app.state.settings.default_timezone)).date()
    cache: dict[tuple[str, str], tuple[tuple[int, int, date], dict[str, Any]]]
    cache = request.app.state.public_stats
    async with database.tenant(None) as session:
        version = (*await queries.public_version(session), today)
        cached = cache.get((period, by))
        if cached is not None and cached[0] == version:
            published = cached[1]
        else:
            counts = await queries.public_counts(session)
            # Suppression is CPU work: off the event loop, so other requests go on.
            published = await asyncio.to_thread(
                partial(
                    public_tables,
                    counts,
                    period=period,
                    by=by,
                    today=today,
                    order=queries.indicators(),
                )
            )
            cache[(period, by)] = (version, published)
    if format == "csv":
        return Response(
            as_csv(published),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="maraude-{period}-{by}.csv"'},
        )
    return JSONResponse(StatsRead.model_validate(published).model_dump(mode="json"))
