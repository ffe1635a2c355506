"""What the map pages draw besides services: the basemap of the loaded streets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import DatabaseDep
from api.responses import GEOJSON
from api.schemas.common import PROBLEM_RESPONSES
from api.schemas.queries import BBOX_PATTERN
from geo.streets.basemap import basemap
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
    streets, 0 footways), for maps drawn without a tile server."""
    box = BBox.parse(bbox)
    async with database.reader() as connection:
        body = await basemap(connection, bbox=box)
    return Response(body, media_type=GEOJSON, headers={"Cache-Control": "public, max-age=3600"})
