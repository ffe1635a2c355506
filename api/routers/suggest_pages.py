"""The public pages of suggestions: report a problem with a service, suggest a service, and
the page a suggester comes back to with their reference. Like the other public pages they set
no cookie and load nothing from elsewhere; none may be framed (a partner's map opens them in
a tab of their own)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import InstanceSessionDep, NowDep, SettingsDep
from api.routers.pages import page
from geo.directory import suggestions
from geo.directory.queries.services import get_service, phone_lines
from geo.errors import NotFound
from geo.values import Audience
from web.i18n import catalog, negotiate
from web.orientation import PublicPage
from web.pages import phone_lines as labelled_lines
from web.suggest_pages import (
    AboutService,
    suggest_page,
    suggestion_missing_page,
    suggestion_page,
)

router = APIRouter(include_in_schema=False)


@router.get("/suggest", response_class=HTMLResponse)
async def suggest(
    request: Request,
    session: InstanceSessionDep,
    settings: SettingsDep,
    now: NowDep,
    lang: str | None = None,
    service: str | None = None,
) -> HTMLResponse:
    """The form: what is wrong with a service (`?service=`), or a service to add. A service
    the public may not see, or none, is named nowhere: the page offers a new one instead."""
    c = catalog(negotiate(lang, request.headers.get("accept-language")))
    about = None
    if service is not None:
        try:
            sid = uuid.UUID(service)
            view = await get_service(
                session,
                audience=Audience.PUBLIC,
                service_id=sid,
                at=now,
                freshness=settings.freshness,
            )
            about = AboutService(view.record.id, view.record.name)
        except (ValueError, NotFound):
            about = None
    public = PublicPage(labelled_lines(c, await phone_lines(session)), settings.quick_exit_url)
    missing = service is not None and about is None
    html = suggest_page(c, about=about, missing=missing, public=public)
    return page(html, settings, c.lang, frame_ancestors="'none'", cache="no-cache")


@router.get("/suggestions/{reference}", response_class=HTMLResponse)
async def suggestion(
    request: Request,
    reference: str,
    session: InstanceSessionDep,
    settings: SettingsDep,
    lang: str | None = None,
) -> HTMLResponse:
    """Where a suggestion stands, by its reference; one that names none is a page not found."""
    c = catalog(negotiate(lang, request.headers.get("accept-language")))
    public = PublicPage(labelled_lines(c, await phone_lines(session)), settings.quick_exit_url)
    try:
        found = await suggestions.status_of(session, reference)
    except NotFound:
        missing = suggestion_missing_page(c, public=public)
        response = page(missing, settings, c.lang, frame_ancestors="'none'", cache="no-store")
        response.status_code = 404
        return response
    html = suggestion_page(c, found, timezone=settings.default_timezone, public=public)
    return page(html, settings, c.lang, frame_ancestors="'none'", cache="no-store")
