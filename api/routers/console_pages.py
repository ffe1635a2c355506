"""The coordinators' console in the team app: suggestions to moderate, verification
campaigns, services to check. The pages are shells: their script reads and writes through the
same JSON API as any client, with the session cookie; the API refuses workers too."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import PageTenantDep, PrincipalDep, SettingsDep, Tenant
from api.routers.team_pages import _to_login, catalog_of, team_page
from api.settings import Settings
from geo.errors import Forbidden
from geo.vocab import Role
from web.console_copy import ANSWER_LABELS, KIND_LABELS, script_words
from web.i18n import Catalog
from web.pages import category_labels, condition_labels, public_labels
from web.verify_form import FIELD_LABELS

router = APIRouter(prefix="/app", include_in_schema=False)


def coordinator_of(principal: Any, tenant: Tenant | None) -> Tenant | None:
    """Return the coordinator's unit of work; None for the public; refuse everyone else."""
    if principal is not None and tenant is None:
        raise Forbidden("the console belongs to an association's coordinators")
    if tenant is not None and tenant.member.role is not Role.COORDINATOR:
        raise Forbidden("the console is for coordinators")
    return tenant


def map_config(settings: Settings) -> dict[str, Any]:
    """Return what a console page's map needs: the area, and the tile server if one is
    configured."""
    return {
        "area": [float(v) for v in settings.map_area.split(",")],
        "tileUrl": settings.tile_url,
        "attribution": settings.tile_attribution,
    }


async def console_page(
    template: str,
    view: str,
    c: Catalog,
    tenant: Tenant,
    settings: Settings,
    *,
    words: dict[str, str],
    **config: Any,
) -> Response:
    """Render a page of the console: its template, its script's words and settings; the
    console's navigation comes with `view`."""
    return await team_page(
        template, c, tenant, settings, config={"page": view, "words": words, **config}, view=view
    )


async def _console(
    view: str, c: Catalog, tenant: Tenant, settings: Settings, **config: Any
) -> Response:
    return await team_page(
        "console.html",
        c,
        tenant,
        settings,
        config={
            "page": view,
            "words": script_words(c),
            "fieldLabels": {k: c.gettext(v) for k, v in FIELD_LABELS.items()},
            "kinds": {k: c.gettext(v) for k, v in KIND_LABELS.items()},
            "answers": {k: c.gettext(v) for k, v in ANSWER_LABELS.items()},
            "categories": dict(category_labels(c)),
            "conditionLabels": dict(condition_labels(c)),
            "publicLabels": dict(public_labels(c)),
            **config,
        },
        view=view,
        categories=category_labels(c),
    )


@router.get("/suggestions", response_class=HTMLResponse)
async def suggestions_page(
    request: Request,
    principal: PrincipalDep,
    tenant: PageTenantDep,
    settings: SettingsDep,
    lang: str | None = None,
    status: str = "pending",
) -> Response:
    """Suggestions to moderate, each beside the current record (held-back ones on a tab)."""
    c = catalog_of(request, lang)
    work = coordinator_of(principal, tenant)
    if work is None:
        return _to_login(c)
    shown = "held" if status == "held" else "pending"
    return await _console("suggestions", c, work, settings, status=shown)


@router.get("/campaigns", response_class=HTMLResponse)
async def campaigns_page(
    request: Request,
    principal: PrincipalDep,
    tenant: PageTenantDep,
    settings: SettingsDep,
    lang: str | None = None,
) -> Response:
    """Verification campaigns, and the form that starts one."""
    c = catalog_of(request, lang)
    work = coordinator_of(principal, tenant)
    if work is None:
        return _to_login(c)
    return await _console("campaigns", c, work, settings, defaultDays=settings.campaign_days)


@router.get("/campaigns/{campaign_id}", response_class=HTMLResponse)
async def campaign_page(
    campaign_id: uuid.UUID,
    request: Request,
    principal: PrincipalDep,
    tenant: PageTenantDep,
    settings: SettingsDep,
    lang: str | None = None,
) -> Response:
    """One campaign: who answered, reminders, and the links to phone or print."""
    c = catalog_of(request, lang)
    work = coordinator_of(principal, tenant)
    if work is None:
        return _to_login(c)
    return await _console("campaign", c, work, settings, campaign=str(campaign_id))


@router.get("/to-check", response_class=HTMLResponse)
async def to_check_page(
    request: Request,
    principal: PrincipalDep,
    tenant: PageTenantDep,
    settings: SettingsDep,
    lang: str | None = None,
) -> Response:
    """Services not checked lately, the longest unchecked first."""
    c = catalog_of(request, lang)
    work = coordinator_of(principal, tenant)
    if work is None:
        return _to_login(c)
    return await _console(
        "to-check",
        c,
        work,
        settings,
        hideAfterDays=settings.freshness.hide_after_days,
        staleAfterDays=settings.freshness.stale_after_days,
    )
