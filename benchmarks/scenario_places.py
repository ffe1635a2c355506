"""Place points ashore around a city centre and measure distances between them."""

from __future__ import annotations

import math
import random

EARTH_RADIUS_M = 6_371_008.8
NICE = (7.2620, 43.7000)
PARIS = (2.3488, 48.8534)
CITIES: dict[str, tuple[float, float]] = {"nice": NICE, "paris": PARIS}
# Where the sea is south of the land, as (lon, lat) points west to east: zones stay ashore.
COASTLINES: dict[tuple[float, float], tuple[tuple[float, float], ...]] = {
    NICE: (
        (7.150, 43.655),
        (7.196, 43.655),
        (7.210, 43.652),
        (7.222, 43.664),
        (7.230, 43.679),
        (7.245, 43.688),
        (7.259, 43.694),
        (7.270, 43.695),
        (7.280, 43.693),
        (7.287, 43.695),
        (7.295, 43.688),
        (7.305, 43.690),
        (7.312, 43.700),
        (7.330, 43.707),
        (7.360, 43.718),
        (7.380, 43.725),
    ),
}


def _offset(center: tuple[float, float], east_m: float, north_m: float) -> tuple[float, float]:
    """Return the point `east_m` east and `north_m` north of `center`, as (lon, lat)."""
    lon, lat = center
    metres_per_degree = math.pi * EARTH_RADIUS_M / 180
    new_lat = lat + north_m / metres_per_degree
    new_lon = lon + east_m / (metres_per_degree * math.cos(math.radians(lat)))
    return round(new_lon, 5), round(new_lat, 5)


def _ashore(center: tuple[float, float], point: tuple[float, float]) -> bool:
    """Return False when the point lies south of the city's coastline (in the sea)."""
    coast = COASTLINES.get(center)
    if coast is None:
        return True
    lon, lat = point
    lon = min(max(lon, coast[0][0]), coast[-1][0])
    for (lon0, lat0), (lon1, lat1) in zip(coast, coast[1:], strict=False):
        if lon0 <= lon <= lon1:
            return lat >= lat0 + (lat1 - lat0) * (lon - lon0) / (lon1 - lon0)
    return True


def draw_place(
    rng: random.Random, center: tuple[float, float], inner_km: float, outer_km: float, far: float
) -> tuple[float, float]:
    """Draw a point ashore: uniform within `inner_km`, or in the ring out to `outer_km`."""
    while True:
        if rng.random() < far:
            radius = inner_km + (outer_km - inner_km) * rng.random()
        else:
            radius = inner_km * math.sqrt(rng.random())
        bearing = rng.uniform(0.0, 2 * math.pi)
        point = _offset(
            center, 1000 * radius * math.sin(bearing), 1000 * radius * math.cos(bearing)
        )
        if _ashore(center, point):
            return point


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the great-circle distance in metres between two (lon, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))
