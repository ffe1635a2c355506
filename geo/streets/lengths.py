"""Lengths along a street: great-circle metres between its points, the same measure as the
planner's straight-line travel model, so both agree on a street's length."""

from __future__ import annotations

from collections.abc import Sequence

from planner.model import Point
from planner.travel import haversine_m


def line_metres(coords: Sequence[tuple[float, float]]) -> float:
    """Return the length of a line of (lon, lat) points, in metres."""
    points = [Point(lon, lat) for lon, lat in coords]
    return sum(haversine_m(a, b) for a, b in zip(points, points[1:], strict=False))
