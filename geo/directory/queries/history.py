"""A service's audit trail, as the directory's editors read it: who changed what, when."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from geo.accounts.models import AuditEntry

_TYPE = "service"


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change of a service: when, what kind, by whom, which fields (old and new)."""

    at: datetime
    action: str
    actor_role: str | None
    actor_id: uuid.UUID | None
    """The author's account (None: an import, or the service's own answer)."""
    verified_by: str | None
    changes: dict[str, list[Any]]
    origin: dict[str, Any]
    """Where the change came from: a suggestion's reference, a campaign."""


def _changes(entry: AuditEntry) -> dict[str, list[Any]]:
    detail = entry.detail or {}
    if isinstance(detail.get("changes"), dict):
        return {k: list(v) for k, v in detail["changes"].items()}
    if isinstance(detail.get("values"), dict):
        return {k: [None, v] for k, v in detail["values"].items() if v not in (None, [], "")}
    return {}


async def service_history(
    session: AsyncSession,
    *,
    service_id: uuid.UUID,
    limit: int = 100,
) -> list[HistoryEntry]:
    """Return a service's audit entries, newest first (the session must see the instance's
    entries: the directory's)."""
    rows = list(
        (
            await session.scalars(
                select(AuditEntry)
                .where(
                    AuditEntry.object_type == _TYPE,
                    AuditEntry.object_id == str(service_id),
                    AuditEntry.association_id.is_(None),
                )
                .order_by(AuditEntry.id.desc())
                .limit(limit)
            )
        ).all()
    )
    return [
        HistoryEntry(
            at=e.at,
            action=e.action,
            actor_role=e.actor_role,
            actor_id=e.actor_id,
            verified_by=(e.detail or {}).get("verified_by"),
            changes=_changes(e),
            origin={
                k: v for k, v in (e.detail or {}).items() if k in ("suggestion", "campaign", "kind")
            },
        )
        for e in rows
    ]
