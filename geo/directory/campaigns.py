"""Verification campaigns: each service of a set gets a link of its own, signed for that
service alone and expiring, usable once without an account, to confirm its record or correct
it (hours, closures, a temporary message, phone, languages, conditions).

A link is `{id}.{signature}`: the signature is an HMAC of the link, its campaign and its
service under the instance's key, so links are made in one statement and never stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, cast, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Uuid

from geo.accounts import audit
from geo.directory.categories import category_ids
from geo.directory.models import Campaign, CampaignLink, Service
from geo.directory.queries import edits
from geo.directory.queries.schedules import Horizon
from geo.directory.suggestions import submit
from geo.errors import InvalidParameter, NotFound
from geo.values import Actor, BBox
from geo.vocab import CampaignAnswer, SuggestionKind, VerifiedBy

_TYPE = "campaign"
CORRECTABLE = frozenset(
    {
        "opening_hours",
        "closures",
        "temporary_message",
        "saturated_until",
        "phone",
        "email",
        "website",
        "languages",
        "interpreting",
        "conditions",
        "publics",
        "accessibility",
        "wheelchair",
    }
)
"""What a structure may correct through its link (its name, place and kinds: a moderator)."""


@dataclass(frozen=True, slots=True)
class CampaignScope:
    """Which services a campaign asks: within an area, of some kinds, not checked lately."""

    bbox: BBox | None = None
    categories: tuple[str, ...] = ()
    stale_before: date | None = None

    def as_json(self) -> dict[str, Any]:
        """Return the scope as stored."""
        box = self.bbox
        return {
            "bbox": [box.west, box.south, box.east, box.north] if box else None,
            "categories": list(self.categories),
            "stale_before": self.stale_before.isoformat() if self.stale_before else None,
        }


@dataclass(frozen=True, slots=True)
class CampaignSummary:
    """A campaign and where its answers stand."""

    id: uuid.UUID
    title: str
    scope: dict[str, Any]
    moderated: bool
    expires_at: datetime
    created_at: datetime
    services: int
    with_email: int
    sent: int
    reminded: int
    confirmed: int
    corrected: int


@dataclass(frozen=True, slots=True)
class LinkView:
    """One service's link as the campaign page lists it."""

    id: int
    service_id: uuid.UUID
    name: str
    phone: str | None
    email: str | None
    sent_at: datetime | None
    reminders: int
    answered_at: datetime | None
    answer: str | None


@dataclass(frozen=True, slots=True)
class OpenLink:
    """A link that may be answered: its campaign and its service."""

    id: int
    campaign_id: uuid.UUID
    campaign_title: str
    service_id: uuid.UUID
    moderated: bool
    expires_at: datetime


class LinkRefused(Exception):  # noqa: N818 - a refusal, not a programming error
    """A link that cannot be used: `unknown`, `expired`, `used` or `other-service`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _key(secret: str) -> bytes:
    return hmac.new(secret.encode(), b"maraude campaign links", hashlib.sha256).digest()


def sign(secret: str, *, link_id: int, campaign_id: uuid.UUID, service_id: uuid.UUID) -> str:
    """Return the link token of one service in one campaign."""
    message = f"{link_id}:{campaign_id}:{service_id}".encode()
    digest = hmac.new(_key(secret), message, hashlib.sha256).digest()[:18]
    return f"{link_id}.{base64.urlsafe_b64encode(digest).decode()}"


def link_path(secret: str, link: LinkView | OpenLink, campaign_id: uuid.UUID) -> str:
    """Return the path of a service's page in a campaign."""
    token = sign(secret, link_id=link.id, campaign_id=campaign_id, service_id=link.service_id)
    return f"/verify/{link.service_id}/{token}"


