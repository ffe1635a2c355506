"""Tiles of the public services on the fixed web-map grid: Mapbox Vector Tiles (`ST_AsMVT`)
and the same points as GeoJSON for the public map. Below `DETAIL_ZOOM` the services of a
tile are grouped in cells of 32 pixels (a point, its count, and the service's id and name
when the cell holds one); from it on, each service is a point.

A tile is chosen by its zoom, column and row only: the same tile for every visitor looking
at that part of the map, never a box around anyone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text

from geo.db import Reader
from geo.errors import InvalidParameter, NotFound
from geo.opendata.kinds import Kinds

DETAIL_ZOOM = 12
"""From this zoom on, every service is its own point."""
NEAR_ZOOM = 10
"""'Near me' on a tiled map loads the detail tiles of the tile of this zoom that holds the
visitor (about 40 km across in France): the same for everyone in it."""
MAX_ZOOM = 16
EXTENT = 4096
BUFFER = 64
CELL = 512
"""The side of a grouping cell, in tile units (4096 a tile of 256 pixels: 32 pixels)."""
LAYER = "services"
CELLS_BELOW = 10
"""Below this zoom, tiles count from `service_cell` (tiles of zoom 11, kept by triggers), not
from the services: a tile of France at zoom 5 holds a quarter of a million of them. At zoom 9
a cell is a tile of zoom 11 (64 pixels), below it a tile of zoom z + 3 (32 pixels)."""
CELL_ZOOM = 11


@dataclass(frozen=True, slots=True)
class Tile:
    """A tile of the web-map grid (EPSG:3857)."""

    z: int
    x: int
    y: int

    def __post_init__(self) -> None:
        if not 0 <= self.z <= MAX_ZOOM:
            raise InvalidParameter("z", f"zoom must be between 0 and {MAX_ZOOM}")
        side = 1 << self.z
        if not (0 <= self.x < side and 0 <= self.y < side):
            raise NotFound(f"no such tile: column and row are below {side} at zoom {self.z}")

    @property
    def detailed(self) -> bool:
        """Whether each service is its own point in this tile."""
        return self.z >= DETAIL_ZOOM


def _filters(kinds: Kinds, shown_since: date) -> tuple[str, dict[str, Any]]:
    where, params = kinds.clauses("s")
    return " AND ".join(["s.last_verified >= :shown_since", *where]), params | {
        "shown_since": shown_since
    }


def _cell_filters(kinds: Kinds, tile: Tile, shown_since: date) -> tuple[str, dict[str, Any]]:
    """The cells of the tile, grouped by the tile of zoom z + 3 (8 x 8 in the tile; zoom 11 at
    most) they fall in.
    Their last check is known to the month: one checked in the month `shown_since` falls in
    is counted (a month at most, on national zooms only)."""
    span = CELL_ZOOM - tile.z
    where = [
        "c.x >= :x0 AND c.x < :x1 AND c.y >= :y0 AND c.y < :y1",
        "c.checked >= date_trunc('month', CAST(:shown_since AS date))",
    ]
    params: dict[str, Any] = {
        "x0": tile.x << span,
        "x1": (tile.x + 1) << span,
        "y0": tile.y << span,
        "y1": (tile.y + 1) << span,
        "shift": max(0, span - 3),
        "shown_since": shown_since,
    }
    filters, bound = kinds.clauses("c")
    return " AND ".join(where + filters), params | bound


def _counted(where: str, *, filtered: bool) -> str:
    """Groups counted from the cells (from their totals without a filter): their count and
    mean position (WGS 84)."""
    table = "opendata.service_cell" if filtered else "opendata.service_cell_total"
    return f"""
        WITH counted AS (
            SELECT sum(c.services)::int AS count,
                   sum(c.lon_sum) / sum(c.services) AS lon,
                   sum(c.lat_sum) / sum(c.services) AS lat
            FROM {table} c WHERE {where}
            GROUP BY c.x >> :shift, c.y >> :shift HAVING sum(c.services) > 0
        )
    """


def _points(where: str) -> str:
    """The services of a tile, in tile units (y down), clipped to the tile and its buffer."""
    return f"""
        WITH env AS (
            SELECT ST_TileEnvelope(:z, :x, :y) AS merc,
                   ST_Transform(ST_TileEnvelope(:z, :x, :y,
                       margin => {BUFFER / EXTENT}), 4326) AS geo
        )
        SELECT s.id, s.name, s.categories,
               ST_AsMVTGeom(ST_Transform(s.geom, 3857), env.merc, {EXTENT}, {BUFFER}, true) AS g
        FROM opendata.service s, env
        WHERE s.geom && env.geo AND {where}
    """


def _groups(where: str, *, clipped: bool = False) -> str:
    """Cells of CELL tile units: their mean point, count, and the one service's id, name and
    categories when the cell holds one. `clipped`: without the buffer, so that a map joining
    tiles counts each service once."""
    inside = f" AND ST_X(g) >= 0 AND ST_X(g) < {EXTENT} AND ST_Y(g) >= 0 AND ST_Y(g) < {EXTENT}"
    return f"""
        WITH p AS ({_points(where)}),
        cell AS (
            SELECT count(*) AS count,
                   ST_MakePoint(avg(ST_X(g)), avg(ST_Y(g))) AS g,
                   CASE WHEN count(*) = 1 THEN min(id::text) END AS id,
                   CASE WHEN count(*) = 1 THEN min(name) END AS name,
                   CASE WHEN count(*) = 1 THEN min(array_to_string(categories, ',')) END
                       AS categories
            FROM p WHERE g IS NOT NULL{inside if clipped else ""}
            GROUP BY floor(ST_X(g) / {CELL}), floor(ST_Y(g) / {CELL})
        )
    """


async def vector_tile(reader: Reader, tile: Tile, *, kinds: Kinds, shown_since: date) -> bytes:
    """Return the tile as a Mapbox Vector Tile, layer `services` (empty bytes: nothing)."""
    if tile.z < CELLS_BELOW:
        where, params = _cell_filters(kinds, tile, shown_since)
        params.update(z=tile.z, x=tile.x, y=tile.y)
        counted = _counted(where, filtered=kinds != Kinds())
        sql = (
            f"{counted} SELECT ST_AsMVT(q, '{LAYER}', {EXTENT}, 'g') FROM ("
            " SELECT NULL::text AS id, NULL::text AS name, NULL::text AS categories, count,"
            f" ST_AsMVTGeom(ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 3857),"
            f" ST_TileEnvelope(:z, :x, :y), {EXTENT}, {BUFFER}, true) AS g FROM counted) q"
        )
        found = (await reader.execute(text(sql), params)).scalar_one()
        return bytes(found or b"")
    where, params = _filters(kinds, shown_since)
    params.update(z=tile.z, x=tile.x, y=tile.y)
    if tile.detailed:
        sql = (
            f"WITH p AS ({_points(where)}) "
            f"SELECT ST_AsMVT(q, '{LAYER}', {EXTENT}, 'g') FROM ("
            " SELECT id::text AS id, name, array_to_string(categories, ',') AS categories,"
            " 1 AS count, g FROM p WHERE g IS NOT NULL) q"
        )
    else:
        sql = (
            f"{_groups(where)} SELECT ST_AsMVT(q, '{LAYER}', {EXTENT}, 'g') FROM ("
            " SELECT id, name, categories, count, g FROM cell) q"
        )
    found = (await reader.execute(text(sql), params)).scalar_one()
    return bytes(found or b"")


async def group_tile(reader: Reader, tile: Tile, *, kinds: Kinds, shown_since: date) -> str:
    """Return the grouped services of a tile as a GeoJSON FeatureCollection of points with
    their `count` (WGS 84), for the public map's zooms below DETAIL_ZOOM."""
    if tile.z < CELLS_BELOW:
        where, params = _cell_filters(kinds, tile, shown_since)
        sql = f"""
            {_counted(where, filtered=kinds != Kinds())}
            SELECT json_build_object('type', 'FeatureCollection', 'features',
                coalesce(json_agg(json_build_object(
                    'type', 'Feature',
                    'geometry', ST_AsGeoJSON(ST_MakePoint(lon, lat), 6)::json,
                    'properties', json_build_object('count', count, 'id', NULL, 'name', NULL)
                ) ORDER BY count DESC), '[]'))::text
            FROM counted
        """
        cells: str = (await reader.execute(text(sql), params)).scalar_one()
        return cells
    where, params = _filters(kinds, shown_since)
    params.update(z=tile.z, x=tile.x, y=tile.y)
    # Back from tile units (y down) to the tile's place in EPSG:3857, then to WGS 84.
    sql = f"""
        {_groups(where, clipped=True)},
        env AS (SELECT ST_TileEnvelope(:z, :x, :y) AS merc)
        SELECT json_build_object('type', 'FeatureCollection', 'features',
            coalesce(json_agg(json_build_object(
                'type', 'Feature',
                'geometry', ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_MakePoint(
                    ST_XMin(env.merc) + ST_X(cell.g) * (ST_XMax(env.merc) - ST_XMin(env.merc))
                        / {EXTENT},
                    ST_YMax(env.merc) - ST_Y(cell.g) * (ST_YMax(env.merc) - ST_YMin(env.merc))
                        / {EXTENT}), 3857), 4326), 6)::json,
                'properties', json_build_object('count', cell.count, 'id', cell.id,
                    'name', cell.name)
            ) ORDER BY cell.count DESC), '[]'))::text
        FROM cell, env
    """
    found: str = (await reader.execute(text(sql), params)).scalar_one()
    return found
