"""The page of a campaign link (`/verify/{service_id}/{token}`): a structure confirms or
corrects its own record, without an account. The token is in the address: the page is never
cached, sends no referrer, sets no cookie and loads nothing from elsewhere."""

from __future__ import annotations

import uuid
from typing import Any

from babel.dates import format_date
from fastapi import APIRouter, Request, status
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from api.deps import InstanceSessionDep, NowDep, SameSiteFormDep, SettingsDep
from api.routers.pages import page
from api.security import secret
from api.settings import Settings
from geo.directory import campaigns
from geo.directory.drafts import ServiceDraft
from geo.directory.queries.edits import draft_values
from geo.directory.queries.services import get_service
from geo.errors import InvalidField, InvalidParameter
from geo.values import Audience, ServiceRecord
from geo.vocab import ISO_639_1
from web.i18n import LANGUAGES, NAMES, Catalog, catalog, negotiate
from web.pages import condition_labels, public_labels, render
from web.verify_form import (
    CLOSURE_ROWS,
    HOURS_EXAMPLE,
    FormValues,
    error_words,
    from_form,
    from_record,
    language_choices,
    patch_of,
)

router = APIRouter(include_in_schema=False)

_REFUSED = {
    "unknown": status.HTTP_404_NOT_FOUND,
    "other-service": status.HTTP_403_FORBIDDEN,
    "used": status.HTTP_410_GONE,
    "expired": status.HTTP_410_GONE,
}


def _catalog(request: Request) -> Catalog:
    return catalog(
        negotiate(request.query_params.get("lang"), request.headers.get("accept-language"))
    )


def _page(settings: Settings, c: Catalog, template_context: dict[str, Any], code: int) -> Response:
    html = render(
        "verify.html",
        c,
        languages=[(code_, NAMES[code_]) for code_ in LANGUAGES],
        **template_context,
    )
    response = page(html, settings, c.lang, frame_ancestors="'none'", cache="no-store")
    response.status_code = code
    return response


async def _open(
    session: InstanceSessionDep, settings: Settings, service_id: str, token: str, now: Any
) -> campaigns.OpenLink:
    try:
        sid = uuid.UUID(service_id)
    except ValueError:
        raise campaigns.LinkRefused("unknown") from None
    if len(token) > 100:
        raise campaigns.LinkRefused("unknown")
    return await campaigns.open_link(
        session, secret=secret(settings), service_id=sid, token=token, now=now
    )


def _form_context(
    c: Catalog,
    link: campaigns.OpenLink,
    rec: ServiceRecord,
    values: FormValues,
    errors: list[tuple[str, str]],
    correcting: bool,
) -> dict[str, Any]:
    return {
        "state": "form",
        "link": link,
        "rec": rec,
        "values": values,
        "errors": errors,
        "correcting": correcting,
        "closure_rows": [*values.closures, *[("", "", "")] * CLOSURE_ROWS],
        "hours_example": HOURS_EXAMPLE,
        "spoken": language_choices(c),
        "conditions": condition_labels(c),
        "publics": public_labels(c),
        "message_languages": [(x, n) for x, n in language_choices(c) if x != "fr"],
        "expires": format_date(link.expires_at.date(), format="long", locale=c.lang),
    }


async def _record(
    session: InstanceSessionDep, settings: Settings, sid: uuid.UUID, now: Any
) -> ServiceRecord:
    view = await get_service(
        session, audience=Audience.EDITOR, service_id=sid, at=now, freshness=settings.freshness
    )
    return view.record


@router.get("/verify/{service_id}/{token}", response_class=HTMLResponse)
async def verify_page(
    request: Request,
    service_id: str,
    token: str,
    session: InstanceSessionDep,
    settings: SettingsDep,
    now: NowDep,
) -> Response:
    """A service's record, to confirm in one click or to correct."""
    c = _catalog(request)
    try:
        link = await _open(session, settings, service_id, token, now)
    except campaigns.LinkRefused as refused:
        return _page(
            settings, c, {"state": "refused", "reason": refused.reason}, _REFUSED[refused.reason]
        )
    rec = await _record(session, settings, link.service_id, now)
    context = _form_context(c, link, rec, from_record(rec), [], correcting=False)
    return _page(settings, c, context, status.HTTP_200_OK)


def _check(rec: ServiceRecord, patch: dict[str, Any]) -> None:
    """Raise InvalidField when the record with the patch applied is not a valid service."""
    try:
        ServiceDraft.model_validate({**draft_values(rec), **patch})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InvalidField(".".join(str(p) for p in first["loc"]), str(first["msg"])) from exc
    unknown = [x for x in patch.get("languages", []) if x not in ISO_639_1]
    if unknown:
        raise InvalidField("languages", f"unknown language code {unknown[0]!r}")


@router.post(
    "/verify/{service_id}/{token}", response_class=HTMLResponse, dependencies=[SameSiteFormDep]
)
async def verify_answer(
    request: Request,
    service_id: str,
    token: str,
    session: InstanceSessionDep,
    settings: SettingsDep,
    now: NowDep,
) -> Response:
    """Record the structure's answer: confirmed, or corrected (applied, or for a moderator)."""
    c = _catalog(request)
    try:
        link = await _open(session, settings, service_id, token, now)
    except campaigns.LinkRefused as refused:
        return _page(
            settings, c, {"state": "refused", "reason": refused.reason}, _REFUSED[refused.reason]
        )
    rec = await _record(session, settings, link.service_id, now)
    posted = await request.form()
    form = {key: [str(v) for v in posted.getlist(key)] for key in posted}
    typed = from_form(form)
    patch: dict[str, Any] | None = None
    if (form.get("action") or [""])[0] == "correct":
        patch = patch_of(from_record(rec), typed, timezone=rec.timezone) or None
    try:
        if patch is not None:
            _check(rec, patch)
        reference = await campaigns.answer(
            session,
            link=link,
            correction=patch,
            note=typed.note[:2000] or None,
            horizon=settings.hours_horizon(now),
        )
    except (InvalidField, InvalidParameter) as exc:
        where = str(getattr(exc, "field", None) or getattr(exc, "parameter", ""))
        detail = str(exc).split(": ", 1)[-1]
        context = _form_context(
            c, link, rec, typed, [error_words(c, where, detail)], correcting=True
        )
        return _page(settings, c, context, status.HTTP_422_UNPROCESSABLE_CONTENT)
    done = "confirmed" if patch is None else ("moderated" if reference else "applied")
    context = {"state": "done", "done": done, "reference": reference, "name": rec.name}
    return _page(settings, c, context, status.HTTP_200_OK)