async def start(
    session: AsyncSession,
    *,
    actor: Actor,
    title: str,
    scope: CampaignScope,
    moderated: bool,
    expires_at: datetime,
) -> uuid.UUID:
    """Start a campaign over the current services of `scope`: one link each, in one
    statement."""
    campaign_id: uuid.UUID | None = await session.scalar(
        insert(Campaign)
        .values(
            title=title,
            scope=scope.as_json(),
            moderated=moderated,
            expires_at=expires_at,
            created_by=actor.user_id,
        )
        .returning(Campaign.id)
    )
    assert campaign_id is not None
    chosen = select(literal(campaign_id, Uuid), Service.id, Service.email).where(
        Service.withdrawn_at.is_(None)
    )
    if scope.bbox is not None:
        b = scope.bbox
        chosen = chosen.where(
            Service.geom.op("&&")(func.ST_MakeEnvelope(b.west, b.south, b.east, b.north, 4326))
        )
    if scope.categories:
        chosen = chosen.where(Service.category_ids.op("&&")(category_ids(scope.categories)))
    if scope.stale_before is not None:
        checked = func.coalesce(Service.last_verified, cast(Service.created_at, Date))
        chosen = chosen.where(checked < scope.stale_before)
    await session.execute(
        insert(CampaignLink).from_select(["campaign_id", "service_id", "email"], chosen)
    )
    await audit.record(
        session,
        actor=actor,
        action="create",
        object_type=_TYPE,
        object_id=str(campaign_id),
        detail={"title": title, "scope": scope.as_json(), "moderated": moderated},
    )
    return campaign_id


async def summary(session: AsyncSession, campaign_id: uuid.UUID) -> CampaignSummary:
    """Return a campaign and its counts, or raise NotFound."""
    campaign = await session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("no such campaign")
    link = CampaignLink
    counts = (
        await session.execute(
            select(
                func.count(),
                func.count(link.email),
                func.count(link.sent_at),
                func.count().filter(link.reminders > 0),
                func.count().filter(link.answer == CampaignAnswer.CONFIRMED.value),
                func.count().filter(link.answer == CampaignAnswer.CORRECTED.value),
            ).where(link.campaign_id == campaign_id)
        )
    ).one()
    return CampaignSummary(
        campaign.id,
        campaign.title,
        campaign.scope,
        campaign.moderated,
        campaign.expires_at,
        campaign.created_at,
        *counts,
    )


async def campaigns(session: AsyncSession) -> list[CampaignSummary]:
    """Return every campaign, newest first."""
    ids = (await session.scalars(select(Campaign.id).order_by(Campaign.created_at.desc()))).all()
    return [await summary(session, i) for i in ids]


async def links(
    session: AsyncSession,
    campaign_id: uuid.UUID,
    *,
    answered: bool | None = None,
    emailed: bool | None = None,
    after: int = 0,
    limit: int = 100,
) -> list[LinkView]:
    """Return a page of a campaign's links with their services, in link order."""
    stmt = (
        select(
            CampaignLink.id,
            CampaignLink.service_id,
            Service.name,
            Service.phone,
            CampaignLink.email,
            CampaignLink.sent_at,
            CampaignLink.reminders,
            CampaignLink.answered_at,
            CampaignLink.answer,
        )
        .join(Service, Service.id == CampaignLink.service_id)
        .where(CampaignLink.campaign_id == campaign_id, CampaignLink.id > after)
        .order_by(CampaignLink.id)
        .limit(limit)
    )
    if answered is not None:
        stmt = stmt.where(CampaignLink.answered_at.is_not(None) == answered)
    if emailed is not None:
        stmt = stmt.where(CampaignLink.email.is_not(None) == emailed)
    return [LinkView(*r) for r in (await session.execute(stmt)).all()]


