"""Referral services: list, nearest, one."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Body, Depends, Query, Request, status
from fastapi.responses import JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.caching import cached, to_the_minute
from api.deps import (
    AudienceDep,
    DatabaseDep,
    EditorDep,
    IfMatchDep,
    InstanceSessionDep,
    NowDep,
    OpenSchedulesDep,
    PrincipalDep,
    PublicReadsDep,
    SettingsDep,
    check_limit,
    etag,
)
from api.query_models import query_model, query_parameters
from api.responses import GEOJSON, GeoJSONResponse
from api.schemas.common import OWNED_RESPONSES, PROBLEM_RESPONSES, Link
from api.schemas.queries import ListQuery, NearestQuery
from api.schemas.services import (
    HistoryEntryRead,
    ServiceCollection,
    ServiceFeature,
    ServiceHistory,
    collection,
    feature,
)
from geo.accounts import queries as accounts
from geo.directory.drafts import ServiceFields
from geo.directory.opening import Found, nearest_in_groups
from geo.directory.queries import edits, history
from geo.directory.queries import services as queries
from geo.directory.queries.by_street import nearest_by_network
from geo.errors import InvalidParameter
from geo.values import Audience, Freshness, LonLat, ServiceFilter
from geo.versions import version_tag
from geo.vocab import Role

router = APIRouter(prefix="/api/v1/services", tags=["services"])

_GEOJSON_OK: dict[str, object] = {"content": {GEOJSON: {}}}


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
    database: PublicReadsDep,
    schedules: OpenSchedulesDep,
    settings: SettingsDep,
    audience: AudienceDep,
    now: NowDep,
    query: Annotated[ListQuery, Depends(query_model(ListQuery))],
) -> Response:
    """Return services matching every filter, ordered by name, a page at a time."""
    if audience is Audience.PUBLIC:
        now = to_the_minute(now)  # the same answer for a minute: a cache can keep it
    filters = query.filters(now=now, timezone=settings.default_timezone)
    size = check_limit(
        query.limit, default=settings.page_default_limit, maximum=settings.page_max_limit
    )
    async with database.reader() as connection:
        page = await queries.list_services(
            connection,
            audience=audience,
            filters=filters,
            at=filters.open_at or now,
            limit=size,
            freshness=settings.freshness,
            cursor=query.cursor,
            schedules=schedules,
        )
    links = [Link(href=str(request.url), rel="self", type=GEOJSON)]
    if page.next_cursor:
        href = str(request.url.include_query_params(cursor=page.next_cursor))
        links.append(Link(href=href, rel="next", type=GEOJSON))
    body = collection([feature(v) for v in page.items], next_cursor=page.next_cursor, links=links)
    if audience is Audience.PUBLIC:
        return cached(request, orjson.dumps(body), media_type=GEOJSON)
    # A member's list holds services the public does not see: no shared cache may keep it.
    return GeoJSONResponse(body, headers={"Cache-Control": "private, no-store"})


@router.get(
    "/nearest",
    response_model=ServiceCollection,
    response_class=GeoJSONResponse,
    responses={200: _GEOJSON_OK, **PROBLEM_RESPONSES},
    summary="Nearest referral services",
    openapi_extra={"parameters": query_parameters(NearestQuery)},
)
async def nearest_services(
    database: PublicReadsDep,
    schedules: OpenSchedulesDep,
    settings: SettingsDep,
    audience: AudienceDep,
    now: NowDep,
    query: Annotated[NearestQuery, Depends(query_model(NearestQuery))],
) -> Response:
    """Return the k nearest located services, nearest first: by great-circle distance, or
    with `by` by travel time along the streets."""
    filters = query.filters(now=now, timezone=settings.default_timezone)
    size = check_limit(query.limit, default=10, maximum=settings.nearest_max_limit)
    if query.route and query.by is None:
        raise InvalidParameter("route", "route=true needs a travel mode: by=foot, bike or car")
    origin = LonLat(query.lon, query.lat)
    at = filters.open_at or now
    async with database.reader() as connection:

        async def find(chosen: ServiceFilter) -> Found:
            if query.by is None:
                views = await queries.nearest_services(
                    connection,
                    audience=audience,
                    origin=origin,
                    filters=chosen,
                    at=at,
                    limit=size,
                    freshness=settings.freshness,
                    max_distance_m=query.max_distance_m,
                    schedules=schedules,
                )
                return views, None
            found = await nearest_by_network(
                connection,
                mode=query.by,
                audience=audience,
                origin=origin,
                filters=chosen,
                at=at,
                limit=size,
                freshness=settings.freshness,
                max_distance_m=query.max_distance_m,
                schedules=schedules,
                with_route=query.route,
            )
            return found.items, found.unreachable

        views, unreachable = await nearest_in_groups(find, filters)
    body = collection([feature(v) for v in views], by=query.by, unreachable=unreachable)
    # The position asked about is a person's: no cache may keep it.
    return GeoJSONResponse(body, headers={"Cache-Control": "no-store"})


@router.get(
    "/to-check",
    response_model=ServiceCollection,
    response_class=GeoJSONResponse,
    responses={200: _GEOJSON_OK, **OWNED_RESPONSES},
    summary="Services to check",
)
async def services_to_check(
    editor: EditorDep,
    database: DatabaseDep,
    settings: SettingsDep,
    now: NowDep,
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    """Return the services not checked for `MARAUDE_STALE_AFTER_DAYS`, the longest unchecked
    first (coordinators and admins): those past `MARAUDE_HIDE_AFTER_DAYS` are shown to no one
    else until checked again. Start a campaign over them, or correct them."""
    del editor
    size = check_limit(limit, default=100, maximum=settings.page_max_limit)
    async with database.reader() as connection:
        views = await queries.to_check(connection, at=now, freshness=settings.freshness, limit=size)
    return GeoJSONResponse(collection([feature(v) for v in views]))


@router.get(
    "/{service_id}",
    response_model=ServiceFeature,
    response_class=GeoJSONResponse,
    responses={200: _GEOJSON_OK, 404: PROBLEM_RESPONSES[422], **PROBLEM_RESPONSES},
    summary="One referral service",
)
async def get_service(
    database: PublicReadsDep,
    audience: AudienceDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    now: NowDep,
    service_id: uuid.UUID,
) -> Response:
    """Return one service with its opening state now: `open_now`, `closes_at`, `next_opening`.
    A confidential address is withheld (`location_hidden`) but from the directory's editors
    (coordinators and admins), who keep it up to date."""
    if principal is not None and principal.role in (Role.COORDINATOR, Role.ADMIN):
        audience = Audience.EDITOR
    async with database.reader() as connection:
        view = await queries.get_service(
            connection,
            audience=audience,
            service_id=service_id,
            at=now,
            freshness=settings.freshness,
        )
    tag = etag(version_tag(view.record.id, view.record.updated_at))
    return GeoJSONResponse(feature(view), headers={"ETag": tag})


async def _written(
    session: AsyncSession, service_id: uuid.UUID, now: datetime, freshness: Freshness
) -> Response:
    """Return the service as written, read in the transaction that wrote it."""
    view = await queries.get_service(
        session, audience=Audience.EDITOR, service_id=service_id, at=now, freshness=freshness
    )
    headers = {"ETag": etag(version_tag(view.record.id, view.record.updated_at))}
    return GeoJSONResponse(feature(view), headers=headers)


@router.post(
    "",
    response_model=ServiceFeature,
    status_code=status.HTTP_201_CREATED,
    responses={201: _GEOJSON_OK, **OWNED_RESPONSES},
    summary="Create a referral service",
)
async def create_service(
    body: ServiceFields,
    editor: EditorDep,
    session: InstanceSessionDep,
    settings: SettingsDep,
    now: NowDep,
) -> Response:
    """Create a service (coordinators and admins); the response carries its ETag."""
    values = body.model_dump(mode="json")
    service_id = await edits.create_service(
        session, actor=editor.actor(), values=values, horizon=settings.hours_horizon(now)
    )
    response = await _written(session, service_id, now, settings.freshness)
    response.status_code = status.HTTP_201_CREATED
    response.headers["Location"] = f"/api/v1/services/{service_id}"
    return response


@router.get(
    "/{service_id:uuid}/history",
    response_model=ServiceHistory,
    responses=OWNED_RESPONSES,
    summary="A service's audit trail",
)
async def service_history(
    service_id: uuid.UUID,
    editor: EditorDep,
    session: InstanceSessionDep,
    database: DatabaseDep,
    settings: SettingsDep,
    now: NowDep,
) -> JSONResponse:
    """Who changed what of a service, and when, newest first (coordinators and admins, who
    correct the directory). Authors are named to their own association only."""
    await queries.get_service(
        session,
        audience=Audience.EDITOR,
        service_id=service_id,
        at=now,
        freshness=settings.freshness,
    )
    entries = await history.service_history(session, service_id=service_id)
    # Authors are named to their own association (its tenant sees its accounts alone), and
    # to admins.
    own = editor.association_id
    async with database.tenant(own) if own is not None else database.instance() as names_of:
        names = await accounts.usernames(
            names_of, user_ids=(e.actor_id for e in entries if e.actor_id is not None)
        )
    body = ServiceHistory(
        entries=[
            HistoryEntryRead(
                at=e.at,
                action=e.action,
                actor_role=e.actor_role,
                actor=names.get(e.actor_id) if e.actor_id is not None else None,
                verified_by=e.verified_by,
                fields=sorted(e.changes),
                changes=e.changes,
                origin=e.origin,
            )
            for e in entries
        ]
    )
    return JSONResponse(body.model_dump(mode="json"), headers={"Cache-Control": "no-store"})


@router.patch(
    "/{service_id:uuid}",
    response_model=ServiceFeature,
    responses={200: _GEOJSON_OK, **OWNED_RESPONSES},
    summary="Change a referral service",
)
async def patch_service(
    service_id: uuid.UUID,
    patch: Annotated[dict[str, Any], Body(description="JSON merge patch of service fields.")],
    editor: EditorDep,
    session: InstanceSessionDep,
    settings: SettingsDep,
    now: NowDep,
    if_match: IfMatchDep,
) -> Response:
    """Change some fields; `If-Match` must carry the ETag you read (412 if it changed since)."""
    await edits.patch_service(
        session,
        actor=editor.actor(),
        service_id=service_id,
        patch=patch,
        expected=if_match,
        horizon=settings.hours_horizon(now),
    )
    return await _written(session, service_id, now, settings.freshness)


@router.delete(
    "/{service_id:uuid}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=OWNED_RESPONSES,
    summary="Delete a referral service",
)
async def delete_service(
    service_id: uuid.UUID, editor: EditorDep, session: InstanceSessionDep, if_match: IfMatchDep
) -> Response:
    """Delete a service; `If-Match` must carry the ETag you read."""
    await edits.delete_service(
        session, actor=editor.actor(), service_id=service_id, expected=if_match
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
