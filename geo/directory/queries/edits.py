"""Editing one referral service: create, merge-patch, delete; versioned and audited."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from geo.accounts import audit
from geo.directory.drafts import ServiceDraft, ServiceFields
from geo.directory.models import Service
from geo.directory.queries.rows import COLUMNS, col, record
from geo.directory.queries.schedules import Horizon, ensure_schedules
from geo.directory.queries.writes import service_values, upsert_services
from geo.errors import NotFound
from geo.validation import refuse_unknown, validated
from geo.values import Actor, ServiceRecord
from geo.versions import check_version
from geo.vocab import VerifiedBy

_TYPE = "service"
# Fields an API client may write; ids, timestamps and provenance are the server's.
EDITABLE = frozenset(ServiceFields.model_fields)


def draft_values(rec: ServiceRecord) -> dict[str, Any]:
    """Return the record as draft fields (JSON values), ready to be merge-patched."""
    values = {name: getattr(rec, name) for name in ServiceDraft.model_fields if hasattr(rec, name)}
    values["closures"] = [
        {"start": c.start.isoformat(), "end": c.end.isoformat(), "reason": c.reason}
        for c in rec.closures
    ]
    values["last_verified"] = rec.last_verified.isoformat()
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}


async def _current(session: AsyncSession, service_id: uuid.UUID) -> tuple[ServiceRecord, Any]:
    row = (
        await session.execute(
            select(*COLUMNS).where(col("id") == service_id).with_for_update(of=Service)
        )
    ).one_or_none()
    if row is None:
        raise NotFound("no such service")
    rec = record(row)
    return rec, rec.updated_at


def _notices(draft: ServiceDraft) -> dict[str, Any]:
    """Return what a writer says of the service for a while (never an importer's)."""
    message = draft.temporary_message
    return {
        "temporary_message": message.model_dump(mode="json") if message else None,
        "saturated_until": draft.saturated_until,
    }


def _checked(given: date | None, by: VerifiedBy) -> dict[str, Any]:
    """Return the columns saying the record was checked today by `by`, unless the writer
    gave the day itself."""
    return {"last_verified": given or func.current_date(), "verified_by": by.value}


async def create_service(
    session: AsyncSession,
    *,
    actor: Actor,
    values: dict[str, Any],
    horizon: Horizon,
    by: VerifiedBy = VerifiedBy.TEAM,
    detail: dict[str, Any] | None = None,
) -> uuid.UUID:
    """Create a service written through the API (source `maraude`), checked today by `by`
    (a team, unless it came from a suggestion)."""
    refuse_unknown(values, EDITABLE)
    new_id = str(uuid.uuid4())
    draft = validated(ServiceDraft, {**values, "source": "maraude", "source_id": new_id})
    await upsert_services(session, drafts=[draft], horizon=horizon)
    service_id = await session.scalar(
        select(Service.id).where(Service.source == "maraude", Service.source_id == new_id)
    )
    assert service_id is not None
    await session.execute(
        update(Service)
        .where(Service.id == service_id)
        .values(**_notices(draft), **_checked(draft.last_verified, by))
    )
    await audit.record(
        session,
        actor=actor,
        action="create",
        object_type=_TYPE,
        object_id=str(service_id),
        detail={"values": draft.model_dump(mode="json"), "verified_by": by.value, **(detail or {})},
    )
    return service_id


async def patch_service(
    session: AsyncSession,
    *,
    actor: Actor | None,
    service_id: uuid.UUID,
    patch: dict[str, Any],
    expected: str | None,
    horizon: Horizon,
    by: VerifiedBy = VerifiedBy.TEAM,
    detail: dict[str, Any] | None = None,
    versioned: bool = True,
) -> None:
    """Apply a JSON merge patch when `expected` is the current version (without `versioned`,
    whatever it is: a moderator's decision on the record shown); the record counts as checked
    today by `by`. `detail` adds to the audit entry (the suggestion or campaign it came
    from)."""
    refuse_unknown(patch, EDITABLE)
    rec, updated_at = await _current(session, service_id)
    if versioned:
        check_version(expected, rec.id, updated_at)
    before = draft_values(rec)
    after = {**before, **patch}
    draft = validated(ServiceDraft, after)
    rule = draft.hours_rule()
    schedules = await ensure_schedules(session, rules=[rule] if rule else [], default=horizon)
    row = service_values(draft, schedules[rule] if rule else None)
    await session.execute(
        update(Service)
        .where(Service.id == service_id)
        .values(
            {
                **row,
                **_notices(draft),
                **_checked(draft.last_verified if "last_verified" in patch else None, by),
                "updated_at": func.clock_timestamp(),
            }
        )
    )
    new = draft.model_dump(mode="json")
    old = validated(ServiceDraft, before).model_dump(mode="json")
    changes = {k: [old[k], new[k]] for k in new if old.get(k) != new[k]}
    await audit.record(
        session,
        actor=actor,
        action="update",
        object_type=_TYPE,
        object_id=str(service_id),
        detail={"changes": changes, "verified_by": by.value, **(detail or {})},
    )


async def confirm_service(
    session: AsyncSession,
    *,
    actor: Actor | None,
    service_id: uuid.UUID,
    by: VerifiedBy,
    detail: dict[str, Any] | None = None,
) -> None:
    """Record that the service's record was checked today and found right, by `by`."""
    result = await session.execute(
        update(Service)
        .where(Service.id == service_id)
        .values(**_checked(None, by), updated_at=func.clock_timestamp())
        .returning(Service.id)
    )
    if result.scalar_one_or_none() is None:
        raise NotFound("no such service")
    await audit.record(
        session,
        actor=actor,
        action="verify",
        object_type=_TYPE,
        object_id=str(service_id),
        detail={"verified_by": by.value, **(detail or {})},
    )


async def delete_service(
    session: AsyncSession, *, actor: Actor, service_id: uuid.UUID, expected: str | None
) -> None:
    """Delete a service when `expected` is its current version."""
    rec, updated_at = await _current(session, service_id)
    check_version(expected, rec.id, updated_at)
    await session.execute(delete(Service).where(Service.id == service_id))
    await audit.record(
        session,
        actor=actor,
        action="delete",
        object_type=_TYPE,
        object_id=str(service_id),
        detail={"name": rec.name, "source": rec.source, "source_id": rec.source_id},
    )
