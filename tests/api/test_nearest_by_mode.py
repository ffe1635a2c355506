"""GET /api/v1/services/nearest?by=…: nearest by travel time along the Monaco streets."""

from __future__ import annotations

import math

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from api.schemas.services import ServiceCollection
from geo.db import Database
from geo.streets.network import Path
from geo.streets.routes import route
from geo.values import LonLat
from geo.vocab import Mode
from tests.conftest import add, draft
from tests.geo.test_network import FONTVIEILLE, SEA, _land_points

URL = "/api/v1/services/nearest"


def _metres(a: LonLat, b: tuple[float, float]) -> float:
    lat = math.radians((a.lat + b[1]) / 2)
    return 6_371_008.8 * math.hypot(
        math.radians(b[0] - a.lon) * math.cos(lat), math.radians(b[1] - a.lat)
    )


async def test_services_are_ordered_by_walking_time_with_the_way_there(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    places = await _land_points(connection, 15, seed=11)
    await add(database, *(draft(name=f"S{i}", lon=p.lon, lat=p.lat) for i, p in enumerate(places)))
    await add(database, draft(name="On a boat", lon=SEA.lon, lat=SEA.lat))
    params = {
        "lon": FONTVIEILLE.lon,
        "lat": FONTVIEILLE.lat,
        "by": "foot",
        "limit": 5,
        "route": "true",
    }
    response = await client.get(URL, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    ServiceCollection.model_validate(body)
    assert body["by"] == "foot"
    assert body["unreachable"] == 1  # the boat
    features = body["features"]
    assert len(features) == 5
    durations = [f["properties"]["duration_s"] for f in features]
    assert durations == sorted(durations)
    for f in features:
        where = tuple(f["geometry"]["coordinates"])
        line = f["properties"]["route"]["coordinates"]
        assert line[0] == [FONTVIEILLE.lon, FONTVIEILLE.lat]
        assert line[-1] == pytest.approx(list(where), abs=1e-7)
        assert f["properties"]["distance_m"] >= _metres(FONTVIEILLE, where) - 1

    # The same order as routing to each service on its own; not the straight-line order.
    walks = {}
    for i, p in enumerate(places):
        found = await route(connection, Mode.FOOT, FONTVIEILLE, p)
        assert isinstance(found, Path)
        walks[f"S{i}"] = found.seconds
    by_walk = sorted(walks, key=walks.__getitem__)
    assert [f["properties"]["name"] for f in features] == by_walk[:5]
    for f in features:
        assert f["properties"]["duration_s"] == round(walks[f["properties"]["name"]], 1)
    crow = {f"S{i}": _metres(FONTVIEILLE, (p.lon, p.lat)) for i, p in enumerate(places)}
    assert sorted(crow, key=crow.__getitem__) != by_walk


async def test_without_a_mode_nearest_stays_a_straight_line(
    client: httpx.AsyncClient, database: Database
) -> None:
    await add(database, draft(name="Near"))
    body = (await client.get(URL, params={"lon": 7.42, "lat": 43.735})).json()
    assert "by" not in body
    assert "duration_s" not in body["features"][0]["properties"]


async def test_a_position_in_the_sea_is_a_problem_that_says_why(
    client: httpx.AsyncClient, database: Database
) -> None:
    await add(database, draft(name="Near"))
    response = await client.get(URL, params={"lon": SEA.lon, "lat": SEA.lat, "by": "foot"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/problems/unreachable")
    assert "m from the nearest street usable on foot" in problem["detail"]
    assert str(SEA.lat) not in response.text  # the position is not echoed


async def test_a_route_needs_a_mode_and_modes_are_known(client: httpx.AsyncClient) -> None:
    base = {"lon": FONTVIEILLE.lon, "lat": FONTVIEILLE.lat}
    no_mode = await client.get(URL, params={**base, "route": "true"})
    assert no_mode.status_code == 422
    assert "by=" in no_mode.json()["detail"]
    plane = await client.get(URL, params={**base, "by": "plane"})
    assert plane.status_code == 422
    assert plane.headers["content-type"] == "application/problem+json"
