"""Round reports (guidelines II.6, IX: counts only), prevention stock, statistics."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, status
from fastapi.responses import JSONResponse, Response

from api.deps import (
    CoordinatorTenantDep,
    InstanceSessionDep,
    MemberTenantDep,
    NowDep,
    PublicStatisticsDep,
    SettingsDep,
    check_limit,
)
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
from geo.reports import queries
from geo.reports.drafts import ReportDraft
from geo.reports.models import REPORT_COUNTS
from geo.reports.spreadsheet import MEDIA_TYPE, as_ods
from geo.reports.statistics import REPORT_WINDOW_DAYS, as_csv, bucketed, publish
from geo.vocab import Material

router = APIRouter(prefix="/api/v1", tags=["reports"])


@router.post(
    "/reports",
    response_model=ReportStored,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "A retry: the report with this key, stored before."}},
)
async def submit_report(
    body: ReportDraft, tenant: MemberTenantDep, now: NowDep, settings: SettingsDep
) -> JSONResponse:
    """Record a round's counts, per zone visited. A retry with the same `key` counts once."""
    today = now.astimezone(ZoneInfo(settings.default_timezone)).date()
    if body.visited_on > today:
        raise InvalidField("visited_on", "is in the future")
    if body.visited_on < today - timedelta(days=REPORT_WINDOW_DAYS):
        raise InvalidField("visited_on", f"is more than {REPORT_WINDOW_DAYS} days ago")
    stored = await queries.submit_report(tenant.session, actor=tenant.actor(), draft=body)
    read = ReportStored(id=stored.id, created=stored.created, zones=stored.zones)
    code = status.HTTP_201_CREATED if stored.created else status.HTTP_200_OK
    return JSONResponse(read.model_dump(mode="json"), status_code=code)


@router.get("/reports", response_model=ReportList)
async def list_reports(
    tenant: MemberTenantDep,
    limit: Annotated[
        int | None, Query(ge=1, le=500, description="How many zone reports (1–500).")
    ] = None,
) -> ReportList:
    """The association's latest zone reports, newest first."""
    size = check_limit(limit, default=100, maximum=500)
    rows = await queries.list_reports(tenant.session, owner=tenant.owner, limit=size)
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
async def stock(tenant: MemberTenantDep) -> StockRead:
    """The association's prevention material: pieces in hand and low-stock thresholds."""
    levels = await queries.stock_levels(tenant.session, owner=tenant.owner)
    return StockRead(
        items=[
            StockLevelRead(item=s.item, quantity=s.quantity, threshold=s.threshold, low=s.low)
            for s in levels
        ]
    )


@router.post("/stock/deliveries", status_code=status.HTTP_204_NO_CONTENT)
async def deliver(body: Delivery, tenant: CoordinatorTenantDep) -> Response:
    """Record material received."""
    await queries.deliver(
        tenant.session,
        actor=tenant.actor(),
        owner=tenant.owner,
        item=body.item,
        quantity=body.quantity,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put("/stock/thresholds/{item}", status_code=status.HTTP_204_NO_CONTENT)
async def set_threshold(item: Material, body: Threshold, tenant: CoordinatorTenantDep) -> Response:
    """Set an item's low-stock threshold."""
    await queries.set_threshold(
        tenant.session,
        actor=tenant.actor(),
        owner=tenant.owner,
        item=item,
        threshold=body.threshold,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/stats", response_model=StatsRead)
async def own_stats(
    tenant: CoordinatorTenantDep,
    period: Annotated[Period, Query()] = "month",
    by: Annotated[Area, Query()] = "commune",
) -> StatsRead:
    """The association's own counts by month or quarter and commune or département (never by
    zone, never over another range)."""
    counts = await queries.own_counts(tenant.session, owner=tenant.owner)
    tables = bucketed(counts, period=period, by=by)
    published = publish(tables, period=period, by=by, order=queries.indicators())
    return StatsRead.model_validate(published)


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}


@router.get(
    "/stats.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "The tables as CSV."}},
)
async def own_stats_csv(
    tenant: CoordinatorTenantDep,
    period: Annotated[Period, Query()] = "month",
    by: Annotated[Area, Query()] = "commune",
) -> Response:
    """The association's own tables (as `GET /stats`) as CSV, for its activity report:
    indicator, period, area, value, with totals."""
    counts = await queries.own_counts(tenant.session, owner=tenant.owner)
    published = publish(
        bucketed(counts, period=period, by=by), period=period, by=by, order=queries.indicators()
    )
    return Response(
        as_csv(published),
        media_type="text/csv; charset=utf-8",
        headers=_attachment(f"activity-{period}-{by}.csv"),
    )


@router.get(
    "/stats.ods",
    response_class=Response,
    responses={
        200: {
            "content": {MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
            "description": "The tables as ODS.",
        }
    },
)
async def own_stats_ods(
    tenant: CoordinatorTenantDep,
    period: Annotated[Period, Query()] = "month",
    by: Annotated[Area, Query()] = "commune",
) -> Response:
    """The association's own tables (as `GET /stats`) as an OpenDocument spreadsheet, one
    sheet per indicator, areas down and periods across with totals."""
    counts = await queries.own_counts(tenant.session, owner=tenant.owner)
    published = publish(
        bucketed(counts, period=period, by=by), period=period, by=by, order=queries.indicators()
    )
    return Response(
        as_ods(published), media_type=MEDIA_TYPE, headers=_attachment(f"activity-{period}-{by}.ods")
    )


@router.get(
    "/stats/public",
    response_model=StatsRead,
    responses={200: {"content": {"text/csv": {}}, "description": "JSON, or CSV."}},
)
async def public_stats(
    session: InstanceSessionDep,
    statistics: PublicStatisticsDep,
    settings: SettingsDep,
    now: NowDep,
    period: Annotated[Period, Query()] = "month",
    by: Annotated[Area, Query()] = "commune",
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
) -> Response:
    """Open data: every association's counts together, by month or quarter and commune or
    département, for the quarters closed to reports (ended more than 62 days ago), small
    counts suppressed; what is published never changes. Computed once per state of the counts
    and day, and kept by the process."""
    today = now.astimezone(ZoneInfo(settings.default_timezone)).date()
    published = await statistics.tables(session, period=period, by=by, today=today)
    if format == "csv":
        return Response(
            as_csv(published),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="maraude-{period}-{by}.csv"'},
        )
    return JSONResponse(StatsRead.model_validate(published).model_dump(mode="json"))
