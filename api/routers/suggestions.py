"""Suggestions from anyone: a problem with a service, or a service to add; moderated by the
directory's editors. Their text is never logged."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import JSONResponse

from api.deps import DatabaseDep, EditorDep, InstanceSessionDep, NowDep, SettingsDep, check_limit
from api.schemas.common import OWNED_RESPONSES, PROBLEM_RESPONSES, Link, Problem
from api.schemas.trust import (
    Acceptance,
    Handled,
    Rejection,
    SuggestionIn,
    SuggestionList,
    SuggestionRead,
    SuggestionReceipt,
)
from api.security import secret
from api.settings import Settings
from geo.accounts import queries as accounts
from geo.directory import suggestions
from geo.errors import InvalidParameter, TooManySuggestions
from geo.vocab import SuggestionKind, SuggestionStatus

router = APIRouter(prefix="/api/v1/suggestions", tags=["suggestions"])

_429: dict[int | str, dict[str, object]] = {
    429: {"model": Problem, "content": {"application/problem+json": {}}}
}


def _client_key(request: Request, settings: Settings) -> str:
    """Return the client's throttle key: a keyed hash, never its address."""
    client = request.client.host if request.client else "unknown"
    digest = hashlib.sha256(f"{secret(settings)}:{client}".encode()).hexdigest()[:32]
    return f"suggest:{digest}"


def _receipt(view: suggestions.SuggestionStatusView) -> SuggestionReceipt:
    page = Link(href=f"/suggestions/{view.reference}", rel="status", type="text/html")
    return SuggestionReceipt(
        reference=view.reference,
        kind=SuggestionKind(view.kind),
        status=SuggestionStatus(view.status),
        created_at=view.created_at,
        handled_at=view.handled_at,
        reason=view.reason,
        links=[page],
    )


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=SuggestionReceipt,
    responses={**PROBLEM_RESPONSES, **_429},
    summary="Suggest a change or a service",
)
async def suggest(
    body: SuggestionIn,
    request: Request,
    database: DatabaseDep,
    settings: SettingsDep,
    now: NowDep,
) -> JSONResponse:
    """Report a problem with a service (`service_id` and a kind) or suggest a new one (kind
    `new-service`), without an account. A moderator reads it; the answer's `reference` finds
    it again at `/suggestions/{reference}`. Too many from one client within an hour: 429."""
    if body.kind is SuggestionKind.CORRECTION:
        raise InvalidParameter("kind", "corrections come through a campaign link")
    policy = accounts.ThrottlePolicy(
        max_failures=settings.suggestions_per_hour,
        window=timedelta(hours=1),
        lockout=timedelta(hours=1),
    )
    key = _client_key(request, settings)
    async with database.instance() as session:
        wait = await accounts.count_attempt(session, keys=[key], now=now, policy=policy)
        await session.commit()
    if wait is not None:
        raise TooManySuggestions(wait)
    async with database.instance() as session:
        receipt = await suggestions.submit(
            session,
            kind=body.kind,
            message=body.message,
            service_id=body.service_id,
            contact=body.contact or None,
            held=bool(body.website and body.website.strip()),
        )
        await session.commit()
    document = _receipt(receipt).model_dump(mode="json")
    return JSONResponse(
        document,
        status_code=status.HTTP_202_ACCEPTED,
        headers={"Location": f"/api/v1/suggestions/{receipt.reference}"},
    )


@router.get(
    "",
    response_model=SuggestionList,
    responses=OWNED_RESPONSES,
    summary="Suggestions to moderate",
)
async def list_suggestions(
    editor: EditorDep,
    session: InstanceSessionDep,
    settings: SettingsDep,
    status_: Annotated[SuggestionStatus, Query(alias="status")] = SuggestionStatus.PENDING,
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> SuggestionList:
    """Return suggestions of a status (default: pending), those about one service together,
    the most reported first (coordinators and admins)."""
    del editor
    size = check_limit(limit, default=100, maximum=settings.page_max_limit)
    found = await suggestions.listed(session, status=status_, limit=size)
    items = [SuggestionRead.model_validate(s, from_attributes=True) for s in found]
    return SuggestionList(items=items, number_returned=len(items))


@router.get(
    "/{reference}",
    response_model=SuggestionReceipt,
    responses={404: OWNED_RESPONSES[404], **PROBLEM_RESPONSES},
    summary="Where a suggestion stands",
)
async def suggestion_status(reference: str, session: InstanceSessionDep) -> SuggestionReceipt:
    """Return where a suggestion stands, by its reference (never its text)."""
    return _receipt(await suggestions.status_of(session, reference))


@router.post(
    "/{reference}/accept",
    response_model=Handled,
    responses={409: OWNED_RESPONSES[403], **OWNED_RESPONSES},
    summary="Accept a suggestion",
)
async def accept_suggestion(
    reference: str,
    body: Acceptance,
    editor: EditorDep,
    session: InstanceSessionDep,
    settings: SettingsDep,
    now: NowDep,
) -> Handled:
    """Change the record as the suggestion says (or as `patch` says, edited by the
    moderator), audited with the suggestion as its source; the same report made again about
    the same service is handled with it, and every contact left is erased."""
    handled, service_id = await suggestions.accept(
        session,
        actor=editor.actor(),
        reference=reference,
        patch=body.patch,
        horizon=settings.hours_horizon(now),
    )
    return Handled(handled=handled, service_id=service_id)


@router.post(
    "/{reference}/reject",
    response_model=Handled,
    responses={409: OWNED_RESPONSES[403], **OWNED_RESPONSES},
    summary="Reject a suggestion",
)
async def reject_suggestion(
    reference: str, body: Rejection, editor: EditorDep, session: InstanceSessionDep
) -> Handled:
    """Reject a suggestion with the reason its author reads; contacts are erased."""
    handled = await suggestions.reject(
        session, actor=editor.actor(), reference=reference, reason=body.reason
    )
    return Handled(handled=handled)