async def to_mail(
    session: AsyncSession, campaign_id: uuid.UUID, *, reminder: bool, now: datetime
) -> list[LinkView]:
    """Return the links to e-mail now: never sent, or (a reminder) sent and not answered;
    none once the campaign has expired."""
    expires = await session.scalar(select(Campaign.expires_at).where(Campaign.id == campaign_id))
    if expires is None or expires <= now:
        return []
    found: list[LinkView] = []
    after = 0
    while True:
        page = await links(session, campaign_id, answered=False, emailed=True, after=after)
        found += [x for x in page if (x.sent_at is not None) == reminder]
        if len(page) < 100:
            return found
        after = page[-1].id


async def mark_sent(session: AsyncSession, link_ids: list[int], *, reminder: bool) -> None:
    """Record links e-mailed (or reminded) now."""
    if not link_ids:
        return
    values: dict[str, Any] = (
        {"reminders": CampaignLink.reminders + 1, "reminded_at": func.now()}
        if reminder
        else {"sent_at": func.now()}
    )
    await session.execute(
        update(CampaignLink).where(CampaignLink.id.in_(link_ids)).values(**values)
    )


async def open_link(
    session: AsyncSession, *, secret: str, service_id: uuid.UUID, token: str, now: datetime
) -> OpenLink:
    """Return the link a token names, or raise LinkRefused: unknown (or forged), for another
    service, expired, or already used."""
    head, _, _ = token.partition(".")
    if not head.isdigit() or len(head) > 18:
        raise LinkRefused("unknown")
    row = (
        await session.execute(
            select(
                CampaignLink.id,
                CampaignLink.campaign_id,
                Campaign.title,
                CampaignLink.service_id,
                Campaign.moderated,
                Campaign.expires_at,
                CampaignLink.answered_at,
            )
            .join(Campaign, Campaign.id == CampaignLink.campaign_id)
            .where(CampaignLink.id == int(head))
            .with_for_update(of=CampaignLink)
        )
    ).one_or_none()
    if row is None:
        raise LinkRefused("unknown")
    expected = sign(secret, link_id=row.id, campaign_id=row.campaign_id, service_id=row.service_id)
    if not hmac.compare_digest(expected.encode(), token.encode()):
        raise LinkRefused("unknown")
    if row.service_id != service_id:
        raise LinkRefused("other-service")
    if row.answered_at is not None:
        raise LinkRefused("used")
    if row.expires_at <= now:
        raise LinkRefused("expired")
    return OpenLink(
        row.id, row.campaign_id, row.title, row.service_id, row.moderated, row.expires_at
    )


async def answer(
    session: AsyncSession,
    *,
    link: OpenLink,
    correction: dict[str, Any] | None,
    note: str | None,
    horizon: Horizon,
) -> str | None:
    """Record a structure's answer through its link (once): no correction confirms the record
    at once; a correction is applied at once, or waits for a moderator when the campaign is
    moderated — then return the suggestion's reference."""
    detail = {"campaign": str(link.campaign_id)}
    reference = None
    if correction is None:
        await edits.confirm_service(
            session, actor=None, service_id=link.service_id, by=VerifiedBy.STRUCTURE, detail=detail
        )
        kind = CampaignAnswer.CONFIRMED
    else:
        unknown = set(correction) - CORRECTABLE
        if unknown:
            raise InvalidParameter("correction", f"not correctable here: {sorted(unknown)[0]}")
        if link.moderated:
            receipt = await submit(
                session,
                kind=SuggestionKind.CORRECTION,
                message=note or "Correction from the service's campaign link.",
                service_id=link.service_id,
                proposed=correction,
                campaign_link_id=link.id,
            )
            reference = receipt.reference
        else:
            await edits.patch_service(
                session,
                actor=None,
                service_id=link.service_id,
                patch=correction,
                expected=None,
                horizon=horizon,
                by=VerifiedBy.STRUCTURE,
                detail=detail,
                versioned=False,
            )
        kind = CampaignAnswer.CORRECTED
    await session.execute(
        update(CampaignLink)
        .where(CampaignLink.id == link.id)
        .values(answer=kind.value, answered_at=func.now())
    )
    return reference
