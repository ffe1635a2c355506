"""What the map pages draw besides services: the basemap, as vector tiles built from the
loaded streets' extract, or as the streets themselves where no tiles were built."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi import Path as PathParam
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import DatabaseDep, SettingsDep
from api.responses import GEOJSON
from api.schemas.common import PROBLEM_RESPONSES, Problem
from api.schemas.queries import BBOX_PATTERN
from geo.streets.basemap import basemap
from geo.streets.tiles import ATTRIBUTION, default_tiles_dir, loaded_tilesets, read_tile
from geo.values import BBox

router = APIRouter(prefix="/api/v1", tags=["maps"])

LINES = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "geometry": {"type": "object"},
                    "properties": {"type": "object"},
                },
            },
        },
    },
}
"""The basemap's shape: a collection of street lines with their kind."""

MVT = "application/vnd.mapbox-vector-tile"
TILE_PATH = "/api/v1/basemap/tiles/{tileset}/{z}/{x}/{y}.mvt"
# A tile set's URL names its extract and profile: what it serves never changes.
_FOREVER = "public, max-age=31536000, immutable"


def get_tiles_dir(settings: SettingsDep) -> Path:
    """Return the folder the tile sets are kept in (`MARAUDE_TILES_DIR`)."""
    return settings.tiles_dir or default_tiles_dir()


TilesDirDep = Annotated[Path, Depends(get_tiles_dir)]


class TileSetRead(BaseModel):
    """Vector tiles the map may draw (Mapbox Vector Tiles, layers `earth`, `water`,
    `coastline`, `landuse`, `waterway`, `roads` with `class` and `name`, `places`)."""

    id: str
    area: str = Field(description="The street area whose extract the tiles were built from.")
    bounds: tuple[float, float, float, float] = Field(description="west, south, east, north")
    minzoom: int
    maxzoom: int
    tiles: str = Field(description="URL template of the tiles ({z}/{x}/{y}).")
    attribution: str


class TileSetList(BaseModel):
    """The tile sets of the loaded streets; empty when none was built (draw the streets)."""

    tilesets: list[TileSetRead]


@router.get(
    "/basemap",
    response_class=Response,
    responses={200: {"content": {GEOJSON: {"schema": LINES}}}, **PROBLEM_RESPONSES},
    summary="Streets to draw as a basemap",
)
async def get_basemap(
    database: DatabaseDep,
    bbox: Annotated[
        str, Query(pattern=BBOX_PATTERN, description="west,south,east,north in WGS 84 degrees.")
    ],
) -> Response:
    """Return the loaded streets within the box as GeoJSON lines (`k`: 2 main roads, 1 other
    streets, 0 footways), for maps drawn without a tile server or tiles of their own."""
    box = BBox.parse(bbox)
    async with database.reader() as connection:
        body = await basemap(connection, bbox=box)
    return Response(body, media_type=GEOJSON, headers={"Cache-Control": "public, max-age=3600"})


@router.get(
    "/basemap/tilesets",
    response_model=TileSetList,
    responses=PROBLEM_RESPONSES,
    summary="Vector tile sets of the basemap",
)
async def get_tilesets(database: DatabaseDep, directory: TilesDirDep) -> Response:
    """Return the vector tile sets built for the loaded streets (water, streets and places
    with their names), served by this site; an empty list means: draw `/basemap`."""
    async with database.reader() as connection:
        found = await loaded_tilesets(connection, directory=directory)
    body = TileSetList(
        tilesets=[
            TileSetRead(
                id=s.id,
                area=s.area,
                bounds=s.bounds,
                minzoom=s.minzoom,
                maxzoom=s.maxzoom,
                tiles=TILE_PATH.replace("{tileset}", s.id),
                attribution=ATTRIBUTION,
            )
            for s in found
        ]
    )
    return Response(
        body.model_dump_json(),
        media_type="application/json",
        headers={"Cache-Control": "public, max-age=300"},
    )


@router.get(
    "/basemap/tiles/{tileset}/{z}/{x}/{y}.mvt",
    response_class=Response,
    responses={
        200: {
            "content": {MVT: {"schema": {"type": "string", "format": "binary"}}},
            "description": "The tile (gzip-compressed on the wire when the client accepts it).",
        },
        204: {"description": "The tile set has nothing there."},
        404: {"model": Problem, "content": {"application/problem+json": {}}},
        **PROBLEM_RESPONSES,
    },
    summary="One vector tile of the basemap",
)
async def get_tile(
    directory: TilesDirDep,
    tileset: Annotated[str, PathParam(pattern="^[0-9a-f]{32}$")],
    z: Annotated[int, PathParam(ge=0, le=22)],
    x: Annotated[int, PathParam(ge=0)],
    y: Annotated[int, PathParam(ge=0)],
) -> Response:
    """Return one Mapbox Vector Tile of a tile set listed by `/basemap/tilesets`."""
    tile = await read_tile(tileset, z, x, y, directory=directory)
    headers = {"Cache-Control": _FOREVER}
    if tile is None:
        return Response(status_code=204, headers=headers)
    return Response(tile, media_type=MVT, headers=headers)
