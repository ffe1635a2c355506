"""The public pages: the service map (`/`), its embeddable form (`/embed`), the builder of
the embedding snippet (`/embed/builder`) and the page of one service (`/service/{id}`). They set
no cookie and load nothing from elsewhere (but the tile server, when one is configured)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.ext.asyncio import AsyncSession

from api.deps import InstanceSessionDep, NowDep, ReaderDep, SettingsDep
from api.policy import csp
from api.settings import Settings
from geo.alerts.queries import public_alerts_over
from geo.db import Database
from geo.directory.categories import BY_SLUG
from geo.directory.queries.services import get_service, phone_lines
from geo.errors import InvalidParameter, NotFound
from geo.opendata import features, tiles
from geo.opendata.tiles import NEAR_ZOOM
from geo.streets.basemap import street_lines
from geo.values import Audience, BBox, LonLat
from geo.vocab import ISO_639_1, Condition, Public
from web.i18n import LANGUAGES, NAMES, catalog, negotiate
from web.orientation import (
    PublicPage,
    frame_around,
    location_of,
    missing_service_page,
    orientation_sheet,
)
from web.pages import (
    SPOKEN,
    Banner,
    EmbedPresets,
    category_labels,
    condition_labels,
    public_labels,
    public_page,
    render,
    script_messages,
)
from web.pages import phone_lines as labelled_lines

router = APIRouter(include_in_schema=False)
MAP_TITLE = "Help and health services nearby"
"""The service map's own title (its heading), which the embedding iframe carries."""


def page(
    html: str,
    settings: Settings,
    lang: str,
    *,
    frame_ancestors: str = "'self'",
    cache: str = "public, max-age=300",
) -> HTMLResponse:
    """Wrap a rendered page with its security and language headers."""
    return HTMLResponse(
        html,
        headers={
            "Content-Security-Policy": csp(settings, frame_ancestors=frame_ancestors),
            "Content-Language": lang,
            "Cache-Control": cache,
            "Vary": "Accept-Language",
            "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff",
            "Permissions-Policy": "geolocation=(self), camera=(), microphone=()",
        },
    )


def _area(settings: Settings, bbox: str | None) -> tuple[float, float, float, float]:
    box = BBox.parse(bbox if bbox is not None else settings.map_area)
    return (box.west, box.south, box.east, box.north)


def _categories(values: list[str]) -> list[str]:
    unknown = [v for v in values if v not in BY_SLUG]
    if unknown:
        raise InvalidParameter("category", f"unknown category {unknown[0]!r}")
    return list(dict.fromkeys(values))


TILED = {"detail": tiles.DETAIL_ZOOM, "near": NEAR_ZOOM}


async def _tiled(
    request: Request, settings: Settings, area: tuple[float, float, float, float]
) -> Mapping[str, int] | None:
    """How the map loads its services: by fixed tiles when the area holds too many to load at
    once (or when told so), else all of the area at once."""
    if settings.public_map_loading == "whole":
        return None
    if settings.public_map_loading == "tiles":
        return TILED
    database: Database = request.app.state.open_database
    async with database.reader() as reader:
        many = await features.more_than(reader, BBox(*area), settings.public_map_whole_below)
    return TILED if many else None


async def _banners(
    session: AsyncSession, area: tuple[float, float, float, float], lang: str, now: datetime
) -> list[Banner]:
    alerts = await public_alerts_over(session, at=now, area=area)
    return [Banner.of(a.messages, lang) for a in alerts]


@router.get("/", response_class=HTMLResponse)
async def home(
    request: Request,
    settings: SettingsDep,
    session: InstanceSessionDep,
    now: NowDep,
    lang: str | None = None,
    category: Annotated[str | None, Query(description="A kind of service chosen at first.")] = None,
) -> HTMLResponse:
    """The public service map (`?category=` chooses a kind at first: the library's "where to
    go" links)."""
    c = catalog(negotiate(lang, request.headers.get("accept-language")))
    first = _categories([category])[0] if category else None
    area = _area(settings, None)
    html = public_page(
        c,
        embed=False,
        lines=await phone_lines(session),
        area=area,
        view=None,
        chosen=(),
        preselect=first,
        tile_url=settings.tile_url,
        attribution=settings.tile_attribution,
        quick_exit=settings.quick_exit_url,
        alerts=await _banners(session, area, c.lang, now),
        directions_url=settings.directions_url,
        tiled=await _tiled(request, settings, area),
    )
    return page(html, settings, c.lang)


