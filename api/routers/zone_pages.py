"""The coordinators' console: the zones and teams pages. They are shells: their scripts read and
write through the JSON API with the session cookie (`If-Match` on every change), and the API
applies its rules; a worker gets 403 here, as from the API's writes."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import PageTenantDep, PrincipalDep, SettingsDep
from api.routers.console_pages import console_page, coordinator_of, map_config
from api.routers.team_pages import _to_login, catalog_of
from web.i18n import Catalog
from web.zone_copy import (
    AGREEMENT_LABELS,
    KIND_LABELS,
    MODE_LABELS,
    NEED_LABELS,
    PREMISES_LABELS,
    SKILL_LABELS,
    choices,
    script_words,
)

router = APIRouter(prefix="/app", include_in_schema=False)


def _lists(c: Catalog) -> dict[str, list[tuple[str, str]]]:
    """Return the closed lists of the forms, labelled in the page language."""
    return {
        "kinds": choices(c, KIND_LABELS),
        "premises": choices(c, PREMISES_LABELS),
        "agreements": choices(c, AGREEMENT_LABELS),
        "needs": choices(c, NEED_LABELS),
        "skills": choices(c, SKILL_LABELS),
        "modes": choices(c, MODE_LABELS),
    }


@router.get("/zones", response_class=HTMLResponse)
async def zones_page(
    request: Request,
    principal: PrincipalDep,
    tenant: PageTenantDep,
    settings: SettingsDep,
    lang: str | None = None,
) -> Response:
    """The association's zones on a list and a map; draw, edit or delete one."""
    c = catalog_of(request, lang)
    work = coordinator_of(principal, tenant)
    if work is None:
        return _to_login(c)
    lists = _lists(c)
    return await console_page(
        "console_zones.html",
        "zones",
        c,
        work,
        settings,
        words=script_words(c),
        kinds=dict(lists["kinds"]),
        **map_config(settings),
        lists=lists,
    )


@router.get("/teams", response_class=HTMLResponse)
async def teams_page(
    request: Request,
    principal: PrincipalDep,
    tenant: PageTenantDep,
    settings: SettingsDep,
    lang: str | None = None,
) -> Response:
    """The association's teams: mode, depots on the map, shifts and skills."""
    c = catalog_of(request, lang)
    work = coordinator_of(principal, tenant)
    if work is None:
        return _to_login(c)
    lists = _lists(c)
    return await console_page(
        "console_teams.html",
        "teams",
        c,
        work,
        settings,
        words=script_words(c),
        modes=dict(lists["modes"]),
        **map_config(settings),
        lists=lists,
    )
