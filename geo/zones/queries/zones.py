"""Intervention zones: the association's own, every read and write audited (never a geometry)."""

from __future__ import annotations

import uuid
from typing import Any

from geoalchemy2.shape import from_shape, to_shape
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from geo.accounts import audit
from geo.geometry import to_geojson
from geo.owned import (
    create_owned,
    delete_owned,
    get_owned,
    list_owned,
    owner_of,
    patched,
    update_owned,
)
from geo.values import Actor
from geo.zones.drafts import ZoneDraft
from geo.zones.models import Zone

_TYPE = "zone"


def _values(draft: ZoneDraft) -> dict[str, Any]:
    shape = draft.shape()
    values = draft.model_dump(exclude={"geometry"})
    values["geom"] = None if shape is None else from_shape(shape, srid=4326)
    values["needs"] = list(values["needs"])
    values["requires"] = list(values["requires"])
    return values


def geometry_of(zone: Zone) -> dict[str, Any] | None:
    """Return a zone's geometry as GeoJSON."""
    return None if zone.geom is None else to_geojson(to_shape(zone.geom))


def draft_values(zone: Zone) -> dict[str, Any]:
    """Return a zone as draft fields (JSON values), ready to be merge-patched."""
    values = {name: getattr(zone, name) for name in ZoneDraft.model_fields if name != "geometry"}
    values["geometry"] = geometry_of(zone)
    for name in ("starts_on", "ends_on"):
        values[name] = values[name].isoformat() if values[name] else None
    return values


async def list_zones(
    session: AsyncSession, *, actor: Actor, limit: int, after: tuple[str, uuid.UUID] | None = None
) -> list[Zone]:
    """Return a page of the actor's association's zones, by name; the read is audited."""
    owner = owner_of(actor)
    zones = await list_owned(
        session, Zone, association_id=owner, order=Zone.name, limit=limit, after=after
    )
    await _listed(session, actor, owner, zones)
    return zones


async def _listed(
    session: AsyncSession, actor: Actor, owner: uuid.UUID, zones: list[Zone], **why: str
) -> None:
    """Audit a read of several zones: how many (never which, never where), and why."""
    await audit.record(
        session,
        actor=actor,
        action="list",
        object_type=_TYPE,
        association_id=owner,
        detail={"count": len(zones), **why},
    )


async def get_zone(session: AsyncSession, *, actor: Actor, zone_id: uuid.UUID) -> Zone:
    """Return one zone of the actor's association (NotFound for any other); audited."""
    owner = owner_of(actor)
    zone = await get_owned(session, Zone, association_id=owner, object_id=zone_id)
    await audit.record(
        session,
        actor=actor,
        action="read",
        object_type=_TYPE,
        object_id=str(zone.id),
        association_id=owner,
    )
    return zone


async def create_zone(session: AsyncSession, *, actor: Actor, draft: ZoneDraft) -> Zone:
    """Create a zone for the actor's association."""
    return await create_owned(session, Zone, actor=actor, values=_values(draft))


async def update_zone(
    session: AsyncSession,
    *,
    actor: Actor,
    zone_id: uuid.UUID,
    draft: ZoneDraft,
    expected: str | None,
) -> Zone:
    """Replace a zone's fields when `expected` is its current version."""
    return await update_owned(
        session,
        Zone,
        actor=actor,
        object_id=zone_id,
        values=_values(draft),
        expected_version=expected,
    )


async def patch_zone(
    session: AsyncSession,
    *,
    actor: Actor,
    zone_id: uuid.UUID,
    patch: dict[str, Any],
    expected: str | None,
) -> Zone:
    """Apply a JSON merge patch to a zone when `expected` is its current version."""
    draft = await patched(
        session,
        Zone,
        ZoneDraft,
        actor=actor,
        object_id=zone_id,
        patch=patch,
        values=draft_values,
    )
    return await update_zone(session, actor=actor, zone_id=zone_id, draft=draft, expected=expected)


async def delete_zone(
    session: AsyncSession, *, actor: Actor, zone_id: uuid.UUID, expected: str | None
) -> None:
    """Delete a zone when `expected` is its current version."""
    await delete_owned(session, Zone, actor=actor, object_id=zone_id, expected_version=expected)


async def zones_extent(
    session: AsyncSession, *, association_id: uuid.UUID
) -> tuple[float, float, float, float] | None:
    """Return the west, south, east, north extent of the association's located zones (the
    area its teams work in), or None when it has none. Not audited: no zone is read, only
    the box around them all."""
    box = func.ST_Extent(Zone.geom)
    query = select(
        func.ST_XMin(box), func.ST_YMin(box), func.ST_XMax(box), func.ST_YMax(box)
    ).where(Zone.association_id == association_id, Zone.geom.is_not(None))
    west, south, east, north = (await session.execute(query)).one()
    if west is None:
        return None
    return float(west), float(south), float(east), float(north)


async def zones_by_id(
    session: AsyncSession, *, actor: Actor, zone_ids: list[uuid.UUID], purpose: str
) -> list[Zone]:
    """Return the association's zones among `zone_ids`, by name; the read is audited with its
    purpose (the field app's copy of tonight's zones, for one)."""
    owner = owner_of(actor)
    if not zone_ids:
        return []
    zones = list(
        await session.scalars(
            select(Zone)
            .where(Zone.association_id == owner, Zone.id.in_(zone_ids))
            .order_by(Zone.name, Zone.id)
        )
    )
    await _listed(session, actor, owner, zones, purpose=purpose)
    return zones
