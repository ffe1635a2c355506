"""Rows an association owns (zones, teams): every query names the association, and the
transaction runs under row-level security for that same association — isolation twice."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from geoalchemy2.elements import WKBElement
from geoalchemy2.shape import to_shape
from pydantic import BaseModel
from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from geo.accounts import audit
from geo.errors import NotFound
from geo.planning.models import PlanJob, WeekPlan
from geo.validation import validated
from geo.values import Actor
from geo.versions import check_version
from geo.zones.models import Team, Zone

Owned = TypeVar("Owned", Zone, Team)
"""Rows an association edits: zones and teams."""
Held = TypeVar("Held", Zone, Team, PlanJob, WeekPlan)
"""Rows an association holds: those it edits, its planning jobs and its plans."""
Draft = TypeVar("Draft", bound=BaseModel)


async def list_owned(
    session: AsyncSession,
    model: type[Owned],
    *,
    association_id: uuid.UUID,
    order: Any,
    limit: int,
    after: tuple[str, uuid.UUID] | None = None,
) -> list[Owned]:
    """Return a page of the association's rows, ordered by (order, id)."""
    stmt = select(model).where(model.association_id == association_id)
    if after is not None:
        stmt = stmt.where(tuple_(order, model.id) > tuple_(*after))
    stmt = stmt.order_by(order, model.id).limit(limit)
    return list((await session.scalars(stmt)).all())


async def get_owned(
    session: AsyncSession,
    model: type[Held],
    *,
    association_id: uuid.UUID,
    object_id: uuid.UUID,
    for_update: bool = False,
    noun: str | None = None,
) -> Held:
    """Return one of the association's rows, or raise NotFound (also for other associations)."""
    stmt = select(model).where(model.id == object_id, model.association_id == association_id)
    if for_update:
        stmt = stmt.with_for_update()
    found = await session.scalar(stmt)
    if found is None:
        raise NotFound(f"no such {noun or model.__tablename__}")
    return found


async def patched(
    session: AsyncSession,
    model: type[Owned],
    draft: type[Draft],
    *,
    actor: Actor,
    object_id: uuid.UUID,
    patch: dict[str, Any],
    values: Callable[[Owned], dict[str, Any]],
) -> Draft:
    """Return a row's draft with a JSON merge patch applied, validated as a whole."""
    current = await get_owned(session, model, association_id=owner_of(actor), object_id=object_id)
    return validated(draft, {**values(current), **patch})


def owner_of(actor: Actor) -> uuid.UUID:
    """Return the actor's association; admins have none and own nothing."""
    if actor.association_id is None:
        raise ValueError("this actor belongs to no association")
    return actor.association_id


async def _audit(
    session: AsyncSession,
    actor: Actor,
    action: str,
    model: type[Owned],
    object_id: uuid.UUID,
    **detail: Any,
) -> None:
    await audit.record(
        session,
        actor=actor,
        action=action,
        object_type=model.__tablename__,
        object_id=str(object_id),
        association_id=owner_of(actor),
        detail=detail,
    )


async def create_owned(
    session: AsyncSession, model: type[Owned], *, actor: Actor, values: dict[str, Any]
) -> Owned:
    """Insert a row for the actor's association; audited."""
    row = model(association_id=owner_of(actor), **values)
    session.add(row)
    await session.flush()
    await session.refresh(row)
    await _audit(session, actor, "create", model, row.id)
    return row


async def update_owned(
    session: AsyncSession,
    model: type[Owned],
    *,
    actor: Actor,
    object_id: uuid.UUID,
    values: dict[str, Any],
    expected_version: str | None,
) -> Owned:
    """Replace a row's fields if `expected_version` is current; audited with the field names."""
    row = await get_owned(
        session, model, association_id=owner_of(actor), object_id=object_id, for_update=True
    )
    check_version(expected_version, row.id, row.updated_at)
    changed = [name for name, value in values.items() if _differs(getattr(row, name), value)]
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at = func.clock_timestamp()
    await session.flush()
    await session.refresh(row)
    await _audit(session, actor, "update", model, row.id, fields=sorted(changed))
    return row


async def delete_owned(
    session: AsyncSession,
    model: type[Owned],
    *,
    actor: Actor,
    object_id: uuid.UUID,
    expected_version: str | None,
) -> None:
    """Delete a row if `expected_version` is current; audited."""
    row = await get_owned(
        session, model, association_id=owner_of(actor), object_id=object_id, for_update=True
    )
    check_version(expected_version, row.id, row.updated_at)
    await session.delete(row)
    await session.flush()
    await _audit(session, actor, "delete", model, object_id)


def _differs(current: Any, new: Any) -> bool:
    if isinstance(current, WKBElement) or isinstance(new, WKBElement):
        if current is None or new is None:
            return current is not new
        return not bool(to_shape(current).equals_exact(to_shape(new), 0))
    if isinstance(current, list | tuple) and isinstance(new, list | tuple):
        return list(current) != list(new)
    return bool(current != new)
