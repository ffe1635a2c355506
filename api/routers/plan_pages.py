"""The coordinators' console: plan pages (shells; their script reads and writes through the
JSON API with the session cookie, and the API applies its rules). Workers of the association
read the plans too, with no control to change them."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import PageTenantDep, PrincipalDep, SettingsDep, Tenant
from api.routers.console_pages import console_page, map_config
from api.routers.team_pages import _to_login, catalog_of
from api.settings import Settings
from geo.errors import Forbidden
from web.i18n import Catalog
from web.plan_copy import reason_words, script_words, violation_words

router = APIRouter(prefix="/app", include_in_schema=False)


def member_of(principal: Any, tenant: Tenant | None) -> Tenant | None:
    """Return the member's unit of work (coordinator or worker); None for the public; refuse
    an admin, who belongs to no association."""
    if principal is not None and tenant is None:
        raise Forbidden("plans belong to an association's members")
    return tenant


async def _plans(c: Catalog, tenant: Tenant, settings: Settings, plan: str | None) -> Response:
    return await console_page(
        "console_plans.html",
        "plans" if plan is None else "plan",
        c,
        tenant,
        settings,
        words=script_words(c),
        reasons=reason_words(c),
        violations=violation_words(c),
        plan=plan,
        **map_config(settings),
    )


@router.get("/plans", response_class=HTMLResponse)
async def plans_page(
    request: Request,
    principal: PrincipalDep,
    tenant: PageTenantDep,
    settings: SettingsDep,
    lang: str | None = None,
    plan: uuid.UUID | None = None,
) -> Response:
    """The association's kept plans, the newest (or the one asked for) open."""
    c = catalog_of(request, lang)
    work = member_of(principal, tenant)
    if work is None:
        return _to_login(c)
    return await _plans(c, work, settings, None if plan is None else str(plan))


@router.get("/plans/{plan_id}", response_class=HTMLResponse)
async def plan_page(
    plan_id: uuid.UUID,
    request: Request,
    principal: PrincipalDep,
    tenant: PageTenantDep,
    settings: SettingsDep,
    lang: str | None = None,
) -> Response:
    """One kept plan open, beside the list of the others."""
    c = catalog_of(request, lang)
    work = member_of(principal, tenant)
    if work is None:
        return _to_login(c)
    return await _plans(c, work, settings, str(plan_id))
