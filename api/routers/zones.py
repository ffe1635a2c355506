"""Intervention zones: the caller's association's only; coordinators write, workers read."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, status
from fastapi.responses import Response

from api.deps import (
    CoordinatorDep,
    DatabaseDep,
    IfMatchDep,
    SettingsDep,
    TeamMemberDep,
    check_limit,
    etag,
)
from api.responses import GEOJSON, GeoJSONResponse
from api.schemas.common import OWNED_RESPONSES
from api.schemas.zones import ZoneCollection, ZoneFeature, zone_feature
from geo.cursors import decode_cursor, encode_cursor
from geo.models import Zone
from geo.queries import zones as queries
from geo.queries.owned import get_owned
from geo.validation import validated
from geo.versions import version_tag
from geo.zone_drafts import ZoneDraft

router = APIRouter(prefix="/api/v1/zones", tags=["zones"])

_OK: dict[int | str, dict[str, object]] = {200: {"content": {GEOJSON: {}}}}


def _one(zone: Zone, status_code: int = 200) -> Response:
    body = zone_feature(zone).model_dump(mode="json")
    headers = {"ETag": etag(version_tag(zone.id, zone.updated_at)), "Cache-Control": "no-store"}
    if status_code == status.HTTP_201_CREATED:
        headers["Location"] = f"/api/v1/zones/{zone.id}"
    return GeoJSONResponse(body, status_code=status_code, headers=headers)


@router.get("", response_model=ZoneCollection, responses={**_OK, **OWNED_RESPONSES})
async def list_zones(
    member: TeamMemberDep,
    database: DatabaseDep,
    settings: SettingsDep,
    limit: Annotated[int | None, Query(description="Page size.")] = None,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page.")] = None,
) -> Response:
    """Return the association's zones, by name."""
    size = check_limit(limit, default=settings.page_default_limit, maximum=settings.page_max_limit)
    after = decode_cursor(cursor) if cursor else None
    async with database.tenant(member.association_id) as session:
        rows = await queries.list_zones(session, actor=member.actor(), limit=size + 1, after=after)
        await session.commit()
    page = rows[:size]
    nxt = encode_cursor(page[-1].name, page[-1].id) if len(rows) > size else None
    body = ZoneCollection(
        features=[zone_feature(z) for z in page], number_returned=len(page), next_cursor=nxt
    )
    return GeoJSONResponse(body.model_dump(mode="json"), headers={"Cache-Control": "no-store"})


@router.get("/{zone_id}", response_model=ZoneFeature, responses={**_OK, **OWNED_RESPONSES})
async def get_zone(zone_id: uuid.UUID, member: TeamMemberDep, database: DatabaseDep) -> Response:
    """Return one of the association's zones, with its ETag."""
    async with database.tenant(member.association_id) as session:
        zone = await queries.get_zone(session, actor=member.actor(), zone_id=zone_id)
        await session.commit()
    return _one(zone)


@router.post(
    "",
    response_model=ZoneFeature,
    status_code=status.HTTP_201_CREATED,
    responses=OWNED_RESPONSES,
)
async def create_zone(
    draft: ZoneDraft, coordinator: CoordinatorDep, database: DatabaseDep
) -> Response:
    """Create a zone for the coordinator's association."""
    async with database.tenant(coordinator.association_id) as session:
        zone = await queries.create_zone(session, actor=coordinator.actor(), draft=draft)
        await session.commit()
    return _one(zone, status.HTTP_201_CREATED)


@router.patch("/{zone_id}", response_model=ZoneFeature, responses={**_OK, **OWNED_RESPONSES})
async def patch_zone(
    zone_id: uuid.UUID,
    patch: Annotated[dict[str, Any], Body(description="JSON merge patch of zone fields.")],
    coordinator: CoordinatorDep,
    database: DatabaseDep,
    if_match: IfMatchDep,
) -> Response:
    """Change some fields of a zone; `If-Match` must carry the ETag you read."""
    owner = coordinator.association_id
    assert owner is not None
    async with database.tenant(owner) as session:
        current = await get_owned(session, Zone, association_id=owner, object_id=zone_id)
        merged = {**queries.draft_values(current), **patch}
        draft = validated(ZoneDraft, merged)
        zone = await queries.update_zone(
            session, actor=coordinator.actor(), zone_id=zone_id, draft=draft, expected=if_match
        )
        await session.commit()
    return _one(zone)


@router.delete("/{zone_id}", status_code=status.HTTP_204_NO_CONTENT, responses=OWNED_RESPONSES)
async def delete_zone(
    zone_id: uuid.UUID, coordinator: CoordinatorDep, database: DatabaseDep, if_match: IfMatchDep
) -> Response:
    """Delete a zone; `If-Match` must carry the ETag you read."""
    async with database.tenant(coordinator.association_id) as session:
        await queries.delete_zone(
            session, actor=coordinator.actor(), zone_id=zone_id, expected=if_match
        )
        await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
