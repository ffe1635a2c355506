"""GeoJSON geometries in, validated shapes out: each refusal says what is wrong, not where.

Messages name the problem (self-intersection, unclosed ring, out-of-range coordinates, too many
vertices) and never echo coordinates: a zone's position must not travel in error bodies.
"""

from __future__ import annotations

import math
import re
from typing import Any

import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

MAX_VERTICES = 10_000
ALLOWED = ("Point", "LineString", "Polygon")


class GeometryError(ValueError):
    """A geometry that cannot be stored; the message says why."""


def _position(value: Any, where: str) -> tuple[float, float]:
    if not isinstance(value, list | tuple) or len(value) not in (2, 3):
        raise GeometryError(f"{where}: a position is [longitude, latitude]")
    try:
        lon, lat = float(value[0]), float(value[1])
    except (TypeError, ValueError) as exc:
        raise GeometryError(f"{where}: coordinates must be numbers") from exc
    if not (math.isfinite(lon) and -180 <= lon <= 180 and math.isfinite(lat) and -90 <= lat <= 90):
        raise GeometryError(f"{where}: coordinates out of range (longitude ±180, latitude ±90)")
    return lon, lat


def _positions(value: Any, where: str) -> list[tuple[float, float]]:
    if not isinstance(value, list | tuple):
        raise GeometryError(f"{where}: expected a list of positions")
    return [_position(p, f"{where} position {i}") for i, p in enumerate(value)]


def _ring(value: Any, where: str) -> list[tuple[float, float]]:
    ring = _positions(value, where)
    if len(ring) < 4:
        raise GeometryError(f"{where}: a ring needs at least 4 positions")
    if ring[0] != ring[-1]:
        raise GeometryError(f"{where}: the ring is not closed (last position must equal first)")
    return ring


def _line(coords: Any) -> BaseGeometry:
    line = _positions(coords, "line")
    if len(line) < 2:
        raise GeometryError("line: needs at least 2 positions")
    return LineString(line)


def _polygon(coords: Any) -> BaseGeometry:
    if not isinstance(coords, list | tuple) or not coords:
        raise GeometryError("polygon: expected a list of rings")
    rings = [_ring(r, f"polygon ring {i}") for i, r in enumerate(coords)]
    return Polygon(rings[0], rings[1:])


def _vertices(kind: str, coords: Any) -> int:
    """Count positions before building anything (a huge input is refused cheaply)."""
    if kind == "LineString":
        return len(coords) if isinstance(coords, list | tuple) else 0
    if kind == "Polygon" and isinstance(coords, list | tuple):
        return sum(len(r) if isinstance(r, list | tuple) else 0 for r in coords)
    return 1


def parse_geometry(value: Any) -> BaseGeometry:
    """Validate a GeoJSON Point, LineString or Polygon in WGS 84 and return the shape."""
    if not isinstance(value, dict) or "type" not in value or "coordinates" not in value:
        raise GeometryError("expected a GeoJSON geometry with 'type' and 'coordinates'")
    kind, coords = value["type"], value["coordinates"]
    if kind not in ALLOWED:
        raise GeometryError(f"geometry type must be one of {', '.join(ALLOWED)}, not {kind!r}")
    count = _vertices(kind, coords)
    if count > MAX_VERTICES:
        raise GeometryError(f"too many vertices ({count} > {MAX_VERTICES})")
    builders = {"Point": lambda c: Point(_position(c, "point")), "LineString": _line}
    shape: BaseGeometry = builders.get(kind, _polygon)(coords)
    if not shape.is_valid:
        reason = re.sub(r"\[.*?\]", "", shapely.is_valid_reason(shape)).strip()
        raise GeometryError(f"invalid geometry: {reason.lower() or 'not valid'}")
    return shape


def to_geojson(shape: BaseGeometry) -> dict[str, Any]:
    """Return the GeoJSON mapping of a shape."""
    out: dict[str, Any] = shapely.geometry.mapping(shape)
    return out
