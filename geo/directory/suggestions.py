"""Suggestions from anyone — a problem with a service, a service to add — and structures'
own corrections from their campaign links, waiting for a moderator.

The text of a suggestion is stored, shown to moderators, never logged nor put in the audit
trail; an optional contact is erased when the suggestion is handled.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from geo.accounts import audit
from geo.directory.models import Service, Suggestion
from geo.directory.queries import edits
from geo.directory.queries.schedules import Horizon
from geo.errors import Conflict, InvalidParameter, NotFound
from geo.values import Actor
from geo.vocab import SuggestionKind, SuggestionStatus, VerifiedBy, Visibility

_TYPE = "suggestion"
# Crockford's base 32: no I, L, O or U, easy to read aloud and to type back.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    """Return a fresh reference such as `S-7K2M-QX9D`."""
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"S-{chars[:4]}-{chars[4:]}"


@dataclass(frozen=True, slots=True)
class SuggestionStatusView:
    """What the person who made a suggestion may see of it again: never its text."""

    reference: str
    kind: str
    status: str
    created_at: datetime
    handled_at: datetime | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class SuggestionView:
    """A suggestion as a moderator sees it, beside the others about the same service."""

    reference: str
    kind: str
    status: str
    service_id: uuid.UUID | None
    service_name: str | None
    message: str
    contact: str | None
    proposed: dict[str, Any] | None
    from_campaign: bool
    reason: str | None
    created_at: datetime
    handled_at: datetime | None
    same_service: int
    """How many suggestions of this status are about the same service, this one included."""


async def submit(
    session: AsyncSession,
    *,
    kind: SuggestionKind,
    message: str,
    service_id: uuid.UUID | None,
    contact: str | None = None,
    held: bool = False,
    proposed: dict[str, Any] | None = None,
    campaign_link_id: int | None = None,
) -> SuggestionStatusView:
    """Store a suggestion (held back when it looks like spam: then without any contact) and
    return its receipt."""
    if (kind is SuggestionKind.NEW_SERVICE) != (service_id is None):
        raise InvalidParameter(
            "service_id",
            "a new service has no service_id; every other kind needs the service's id",
        )
    if service_id is not None:
        shown = await session.scalar(
            select(Service.id).where(
                Service.id == service_id,
                Service.withdrawn_at.is_(None),
                Service.visibility != Visibility.PROFESSIONALS.value,
            )
        )
        if shown is None:
            raise InvalidParameter("service_id", "no such service")
    status = SuggestionStatus.HELD if held else SuggestionStatus.PENDING
    row = (
        await session.execute(
            insert(Suggestion)
            .values(
                reference=new_reference(),
                service_id=service_id,
                kind=kind.value,
                message=message,
                contact=None if held else contact,
                proposed=proposed,
                campaign_link_id=campaign_link_id,
                status=status.value,
            )
            .returning(Suggestion.reference, Suggestion.created_at)
        )
    ).one()
    return SuggestionStatusView(row.reference, kind.value, "pending", row.created_at, None, None)


async def status_of(session: AsyncSession, reference: str) -> SuggestionStatusView:
    """Return where a suggestion stands (a held one says pending), or raise NotFound."""
    row = (
        await session.execute(
            select(
                Suggestion.reference,
                Suggestion.kind,
                Suggestion.status,
                Suggestion.created_at,
                Suggestion.handled_at,
                Suggestion.reason,
            ).where(Suggestion.reference == reference.strip().upper())
        )
    ).one_or_none()
    if row is None:
        raise NotFound("no suggestion has this reference")
    status = SuggestionStatus.PENDING.value if row.status == "held" else row.status
    return SuggestionStatusView(
        row.reference, row.kind, status, row.created_at, row.handled_at, row.reason
    )


async def listed(
    session: AsyncSession, *, status: SuggestionStatus, limit: int
) -> list[SuggestionView]:
    """Return suggestions of a status, those about one service together (the most reported
    first), oldest first within."""
    same = func.count().over(partition_by=Suggestion.service_id)
    first = func.min(Suggestion.created_at).over(partition_by=Suggestion.service_id)
    rows = await session.execute(
        select(
            Suggestion.reference,
            Suggestion.kind,
            Suggestion.status,
            Suggestion.service_id,
            Service.name,
            Suggestion.message,
            Suggestion.contact,
            Suggestion.proposed,
            Suggestion.campaign_link_id.is_not(None),
            Suggestion.reason,
            Suggestion.created_at,
            Suggestion.handled_at,
            same,
            first,
        )
        .outerjoin(Service, Service.id == Suggestion.service_id)
        .where(Suggestion.status == status.value)
        .order_by(same.desc(), first, Suggestion.service_id, Suggestion.created_at)
        .limit(limit)
    )
    return [
        SuggestionView(
            reference=r[0],
            kind=r[1],
            status=r[2],
            service_id=r[3],
            service_name=r[4],
            message=r[5],
            contact=r[6],
            proposed=r[7],
            from_campaign=r[8],
            reason=r[9],
            created_at=r[10],
            handled_at=r[11],
            same_service=r[12] if r[3] is not None else 1,
        )
        for r in rows.all()
    ]


async def _pending(session: AsyncSession, reference: str) -> Any:
    row = (
        await session.execute(
            select(Suggestion).where(Suggestion.reference == reference).with_for_update()
        )
    ).scalar_one_or_none()
    if row is None:
        raise NotFound("no suggestion has this reference")
    if row.status not in (SuggestionStatus.PENDING.value, SuggestionStatus.HELD.value):
        raise Conflict(f"this suggestion was already {row.status}")
    return row


async def _handle(
    session: AsyncSession,
    *,
    actor: Actor,
    suggestion: Any,
    status: SuggestionStatus,
    reason: str | None,
) -> list[str]:
    """Mark a suggestion handled with the pending ones of the same kind about the same
    service (one report made several times), erasing their contacts; return their
    references."""
    same = Suggestion.reference == suggestion.reference
    if suggestion.service_id is not None and suggestion.campaign_link_id is None:
        same = same | (
            (Suggestion.service_id == suggestion.service_id)
            & (Suggestion.kind == suggestion.kind)
            & (Suggestion.status == SuggestionStatus.PENDING.value)
            & Suggestion.campaign_link_id.is_(None)
        )
    result = await session.execute(
        update(Suggestion)
        .where(same)
        .values(
            status=status.value,
            reason=reason,
            contact=None,
            handled_at=func.clock_timestamp(),
            handled_by=actor.user_id,
        )
        .returning(Suggestion.reference)
    )
    references = sorted(result.scalars().all())
    for reference in references:
        await audit.record(
            session,
            actor=actor,
            action=status.value,
            object_type=_TYPE,
            object_id=reference,
            detail={"kind": suggestion.kind, "service": str(suggestion.service_id)},
        )
    return references


async def accept(
    session: AsyncSession,
    *,
    actor: Actor,
    reference: str,
    patch: dict[str, Any] | None,
    horizon: Horizon,
) -> tuple[list[str], uuid.UUID | None]:
    """Accept a suggestion: the change proposed (or the moderator's, when given) is made to
    the record — a new service created — audited with the suggestion as its source. Return
    the references handled and the service changed."""
    suggestion = await _pending(session, reference)
    change = patch if patch is not None else suggestion.proposed
    if not change:
        raise InvalidParameter("patch", "say what changes in the record (a merge patch)")
    by = VerifiedBy.STRUCTURE if suggestion.campaign_link_id is not None else VerifiedBy.SUGGESTION
    detail = {"suggestion": suggestion.reference}
    service_id = suggestion.service_id
    if suggestion.kind == SuggestionKind.NEW_SERVICE.value:
        service_id = await edits.create_service(
            session, actor=actor, values=change, horizon=horizon, by=by, detail=detail
        )
        await session.execute(
            update(Suggestion)
            .where(Suggestion.reference == suggestion.reference)
            .values(service_id=service_id)
        )
    else:
        if service_id is None:
            raise Conflict("the service this suggestion is about was deleted since")
        await edits.patch_service(
            session,
            actor=actor,
            service_id=service_id,
            patch=change,
            expected=None,
            horizon=horizon,
            by=by,
            detail=detail,
            versioned=False,
        )
    handled = await _handle(
        session, actor=actor, suggestion=suggestion, status=SuggestionStatus.ACCEPTED, reason=None
    )
    return handled, service_id


async def reject(session: AsyncSession, *, actor: Actor, reference: str, reason: str) -> list[str]:
    """Reject a suggestion with the reason its author will read; return those handled."""
    suggestion = await _pending(session, reference)
    return await _handle(
        session,
        actor=actor,
        suggestion=suggestion,
        status=SuggestionStatus.REJECTED,
        reason=reason,
    )
