"""The street network of Monaco: times against a plain Dijkstra, one-way streets, steps,
points off the network, routes."""

from __future__ import annotations

import random
from pathlib import Path

import osmium
import pytest
from shapely.geometry import LineString, Point
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from datasets.demo_loader import DEMO_ROADS, demo_dir
from geo.streets.network import (
    SNAP_LIMIT_M,
    Snap,
    Unreachable,
    edges_sql,
    network_seconds,
    snap,
    travel_matrix,
)
from geo.streets.network import Path as RoutePath
from geo.streets.routes import route
from geo.values import LonLat
from geo.vocab import Mode
from tests.routing_reference import reference_seconds

SEA = LonLat(7.44, 43.72)
FONTVIEILLE, CASINO = LonLat(7.4167, 43.7313), LonLat(7.4277, 43.7397)


async def _land_points(connection: AsyncConnection, n: int, seed: int) -> list[LonLat]:
    """Return points near streets every mode uses, up to ~40 m off them, in Monaco."""
    rows = (
        await connection.execute(
            text(
                "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_LineInterpolatePoint(geom, 0.5) AS p "
                "FROM road_edge WHERE car_main AND bike_main AND foot_main "
                "AND geom && ST_MakeEnvelope(7.409, 43.724, 7.44, 43.752, 4326) ORDER BY id) s"
            )
        )
    ).all()
    rng = random.Random(seed)
    return [
        LonLat(lon + rng.uniform(-3e-4, 3e-4), lat + rng.uniform(-3e-4, 3e-4))
        for lon, lat in rng.sample(rows, n)
    ]


@pytest.mark.parametrize("mode", list(Mode))
async def test_network_times_agree_with_a_plain_dijkstra(
    connection: AsyncConnection, mode: Mode
) -> None:
    points = await _land_points(connection, 80, seed=3)
    spots = [s for s in await snap(connection, mode, points) if isinstance(s, Snap)]
    assert len(spots) == len(points)
    ours = await network_seconds(connection, mode, spots, points)
    edges = [tuple(row) for row in await connection.execute(text(edges_sql(mode, points)))]
    reference = reference_seconds(edges, [(s.edge, s.fraction) for s in spots])  # type: ignore[arg-type]
    compared = 0
    for i in range(len(spots)):
        for j in range(len(spots)):
            a, b = ours[i][j], reference[i][j]
            assert (a is None) == (b is None), (i, j, a, b)
            if a is not None and b is not None:
                assert a == pytest.approx(b, abs=1.0)
                compared += 1
    assert compared > 0.9 * len(spots) ** 2  # points snap to the connected network


async def test_the_matrix_adds_the_walk_to_and_from_the_street(
    connection: AsyncConnection,
) -> None:
    points = await _land_points(connection, 6, seed=5)
    matrix = await travel_matrix(connection, Mode.CAR, points)
    spots = [s for s in matrix.snaps if isinstance(s, Snap)]
    assert len(spots) == len(points)
    inner = await network_seconds(connection, Mode.CAR, spots, points)
    for i in range(len(points)):
        assert matrix.seconds[i][i] == 0
        for j in range(len(points)):
            if i != j:
                want = spots[i].access_s + inner[i][j] + spots[j].access_s  # type: ignore[operator]
                assert matrix.seconds[i][j] == pytest.approx(want)


async def _one_way_street(connection: AsyncConnection) -> tuple[LonLat, LonLat]:
    row = (
        await connection.execute(
            text(
                "SELECT ST_AsText(ST_LineInterpolatePoint(geom, 0.3)), "
                "ST_AsText(ST_LineInterpolatePoint(geom, 0.7)) FROM road_edge "
                "WHERE car_main AND car_s > 0 AND car_reverse_s < 0 AND foot_main "
                "AND foot_s > 0 AND foot_reverse_s > 0 AND length_m > 120 ORDER BY id LIMIT 1"
            )
        )
    ).one()

    def point(wkt: str) -> LonLat:
        lon, lat = wkt.removeprefix("POINT(").removesuffix(")").split()
        return LonLat(float(lon), float(lat))

    return point(row[0]), point(row[1])


async def test_a_one_way_street_is_longer_against_its_direction_by_car_only(
    connection: AsyncConnection,
) -> None:
    a, b = await _one_way_street(connection)
    along = await route(connection, Mode.CAR, a, b)
    against = await route(connection, Mode.CAR, b, a)
    assert isinstance(along, RoutePath)
    assert isinstance(against, RoutePath)
    assert against.seconds > along.seconds + 10
    assert against.metres > along.metres
    walk_there = await route(connection, Mode.FOOT, a, b)
    walk_back = await route(connection, Mode.FOOT, b, a)
    assert isinstance(walk_there, RoutePath)
    assert isinstance(walk_back, RoutePath)
    assert walk_back.seconds == pytest.approx(walk_there.seconds, abs=1.0)


class _Steps(osmium.SimpleHandler):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[int] = []

    def way(self, w: osmium.osm.Way) -> None:
        if w.tags.get("highway") == "steps" and "bicycle" not in w.tags:
            self.ids.append(w.id)


async def test_steps_are_walkable_but_not_cyclable(connection: AsyncConnection) -> None:
    steps = _Steps()
    steps.apply_file(str(Path(demo_dir()) / DEMO_ROADS))
    assert len(steps.ids) > 20  # Monaco climbs
    rows = (
        await connection.execute(
            text(
                "SELECT foot_s, foot_reverse_s, bike_s, bike_reverse_s, car_s FROM road_edge "
                "WHERE osm_way_id = ANY(:ids)"
            ),
            {"ids": steps.ids},
        )
    ).all()
    assert rows
    for foot, foot_back, bike, bike_back, car in rows:
        assert foot > 0
        assert foot_back > 0
        assert bike == bike_back == car == -1


async def test_a_point_in_the_sea_is_unreachable_with_a_reason(
    connection: AsyncConnection,
) -> None:
    [found] = await snap(connection, Mode.FOOT, [SEA])
    assert isinstance(found, Unreachable)
    assert found.distance_m is not None
    assert found.distance_m > SNAP_LIMIT_M
    assert "m from the nearest street usable on foot" in found.reason
    far = await route(connection, Mode.FOOT, SEA, CASINO)
    assert isinstance(far, Unreachable)
    assert far.reason.startswith("the start is")


async def test_a_route_runs_from_one_point_to_the_other_along_the_streets(
    connection: AsyncConnection,
) -> None:
    a, b = FONTVIEILLE, CASINO
    found = await route(connection, Mode.FOOT, a, b)
    assert isinstance(found, RoutePath)
    line = LineString(found.coords)
    assert found.coords[0] == (a.lon, a.lat)
    assert found.coords[-1] == (b.lon, b.lat)
    straight = Point(a.lon, a.lat).distance(Point(b.lon, b.lat))
    assert line.length > straight  # in degrees, both
    assert found.metres > 1000
    # Walking at 4.5 km/h (slower on steps): the time and the length agree.
    assert found.metres / 1.25 <= found.seconds <= found.metres / 1.25 / 0.6
