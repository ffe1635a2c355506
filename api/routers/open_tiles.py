"""Tiles of the public services on the fixed web-map grid: vector tiles for GIS and web
maps (`.mvt`, described by a TileJSON document), and the GeoJSON tiles the public map and
the embeds load when the area holds too many services to load at once.

A tile is named by its zoom, column and row only: every visitor looking at a part of the map
asks for the same tiles, never for a box around their position, so the answers can be cached
by anyone in front of the server and say nothing of who asked."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from api.caching import LONG, cached, to_the_minute
from api.deps import (
    NowDep,
    OpenReaderDep,
    OpenSchedulesDep,
    PublicReadsDep,
    SettingsDep,
)
from api.query_models import query_model, query_parameters
from api.responses import GEOJSON
from api.routers.maps import LINES, MVT
from api.schemas.common import PROBLEM_RESPONSES
from api.schemas.queries import TileQuery
from api.schemas.services import collection, feature
from geo.directory.categories import BY_SLUG
from geo.directory.queries import services as queries
from geo.errors import InvalidParameter
from geo.opendata import tiles
from geo.opendata.kinds import Kinds
from geo.streets.tiles import ATTRIBUTION
from geo.values import Audience, BBox

router = APIRouter(prefix="/tiles", tags=["tiles"])

TILE_MAX_SERVICES = 5000
"""A detailed GeoJSON tile holds at most this many services (then says `truncated`)."""
_Z = Annotated[int, PathParam(ge=0, le=tiles.MAX_ZOOM)]
_XY = Annotated[int, PathParam(ge=0, le=(1 << tiles.MAX_ZOOM) - 1)]


def _box(tile: tiles.Tile) -> BBox:
    """The tile's bounds in WGS 84."""
    n = 1 << tile.z

    def lat(y: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))

    return BBox(tile.x / n * 360 - 180, lat(tile.y + 1), (tile.x + 1) / n * 360 - 180, lat(tile.y))


def _categories(request: Request) -> tuple[str, ...]:
    found = tuple(dict.fromkeys(request.query_params.getlist("category")))
    for c in found:
        if c not in BY_SLUG:
            raise InvalidParameter("category", f"unknown category {c!r}")
    unknown = set(request.query_params) - {"category"}
    if unknown:
        raise InvalidParameter(sorted(unknown)[0], "vector tiles take `category` only")
    return found


@router.get(
    "/services.json",
    responses={
        200: {"content": {"application/json": {"schema": {"type": "object"}}}},
        **PROBLEM_RESPONSES,
    },
    summary="TileJSON of the services' vector tiles",
)
async def tilejson(request: Request) -> Response:
    """Return the TileJSON 3.0 document of `/tiles/services/{z}/{x}/{y}.mvt`."""
    base = str(request.base_url).rstrip("/")
    body = {
        "tilejson": "3.0.0",
        "name": "Maraude services",
        "description": "Public referral services. Below zoom "
        f"{tiles.DETAIL_ZOOM}, services close together are one point with their `count`.",
        "tiles": [f"{base}/tiles/services/{{z}}/{{x}}/{{y}}.mvt"],
        "minzoom": 0,
        "maxzoom": tiles.MAX_ZOOM,
        "bounds": [-180, -85.0511, 180, 85.0511],
        "attribution": ATTRIBUTION,
        "vector_layers": [
            {
                "id": tiles.LAYER,
                "description": "Public referral services",
                "minzoom": 0,
                "maxzoom": tiles.MAX_ZOOM,
                "fields": {
                    "id": "String: the service's id (one service)",
                    "name": "String: its name (one service)",
                    "categories": "String: its category slugs, comma-separated",
                    "count": "Number: how many services the point stands for",
                },
            }
        ],
    }
    return cached(request, orjson.dumps(body), media_type="application/json", max_age=LONG)


@router.get(
    "/services/{z}/{x}/{y}.mvt",
    response_class=Response,
    responses={
        200: {"content": {MVT: {"schema": {"type": "string", "format": "binary"}}}},
        **PROBLEM_RESPONSES,
    },
    summary="A vector tile of the public services",
)
async def vector_tile(
    request: Request,
    reader: OpenReaderDep,
    settings: SettingsDep,
    now: NowDep,
    z: _Z,
    x: _XY,
    y: _XY,
) -> Response:
    """Return a Mapbox Vector Tile (layer `services`; `category`, repeatable, keeps those
    kinds only). An empty body is an empty tile."""
    tile = tiles.Tile(z, x, y)
    body = await tiles.vector_tile(
        reader,
        tile,
        kinds=Kinds(categories=_categories(request)),
        shown_since=settings.freshness.shown_since(now.date()),
    )
    return cached(request, body, media_type=MVT)


@router.get(
    "/services/{z}/{x}/{y}.geojson",
    response_class=Response,
    responses={200: {"content": {GEOJSON: {"schema": LINES}}}, **PROBLEM_RESPONSES},
    summary="A GeoJSON tile of the public services (the public map's)",
    openapi_extra={"parameters": query_parameters(TileQuery)},
)
async def geojson_tile(
    request: Request,
    database: PublicReadsDep,
    reader: OpenReaderDep,
    schedules: OpenSchedulesDep,
    settings: SettingsDep,
    now: NowDep,
    z: _Z,
    x: _XY,
    y: _XY,
    query: Annotated[TileQuery, Depends(query_model(TileQuery))],
) -> Response:
    """Below zoom 12: the services grouped in cells, each a point with its `count` (and the
    service's `id` and `name` when it is alone), counted whatever their hours and name
    (`category`, `language`, `public` and `condition` apply). From zoom 12 on: every service of
    the tile as `/api/v1/services` gives it, with every filter."""
    tile = tiles.Tile(z, x, y)
    shown_since = settings.freshness.shown_since(now.date())
    if not tile.detailed:
        kinds = Kinds(
            categories=tuple(dict.fromkeys(query.category)),
            languages=tuple(dict.fromkeys(query.language)),
            publics=tuple(p.value for p in dict.fromkeys(query.public)),
            conditions=tuple(c.value for c in dict.fromkeys(query.condition)),
        )
        grouped = await tiles.group_tile(reader, tile, kinds=kinds, shown_since=shown_since)
        return cached(request, grouped, media_type=GEOJSON)
    now = to_the_minute(now)  # the same tile for a minute: a cache can keep it
    filters = query.filters(now=now, timezone=settings.default_timezone)
    filters = replace(filters, bbox=_box(tile))
    found: list[dict[str, Any]] = []
    cursor = None
    async with database.reader() as connection:
        while len(found) < TILE_MAX_SERVICES:
            page = await queries.list_services(
                connection,
                audience=Audience.PUBLIC,  # the same tile for everyone
                filters=filters,
                at=filters.open_at or now,
                limit=settings.page_max_limit,
                freshness=settings.freshness,
                cursor=cursor,
                schedules=schedules,
            )
            found.extend(feature(v) for v in page.items)
            cursor = page.next_cursor
            if cursor is None:
                break
    body = collection(found[:TILE_MAX_SERVICES])
    body["truncated"] = cursor is not None
    return cached(request, orjson.dumps(body), media_type=GEOJSON)
