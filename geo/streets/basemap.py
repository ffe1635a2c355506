"""The light basemap drawn from the loaded street network when no tile server is configured."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import text

from geo.db import Reader
from geo.values import BBox

LARGE_AREA_DEG2 = 0.25
"""Above this many square degrees only the main roads are drawn."""

# k: 2 main roads (a car keeps ≥ 40 km/h), 1 other streets cars use, 0 walkers' ways.
_BASEMAP = text("""
    SELECT coalesce(json_agg(json_build_object(
             'type', 'Feature', 'properties', json_build_object('k', k),
             'geometry', ST_AsGeoJSON(ST_Simplify(geom, :tolerance), 5)::json)), '[]')::text
    FROM (
        SELECT geom,
               CASE WHEN greatest(car_s, car_reverse_s) > 0
                         AND length_m / greatest(car_s, car_reverse_s) >= 11 THEN 2
                    WHEN greatest(car_s, car_reverse_s) > 0 THEN 1
                    ELSE 0 END AS k
        FROM road_edge
        WHERE geom && ST_MakeEnvelope(:w, :s, :e, :n, 4326)
    ) AS roads
    WHERE k >= :least
""")


async def basemap(reader: Reader, *, bbox: BBox, least: int | None = None) -> bytes:
    """Return the streets within `bbox` as a GeoJSON FeatureCollection (bytes, ready to send);
    no zone, service or anything but streets. `least`: the least kind drawn (by default, every
    kind but on large areas, main roads only)."""
    large = (bbox.east - bbox.west) * (bbox.north - bbox.south) > LARGE_AREA_DEG2
    params = {
        "w": bbox.west,
        "s": bbox.south,
        "e": bbox.east,
        "n": bbox.north,
        "tolerance": 0.0003 if large else 0.00003,
        "least": least if least is not None else 2 if large else 0,
    }
    features = (await reader.execute(_BASEMAP, params)).scalar_one()
    return b'{"type":"FeatureCollection","features":' + str(features).encode() + b"}"


@dataclass(frozen=True, slots=True)
class StreetLine:
    """A stretch of street to draw: `kind` 2 a main road, 1 another street, 0 a walkers' way;
    `line` in (lon, lat)."""

    kind: int
    line: tuple[tuple[float, float], ...]


async def street_lines(reader: Reader, *, bbox: BBox, least: int = 0) -> tuple[StreetLine, ...]:
    """Return the streets within `bbox` of kind `least` or more as typed lines, for a map
    drawn into a file."""
    collection = json.loads(await basemap(reader, bbox=bbox, least=least))
    return tuple(
        StreetLine(
            int(f["properties"]["k"]), tuple((x, y) for x, y in f["geometry"]["coordinates"])
        )
        for f in collection["features"]
        if f["geometry"]["type"] == "LineString"
    )
