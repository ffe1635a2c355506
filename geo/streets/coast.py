"""The sea and the land of an extract, assembled from its coastline: OpenStreetMap maps the sea
as no polygon at all, only as coastline ways with the land on their left, so a basemap built
from one extract has to close them against the extract's edge itself."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge, polygonize, unary_union

Coords = Sequence[tuple[float, float]]

EDGE_TOLERANCE_DEG = 0.002
"""How far (about 200 m) a coastline may stop short of the extract's edge and still be taken
as cut by it; a coastline broken further inside gives no sea rather than a wrong one."""
_SIDE_DEG = 1e-6
"""How far beside a coastline segment a probe point is put to tell its sea side."""


@dataclass(frozen=True, slots=True)
class Coast:
    """The extract's box split into sea and land (polygons with holes, lon/lat)."""

    sea: tuple[Polygon, ...]
    land: tuple[Polygon, ...]


def _to_edge(line: LineString, frame: Polygon) -> LineString | None:
    """Prolong an open coastline to the nearest point of the box's edge (where the extract cut
    it); return None when an end is too far from the edge for that to be the reason."""
    coords = list(line.coords)
    if line.is_ring:
        return line
    for index in (0, -1):
        end = Point(coords[index])
        if not frame.contains(end):
            continue
        if frame.exterior.distance(end) > EDGE_TOLERANCE_DEG:
            return None
        nearest = frame.exterior.interpolate(frame.exterior.project(end))
        if index == 0:
            coords.insert(0, (nearest.x, nearest.y))
        else:
            coords.append((nearest.x, nearest.y))
    return LineString(coords)


def _probes(lines: Sequence[LineString]) -> tuple[list[Point], list[Point]]:
    """Return points just right (the sea) and just left (the land) of each coastline segment."""
    right: list[Point] = []
    left: list[Point] = []
    for line in lines:
        c = list(line.coords)
        for (x0, y0), (x1, y1) in zip(c, c[1:], strict=False):
            length = math.hypot(x1 - x0, y1 - y0)
            if length < 20 * _SIDE_DEG:
                continue
            mx, my = (x0 + x1) / 2, (y0 + y1) / 2
            nx, ny = (y1 - y0) / length * _SIDE_DEG, (x0 - x1) / length * _SIDE_DEG
            right.append(Point(mx + nx, my + ny))
            left.append(Point(mx - nx, my - ny))
    return right, left


def _polygons(shape: BaseGeometry) -> list[Polygon]:
    if isinstance(shape, Polygon):
        return [] if shape.is_empty else [shape]
    if isinstance(shape, MultiPolygon):
        return list(shape.geoms)
    return [g for g in getattr(shape, "geoms", ()) if isinstance(g, Polygon)]


def split_coast(coastlines: Sequence[Coords], bbox: tuple[float, float, float, float]) -> Coast:
    """Split the box (west, south, east, north) into sea and land along the coastlines; no
    coastline, or one too broken to close, gives land only."""
    frame = box(*bbox)
    merged = linemerge([LineString(c) for c in coastlines if len(c) >= 2])
    parts = list(getattr(merged, "geoms", [merged])) if not merged.is_empty else []
    closed = [_to_edge(p, frame) for p in parts]
    if any(p is None for p in closed):
        return Coast((), (frame,))
    lines = [p for p in closed if p is not None]
    clipped = [g for p in lines for g in _lines(p.intersection(frame))]
    if not clipped:
        return Coast((), (frame,))
    faces = list(polygonize(unary_union([frame.exterior, *clipped])))
    right, left = _probes(clipped)
    sea: list[Polygon] = []
    land: list[Polygon] = []
    for face in faces:
        prepared = shapely.prepared.prep(face)
        wet = sum(1 for p in right if prepared.contains(p))
        dry = sum(1 for p in left if prepared.contains(p))
        (sea if wet > dry else land).append(face)
    return Coast(tuple(_polygons(unary_union(sea))), tuple(_polygons(unary_union(land))))


def _lines(shape: BaseGeometry) -> list[LineString]:
    if isinstance(shape, LineString):
        return [] if shape.is_empty else [shape]
    return [g for g in getattr(shape, "geoms", ()) if isinstance(g, LineString)]
