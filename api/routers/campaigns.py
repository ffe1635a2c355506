"""Verification campaigns: every service of a set asked to confirm or correct its record
through a link of its own (coordinators and admins)."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import timedelta
from typing import Annotated

import procrastinate
from fastapi import APIRouter, Query, Request, status
from fastapi.responses import JSONResponse

from api.deps import EditorDep, InstanceSessionDep, NowDep, SettingsDep, check_limit
from api.schemas.common import OWNED_RESPONSES
from api.schemas.trust import CampaignIn, CampaignList, CampaignRead, LinkRead, Queued
from api.security import secret
from api.settings import Settings
from api.worker import defer_mail
from geo.directory import campaigns
from geo.directory.categories import BY_SLUG
from geo.errors import Conflict, InvalidParameter
from geo.values import BBox

router = APIRouter(prefix="/api/v1/campaigns", tags=["campaigns"])


def _read(
    summary: campaigns.CampaignSummary,
    links: list[campaigns.LinkView],
    settings: Settings,
    *,
    limit: int = 0,
) -> CampaignRead:
    key = secret(settings)
    return CampaignRead(
        **asdict(summary),
        links=[
            LinkRead(**asdict(x), url=settings.public_url + campaigns.link_path(key, x, summary.id))
            for x in links
        ],
        next_after=links[-1].id if limit and len(links) == limit else None,
    )


def _queue(request: Request) -> procrastinate.App | None:
    queue: procrastinate.App | None = request.app.state.queue
    return queue


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CampaignRead,
    responses=OWNED_RESPONSES,
    summary="Start a verification campaign",
)
async def start_campaign(
    body: CampaignIn,
    request: Request,
    editor: EditorDep,
    session: InstanceSessionDep,
    settings: SettingsDep,
    now: NowDep,
) -> JSONResponse:
    """Give every current service of an area, of some kinds, or not checked lately, a link
    of its own, signed for that service alone, expiring, usable once without an account, to
    confirm or correct its record. Links are e-mailed to services with an address when the
    instance has an SMTP server (`MARAUDE_SMTP_URL`); the others are listed for phoning and
    printing."""
    secret(settings)  # refuse before anything is written when links cannot be signed
    unknown = [c for c in body.categories if c not in BY_SLUG]
    if unknown:
        raise InvalidParameter("categories", f"unknown category {unknown[0]!r}")
    scope = campaigns.CampaignScope(
        bbox=BBox.parse(body.bbox) if body.bbox else None,
        categories=tuple(dict.fromkeys(body.categories)),
        stale_before=settings.freshness.stale_before(now.date()) if body.stale_only else None,
    )
    campaign_id = await campaigns.start(
        session,
        actor=editor.actor(),
        title=body.title,
        scope=scope,
        moderated=settings.campaign_moderated if body.moderated is None else body.moderated,
        expires_at=now + timedelta(days=body.days or settings.campaign_days),
    )
    summary = await campaigns.summary(session, campaign_id)
    await session.commit()
    queue = _queue(request)
    if queue is not None and settings.smtp_url is not None and summary.with_email:
        await defer_mail(queue, campaign_id=campaign_id, reminder=False)
    document = _read(summary, [], settings).model_dump(mode="json")
    return JSONResponse(
        document,
        status_code=status.HTTP_201_CREATED,
        headers={"Location": f"/api/v1/campaigns/{campaign_id}"},
    )


@router.get("", response_model=CampaignList, responses=OWNED_RESPONSES, summary="Campaigns")
async def list_campaigns(
    editor: EditorDep, session: InstanceSessionDep, settings: SettingsDep
) -> CampaignList:
    """Return every campaign and its counts, newest first."""
    del editor
    found = await campaigns.campaigns(session)
    return CampaignList(items=[_read(s, [], settings) for s in found])


@router.get(
    "/{campaign_id}",
    response_model=CampaignRead,
    responses=OWNED_RESPONSES,
    summary="One campaign and its links",
)
async def get_campaign(
    campaign_id: uuid.UUID,
    editor: EditorDep,
    session: InstanceSessionDep,
    settings: SettingsDep,
    answered: Annotated[bool | None, Query(description="Answered, or not yet.")] = None,
    emailed: Annotated[
        bool | None, Query(description="With an address (false: to phone or print).")
    ] = None,
    after: Annotated[int, Query(ge=0, description="The `next_after` of the last page.")] = 0,
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> CampaignRead:
    """Return a campaign, who answered and who did not, and a page of its links (each a
    credential for its service: for phoning and printing)."""
    del editor
    size = check_limit(limit, default=100, maximum=settings.page_max_limit)
    summary = await campaigns.summary(session, campaign_id)
    links = await campaigns.links(
        session, campaign_id, answered=answered, emailed=emailed, after=after, limit=size
    )
    return _read(summary, links, settings, limit=size)


@router.post(
    "/{campaign_id}/reminders",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=Queued,
    responses={409: OWNED_RESPONSES[404], **OWNED_RESPONSES},
    summary="Remind the services that did not answer",
)
async def remind(
    campaign_id: uuid.UUID,
    request: Request,
    editor: EditorDep,
    session: InstanceSessionDep,
    settings: SettingsDep,
) -> Queued:
    """E-mail the link again to every service with an address that has not answered (409
    when this instance has no SMTP server)."""
    del editor
    await campaigns.summary(session, campaign_id)
    queue = _queue(request)
    if queue is None or settings.smtp_url is None:
        raise Conflict("this instance sends no e-mail: phone the services listed")
    await defer_mail(queue, campaign_id=campaign_id, reminder=True)
    return Queued(queued=True)
