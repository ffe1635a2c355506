"""The coordinators' console: directory pages (shells; their script reads and writes through the
JSON API with the session cookie, and the API applies its rules): search the directory, and
correct one service with its audit trail."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import PageTenantDep, PrincipalDep, SettingsDep, Tenant
from api.routers.console_pages import console_page, coordinator_of
from api.routers.team_pages import _to_login, catalog_of
from api.settings import Settings
from web.directory_copy import ACTION_LABELS, AUDIT_FIELD_LABELS, script_words
from web.i18n import Catalog
from web.pages import category_labels, condition_labels, public_labels
from web.verify_form import HOURS_EXAMPLE, language_choices
from web.zone_copy import HOURS_WORDS

router = APIRouter(prefix="/app", include_in_schema=False)


def _words(c: Catalog) -> dict[str, str]:
    """Return the page script's words with the shared hours editor's."""
    return {**{m: c.gettext(m) for m in HOURS_WORDS}, **script_words(c)}


async def _directory(
    view: str, c: Catalog, tenant: Tenant, settings: Settings, **config: Any
) -> Response:
    return await console_page(
        "console_directory.html",
        view,
        c,
        tenant,
        settings,
        words=_words(c),
        categories=dict(category_labels(c)),
        conditionLabels=dict(condition_labels(c)),
        publicLabels=dict(public_labels(c)),
        spoken=language_choices(c),
        fieldLabels={k: c.gettext(v) for k, v in AUDIT_FIELD_LABELS.items()},
        actions={k: c.gettext(v) for k, v in ACTION_LABELS.items()},
        **config,
    )


@router.get("/directory", response_class=HTMLResponse)
async def directory_page(
    request: Request,
    principal: PrincipalDep,
    tenant: PageTenantDep,
    settings: SettingsDep,
    lang: str | None = None,
) -> Response:
    """Search the directory by name, category and commune; each service found opens its
    correction page."""
    c = catalog_of(request, lang)
    work = coordinator_of(principal, tenant)
    if work is None:
        return _to_login(c)
    return await _directory("directory", c, work, settings)


@router.get("/directory/{service_id}", response_class=HTMLResponse)
async def service_page(
    service_id: uuid.UUID,
    request: Request,
    principal: PrincipalDep,
    tenant: PageTenantDep,
    settings: SettingsDep,
    lang: str | None = None,
) -> Response:
    """One service's correctable fields (hours, closures, languages, conditions, publics,
    phone, message of the moment), saved with its version, and its audit trail."""
    c = catalog_of(request, lang)
    work = coordinator_of(principal, tenant)
    if work is None:
        return _to_login(c)
    return await _directory(
        "service",
        c,
        work,
        settings,
        service=str(service_id),
        hoursExample=HOURS_EXAMPLE,
    )
