"""The audit log: who did what to which object, when. Zone entries never hold a geometry."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from geo.accounts.models import AuditEntry
from geo.values import Actor


async def record(
    session: AsyncSession,
    *,
    actor: Actor | None,
    action: str,
    object_type: str,
    object_id: str | None = None,
    association_id: Any = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append an entry in the caller's transaction (it lands or fails with the change)."""
    await session.execute(
        insert(AuditEntry).values(
            actor_id=actor.user_id if actor else None,
            actor_role=actor.role if actor else None,
            association_id=association_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            detail=detail or {},
        )
    )


async def record_for(
    session: AsyncSession,
    association_id: uuid.UUID | None,
    *,
    actor: Actor | None,
    action: str,
    object_type: str,
    object_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append an entry to an association's own audit from any transaction (an admin's sees no
    association's rows): the association is set for this one insert, then set back. Without
    an association, the entry is the instance's."""
    previous = None
    if association_id is not None:
        previous = await session.scalar(text("SELECT current_setting('app.association_id', true)"))
        await session.execute(_SET, {"id": str(association_id)})
    await record(
        session,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        association_id=association_id,
        detail=detail,
    )
    if association_id is not None:
        await session.execute(_SET, {"id": previous or ""})


_SET = text("SELECT set_config('app.association_id', :id, true)")


async def list_entries(
    session: AsyncSession,
    *,
    before_id: int | None,
    limit: int,
    association_id: uuid.UUID | None = None,
) -> list[AuditEntry]:
    """Return the newest entries the transaction may see, newest first; with an association,
    its own entries only."""
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if association_id is not None:
        stmt = stmt.where(AuditEntry.association_id == association_id)
    if before_id is not None:
        stmt = stmt.where(AuditEntry.id < before_id)
    return list((await session.scalars(stmt)).all())