@router.get("/embed", response_class=HTMLResponse)
async def embed(
    request: Request,
    settings: SettingsDep,
    session: InstanceSessionDep,
    now: NowDep,
    lang: str | None = None,
    bbox: str | None = None,
    lon: float | None = None,
    lat: float | None = None,
    zoom: Annotated[int | None, Query(ge=3, le=19)] = None,
    category: Annotated[list[str] | None, Query()] = None,
    public: Annotated[list[Public] | None, Query()] = None,
    condition: Annotated[list[Condition] | None, Query()] = None,
    language: Annotated[str | None, Query(pattern="^[a-z]{2}$")] = None,
) -> HTMLResponse:
    """The service map made for an iframe on a partner's site: an area, kinds of service, and
    the filters it starts with (publics welcomed, conditions, a language spoken)."""
    c = catalog(negotiate(lang, request.headers.get("accept-language")))
    view = None
    if lon is not None or lat is not None or zoom is not None:
        if lon is None or lat is None or zoom is None:
            raise InvalidParameter("lon", "a centre needs lon, lat and zoom together")
        centre = LonLat(lon, lat)
        view = (centre.lon, centre.lat, zoom)
    chosen = _categories(category or [])
    if language is not None and language not in ISO_639_1:
        raise InvalidParameter("language", f"{language!r} is not an ISO 639-1 language code")
    presets = EmbedPresets(
        publics=tuple(p.value for p in dict.fromkeys(public or [])),
        conditions=tuple(k.value for k in dict.fromkeys(condition or [])),
        language=language,
    )
    keep = [("category", slug) for slug in chosen]
    keep += [("public", v) for v in presets.publics]
    keep += [("condition", v) for v in presets.conditions]
    keep += [("language", language)] if language else []
    keep += [
        (k, str(v))
        for k, v in (("bbox", bbox), ("lon", lon), ("lat", lat), ("zoom", zoom))
        if v is not None
    ]
    area = _area(settings, bbox)
    html = public_page(
        c,
        embed=True,
        lines=await phone_lines(session),
        area=area,
        view=view,
        chosen=chosen,
        tile_url=settings.tile_url,
        attribution=settings.tile_attribution,
        quick_exit=settings.quick_exit_url,
        keep=keep,
        alerts=await _banners(session, area, c.lang, now),
        presets=presets,
        directions_url=settings.directions_url,
        tiled=await _tiled(request, settings, area),
    )
    return page(html, settings, c.lang, frame_ancestors=settings.frame_ancestors)


@router.get("/embed/builder", response_class=HTMLResponse)
async def builder(request: Request, settings: SettingsDep, lang: str | None = None) -> HTMLResponse:
    """Where a partner picks an area, kinds of service and a language, and copies the snippet."""
    c = catalog(negotiate(lang, request.headers.get("accept-language")))
    config = {
        "origin": str(request.base_url).rstrip("/"),
        "lang": c.lang,
        "area": _area(settings, None),
        "view": None,
        "tileUrl": settings.tile_url,
        "attribution": settings.tile_attribution,
        "messages": script_messages(c),
        # The iframe's title names the map, in the map's own language.
        "titles": {code: catalog(code).gettext(MAP_TITLE) for code in LANGUAGES},
    }
    html = render(
        "builder.html",
        c,
        config=config,
        area=settings.map_area,
        categories=category_labels(c),
        languages=[(code, NAMES[code]) for code in LANGUAGES],
        publics=public_labels(c),
        conditions=condition_labels(c),
        spoken=SPOKEN,
        quick_exit=settings.quick_exit_url,
    )
    return page(html, settings, c.lang)


@router.get("/docs", response_class=HTMLResponse)
async def api_documentation(settings: SettingsDep) -> HTMLResponse:
    """The API's interactive documentation, from this origin only."""
    html = render("docs.html", catalog("en"))
    return page(html, settings, "en", frame_ancestors="'none'", cache="no-cache")


@router.get("/service/{service_id}", response_class=HTMLResponse)
async def service_page(
    request: Request,
    service_id: str,
    reader: ReaderDep,
    settings: SettingsDep,
    now: NowDep,
    lang: str | None = None,
) -> HTMLResponse:
    """The page of one service that a worker shares with a person met (a QR code, a text
    message): its orientation sheet with the streets around it and no way from anywhere, for
    the page never learns where its reader is. A service the public may not see, or none, is
    the same page not found, in the reader's language, naming nothing."""
    c = catalog(negotiate(lang, request.headers.get("accept-language")))
    lines = labelled_lines(c, await phone_lines(reader))
    try:
        sid = uuid.UUID(service_id)
        view = await get_service(
            reader,
            audience=Audience.PUBLIC,
            service_id=sid,
            at=now,
            freshness=settings.freshness,
        )
    except (ValueError, NotFound):
        missing = missing_service_page(c, PublicPage(lines, settings.quick_exit_url))
        response = page(missing, settings, c.lang, frame_ancestors="'none'")
        response.status_code = 404
        return response
    place = location_of(view)
    frame = frame_around([(place.lon, place.lat)]) if place else None
    streets = await street_lines(reader, bbox=frame.bbox) if frame else ()
    public = PublicPage(lines, settings.quick_exit_url, share=f"/service/{sid}?lang={c.lang}")
    html = orientation_sheet(c, view, way=None, frame=frame, streets=streets, public=public)
    return page(html, settings, c.lang, frame_ancestors="'none'")
