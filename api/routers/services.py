"""Referral services: list, nearest, one."""

from __future__ import annotations

import hashlib
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from api.deps import AudienceDep, DatabaseDep, NowDep, OpenSchedulesDep, SettingsDep
from api.query_models import query_model, query_parameters
from api.responses import GEOJSON, GeoJSONResponse
from api.schemas.common import PROBLEM_RESPONSES, Link
from api.schemas.queries import ListQuery, NearestQuery
from api.schemas.services import ServiceCollection, ServiceFeature, collection, feature
from geo.errors import InvalidParameter
from geo.queries import services as queries
from geo.values import LonLat

router = APIRouter(prefix="/api/v1/services", tags=["services"])

_GEOJSON_OK: dict[str, object] = {"content": {GEOJSON: {}}}


def _check_limit(limit: int | None, *, default: int, maximum: int) -> int:
    if limit is None:
        return default
    if limit < 1 or limit > maximum:
        raise InvalidParameter("limit", f"must be between 1 and {maximum}")
    return limit


@router.get(
    "",
    response_model=ServiceCollection,
    response_class=GeoJSONResponse,
    responses={200: _GEOJSON_OK, **PROBLEM_RESPONSES},
    summary="List referral services",
    openapi_extra={"parameters": query_parameters(ListQuery)},
)
async def list_services(
    request: Request,
    database: DatabaseDep,
    schedules: OpenSchedulesDep,
    settings: SettingsDep,
    audience: AudienceDep,
    now: NowDep,
    query: Annotated[ListQuery, Depends(query_model(ListQuery))],
) -> Response:
    """Return services matching every filter, ordered by name, a page at a time."""
    filters = query.filters(now=now, timezone=settings.default_timezone)
    size = _check_limit(
        query.limit, default=settings.page_default_limit, maximum=settings.page_max_limit
    )
    async with database.reader() as connection:
        page = await queries.list_services(
            connection,
            audience=audience,
            filters=filters,
            at=filters.open_at or now,
            limit=size,
            cursor=query.cursor,
            schedules=schedules,
        )
    links = [Link(href=str(request.url), rel="self", type=GEOJSON)]
    if page.next_cursor:
        href = str(request.url.include_query_params(cursor=page.next_cursor))
        links.append(Link(href=href, rel="next", type=GEOJSON))
    body = collection([feature(v) for v in page.items], next_cursor=page.next_cursor, links=links)
    return GeoJSONResponse(body)


@router.get(
    "/nearest",
    response_model=ServiceCollection,
    response_class=GeoJSONResponse,
    responses={200: _GEOJSON_OK, **PROBLEM_RESPONSES},
    summary="Nearest referral services",
    openapi_extra={"parameters": query_parameters(NearestQuery)},
)
async def nearest_services(
    database: DatabaseDep,
    schedules: OpenSchedulesDep,
    settings: SettingsDep,
    audience: AudienceDep,
    now: NowDep,
    query: Annotated[NearestQuery, Depends(query_model(NearestQuery))],
) -> Response:
    """Return the k nearest located services by great-circle distance, nearest first."""
    filters = query.filters(now=now, timezone=settings.default_timezone)
    size = _check_limit(query.limit, default=10, maximum=settings.nearest_max_limit)
    async with database.reader() as connection:
        views = await queries.nearest_services(
            connection,
            audience=audience,
            origin=LonLat(query.lon, query.lat),
            filters=filters,
            at=filters.open_at or now,
            limit=size,
            max_distance_m=query.max_distance_m,
            schedules=schedules,
        )
    body = collection([feature(v) for v in views])
    # The position asked about is a person's: no cache may keep it.
    return GeoJSONResponse(body, headers={"Cache-Control": "no-store"})


@router.get(
    "/{service_id}",
    response_model=ServiceFeature,
    response_class=GeoJSONResponse,
    responses={200: _GEOJSON_OK, 404: PROBLEM_RESPONSES[422], **PROBLEM_RESPONSES},
    summary="One referral service",
)
async def get_service(
    database: DatabaseDep,
    audience: AudienceDep,
    now: NowDep,
    service_id: uuid.UUID,
) -> Response:
    """Return one service with its opening state now: `open_now`, `closes_at`, `next_opening`."""
    async with database.reader() as connection:
        view = await queries.get_service(
            connection, audience=audience, service_id=service_id, at=now
        )
    body = feature(view)
    tag = hashlib.sha256(f"{view.record.id}:{view.record.updated_at.isoformat()}".encode())
    return GeoJSONResponse(body, headers={"ETag": f'"{tag.hexdigest()[:32]}"'})
