"""The audit log: who did what to which object, when. Zone entries never hold a geometry."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select
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


async def list_entries(
    session: AsyncSession, *, before_id: int | None, limit: int
) -> list[AuditEntry]:
    """Return the newest entries the transaction may see, newest first."""
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before_id is not None:
        stmt = stmt.where(AuditEntry.id < before_id)
    return list((await session.scalars(stmt)).all())
