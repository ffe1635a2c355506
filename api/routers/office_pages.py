"""The coordinators' console: office pages (shells; their script reads and writes through the
JSON API with the session cookie, and the API applies its rules): alerts, stock, people."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import PageTenantDep, PrincipalDep, SettingsDep
from api.routers.console_pages import console_page, coordinator_of, map_config
from api.routers.team_pages import _to_login, catalog_of
from web.field_copy import material_labels
from web.i18n import LANGUAGES, NAMES
from web.office_copy import alert_choices, script_words

router = APIRouter(prefix="/app", include_in_schema=False)


@router.get("/alerts", response_class=HTMLResponse)
async def alerts_page(
    request: Request,
    principal: PrincipalDep,
    tenant: PageTenantDep,
    settings: SettingsDep,
    lang: str | None = None,
) -> Response:
    """The association's alerts in force, to cancel; an alert to compose, preview, publish."""
    c = catalog_of(request, lang)
    work = coordinator_of(principal, tenant)
    if work is None:
        return _to_login(c)
    return await console_page(
        "console_alerts.html",
        "alerts",
        c,
        work,
        settings,
        words=script_words(c),
        **map_config(settings),
        languages=[[code, NAMES[code]] for code in LANGUAGES],
        choices=alert_choices(c),
    )


@router.get("/stock", response_class=HTMLResponse)
async def stock_page(
    request: Request,
    principal: PrincipalDep,
    tenant: PageTenantDep,
    settings: SettingsDep,
    lang: str | None = None,
) -> Response:
    """Prevention material: levels and thresholds, what is low, deliveries."""
    c = catalog_of(request, lang)
    work = coordinator_of(principal, tenant)
    if work is None:
        return _to_login(c)
    return await console_page(
        "console_stock.html",
        "stock",
        c,
        work,
        settings,
        words=script_words(c),
        materials=dict(material_labels(c)),
    )


@router.get("/people", response_class=HTMLResponse)
async def people_page(
    request: Request,
    principal: PrincipalDep,
    tenant: PageTenantDep,
    settings: SettingsDep,
    lang: str | None = None,
) -> Response:
    """The association's accounts; a worker to create (first password shown once); an account
    to disable."""
    c = catalog_of(request, lang)
    work = coordinator_of(principal, tenant)
    if work is None:
        return _to_login(c)
    return await console_page(
        "console_people.html",
        "people",
        c,
        work,
        settings,
        words=script_words(c),
        association=str(work.owner),
        roles={
            "worker": c.gettext("Worker"),
            "coordinator": c.gettext("Coordinator"),
            "admin": c.gettext("Administrator"),
        },
    )
