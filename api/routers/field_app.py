"""The team map as an installable field app: its manifest and service worker (scope `/app`),
the copies a phone keeps to work with no signal (the public directory of the team's area;
tonight's rounds and zones), the round report form, and round sheets the phone can keep."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib import resources

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from api.deps import NowDep, PageTenantDep, ReaderDep, SettingsDep, Tenant
from api.routers.plans import sheet_of
from api.routers.team_pages import catalog_of, team_page
from api.settings import Settings
from geo.directory.offline import around, directory_copy, directory_version
from geo.errors import Unauthorized
from geo.planning.tonight import rounds_between
from geo.values import BBox
from geo.zones.queries.zones import geometry_of, zones_by_id, zones_extent
from web.field_copy import directory_document, material_labels, tonight_document

router = APIRouter(prefix="/app", include_in_schema=False)

_PRIVATE = "no-store"
SHELL = (
    "/static/vendor/leaflet-1.9.4/leaflet.css",
    "/static/vendor/leaflet-1.9.4/leaflet.js",
    "/static/vendor/leaflet-1.9.4/images/marker-icon.png",
    "/static/vendor/leaflet-1.9.4/images/marker-icon-2x.png",
    "/static/vendor/leaflet-1.9.4/images/marker-shadow.png",
    "/static/vendor/protomaps-leaflet-5.1.0/protomaps-leaflet.js",
    "/static/vendor/qrcode-generator-2.0.4/qrcode.js",
    "/static/css/maraude.css",
    "/static/js/common.js",
    "/static/js/basemap.js",
    "/static/js/forget.js",
    "/static/js/field.js",
    "/static/js/field_alerts.js",
    "/static/js/handoff.js",
    "/static/js/qr.js",
    "/static/js/team.js",
    "/static/js/report.js",
    "/static/img/app-192.png",
    "/static/img/app-512.png",
    "/static/img/app-512-maskable.png",
)
"""What the app needs to open with no network: kept by the service worker at install."""
EARLIER_WINDOW = timedelta(hours=12)
"""Tonight's rounds: those whose shift overlaps the last 12 hours (a report is written after
the round) or the next 24."""


def _static(path: str) -> bytes:
    return (resources.files("web") / path.removeprefix("/")).read_bytes()


@cache
def shell_version() -> str:
    """Return a digest of the app's files and its worker: a new one when any of them changes,
    so that phones drop the old copy."""
    digest = hashlib.sha256()
    for path in (*SHELL, "/static/js/sw.js"):
        digest.update(path.encode())
        digest.update(_static(path))
    return digest.hexdigest()[:16]


@router.get("/sw.js")
async def service_worker() -> Response:
    """The app's service worker, allowed to control `/app` and the pages under it only."""
    source = _static("/static/js/sw.js").decode()
    source = source.replace('"__VERSION__"', json.dumps(shell_version()))
    source = source.replace("[/*SHELL*/]", json.dumps(list(SHELL)))
    return Response(
        source,
        media_type="text/javascript",
        headers={
            "Service-Worker-Allowed": "/app",
            "Cache-Control": "no-cache",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/manifest.webmanifest")
async def manifest(request: Request, lang: str | None = None) -> Response:
    """The web app manifest: installable from the browser, no app store."""
    c = catalog_of(request, lang)
    body = {
        "name": "Maraude — " + c.gettext("Team map"),
        "short_name": "Maraude",
        "lang": c.html_lang,
        "dir": c.direction,
        "id": "/app",
        "start_url": f"/app?lang={c.lang}",
        "scope": "/app",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#6a1b9a",
        "icons": [
            {"src": "/static/img/app-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": "/static/img/app-512.png", "sizes": "512x512", "type": "image/png"},
            {
                "src": "/static/img/app-512-maskable.png",
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return Response(
        json.dumps(body, ensure_ascii=False),
        media_type="application/manifest+json",
        headers={"Cache-Control": "public, max-age=3600", "Vary": "Accept-Language"},
    )


async def _areas(tenant: Tenant, settings: Settings) -> tuple[BBox, BBox | None]:
    """The team's area (its zones and 15 km around), and its zones' own (1 km around)."""
    extent = await zones_extent(tenant.session, association_id=tenant.owner)
    if extent is None:
        west, south, east, north = (float(v) for v in settings.map_area.split(","))
        return BBox(west, south, east, north), None
    return around(extent), around(extent, margin_km=1.0)


COPY_EVERY = timedelta(minutes=10)
"""A copy is made again at most this often for an area (sooner when the directory changes)."""
_COPIES: OrderedDict[tuple[object, ...], tuple[str, bytes]] = OrderedDict()
_KEPT_COPIES = 16
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@router.get("/offline/directory.json")
async def offline_directory(
    request: Request, tenant: PageTenantDep, reader: ReaderDep, settings: SettingsDep, now: NowDep
) -> Response:
    """The public directory of the team's area and the phone lines, with when each is open
    over the next days and the words of a hand-off in every language. The same for every
    member of the association for ten minutes (or until the directory changes): an ETag
    spares a phone that has it the bytes."""
    if tenant is None:
        raise Unauthorized("log in first")
    area, zones_area = await _areas(tenant, settings)
    since = now - (now - _EPOCH) % COPY_EVERY
    key = (area, zones_area, since, await directory_version(reader))
    if key not in _COPIES:
        copy = await directory_copy(
            reader, area=area, zones_area=zones_area, at=since, freshness=settings.freshness
        )
        body = orjson.dumps(directory_document(copy))
        _COPIES[key] = (f'"{hashlib.sha256(body).hexdigest()[:32]}"', body)
        while len(_COPIES) > _KEPT_COPIES:
            _COPIES.popitem(last=False)
    _COPIES.move_to_end(key)
    etag, body = _COPIES[key]
    headers = {"Cache-Control": "private, no-cache", "ETag": etag}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


@router.get("/offline/tonight.json")
async def offline_tonight(tenant: PageTenantDep, now: NowDep) -> JSONResponse:
    """Tonight's rounds of the association and their zones: what a phone may keep (24 hours
    at most). 401 when the session has ended or was revoked: the phone then forgets them."""
    if tenant is None:
        raise Unauthorized("log in first")
    found = await rounds_between(
        tenant.session,
        association_id=tenant.owner,
        start=now - EARLIER_WINDOW,
        end=now + timedelta(hours=24),
    )
    ids = sorted({uuid.UUID(s.zone_id) for _, r in found for s in r.stops})
    zones = await zones_by_id(
        tenant.session, actor=tenant.actor(), zone_ids=ids, purpose="field-app-tonight"
    )
    document = tonight_document(
        user=str(tenant.member.user_id),
        at=now,
        rounds=[(str(plan), r) for plan, r in found],
        zones=[
            {"id": str(z.id), "name": z.name, "kind": z.kind, "geometry": geometry_of(z)}
            for z in zones
        ],
    )
    return JSONResponse(document, headers={"Cache-Control": _PRIVATE})


@router.get("/rounds/{plan_id}/{index}", response_class=HTMLResponse)
async def round_sheet_page(
    plan_id: uuid.UUID,
    index: int,
    tenant: PageTenantDep,
    reader: ReaderDep,
    settings: SettingsDep,
) -> Response:
    """A round sheet under the app, so that the phone can keep tonight's for a round with
    no signal."""
    if tenant is None:
        return RedirectResponse("/app/login", status_code=303)
    return await sheet_of(
        tenant, reader, plan_id=plan_id, index=index, freshness=settings.freshness
    )


@router.get("/report", response_class=HTMLResponse)
async def report_form(
    request: Request, tenant: PageTenantDep, settings: SettingsDep, lang: str | None = None
) -> Response:
    """The round report: tonight's rounds with their zones, counts only; kept on the phone
    until it is sent."""
    c = catalog_of(request, lang)
    if tenant is None:
        return RedirectResponse(f"/app/login?lang={c.lang}", status_code=303)
    return await team_page(
        "report.html", c, tenant, settings, config={"materials": material_labels(c)}
    )
