"""Intervention zones: the caller's association's only; coordinators write, workers read."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, status
from fastapi.responses import Response

from api.deps import CoordinatorTenantDep, IfMatchDep, MemberTenantDep, etag
from api.paging import KeysetDep
from api.responses import GEOJSON, GeoJSONResponse
from api.schemas.common import OWNED_RESPONSES
from api.schemas.zones import ZoneCollection, ZoneFeature, zone_feature
from geo.versions import version_tag
from geo.zones.drafts import ZoneDraft
from geo.zones.models import Zone
from geo.zones.queries import zones as queries

router = APIRouter(prefix="/api/v1/zones", tags=["zones"])

_OK: dict[int | str, dict[str, object]] = {200: {"content": {GEOJSON: {}}}}


def _one(zone: Zone, status_code: int = 200) -> Response:
    body = zone_feature(zone).model_dump(mode="json")
    headers = {"ETag": etag(version_tag(zone.id, zone.updated_at)), "Cache-Control": "no-store"}
    if status_code == status.HTTP_201_CREATED:
        headers["Location"] = f"/api/v1/zones/{zone.id}"
    return GeoJSONResponse(body, status_code=status_code, headers=headers)


@router.get("", response_model=ZoneCollection, responses={**_OK, **OWNED_RESPONSES})
async def list_zones(tenant: MemberTenantDep, keyset: KeysetDep) -> Response:
    """Return the association's zones, by name."""
    rows = await queries.list_zones(
        tenant.session, actor=tenant.actor(), limit=keyset.fetch, after=keyset.after
    )
    page, following = keyset.page(rows, lambda z: (z.name, z.id))
    body = ZoneCollection(
        features=[zone_feature(z) for z in page], number_returned=len(page), next_cursor=following
    )
    return GeoJSONResponse(body.model_dump(mode="json"), headers={"Cache-Control": "no-store"})


@router.get("/{zone_id}", response_model=ZoneFeature, responses={**_OK, **OWNED_RESPONSES})
async def get_zone(zone_id: uuid.UUID, tenant: MemberTenantDep) -> Response:
    """Return one of the association's zones, with its ETag."""
    return _one(await queries.get_zone(tenant.session, actor=tenant.actor(), zone_id=zone_id))


@router.post(
    "",
    response_model=ZoneFeature,
    status_code=status.HTTP_201_CREATED,
    responses=OWNED_RESPONSES,
)
async def create_zone(draft: ZoneDraft, tenant: CoordinatorTenantDep) -> Response:
    """Create a zone for the coordinator's association."""
    zone = await queries.create_zone(tenant.session, actor=tenant.actor(), draft=draft)
    return _one(zone, status.HTTP_201_CREATED)


@router.patch("/{zone_id}", response_model=ZoneFeature, responses={**_OK, **OWNED_RESPONSES})
async def patch_zone(
    zone_id: uuid.UUID,
    patch: Annotated[dict[str, Any], Body(description="JSON merge patch of zone fields.")],
    tenant: CoordinatorTenantDep,
    if_match: IfMatchDep,
) -> Response:
    """Change some fields of a zone; `If-Match` must carry the ETag you read."""
    zone = await queries.patch_zone(
        tenant.session, actor=tenant.actor(), zone_id=zone_id, patch=patch, expected=if_match
    )
    return _one(zone)


@router.delete("/{zone_id}", status_code=status.HTTP_204_NO_CONTENT, responses=OWNED_RESPONSES)
async def delete_zone(
    zone_id: uuid.UUID, tenant: CoordinatorTenantDep, if_match: IfMatchDep
) -> Response:
    """Delete a zone; `If-Match` must carry the ETag you read."""
    await queries.delete_zone(
        tenant.session, actor=tenant.actor(), zone_id=zone_id, expected=if_match
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
