"""A confidential address never yields a position, address, distance, duration or route, to
anyone but the directory's editors: workers included. It is reached by phone."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from geo.db import Database
from geo.directory.queries.export import exportable_services
from geo.directory.queries.services import nearest_services
from geo.values import Audience, Freshness, LonLat, OpenMatch, ServiceFilter
from tests.conftest import Tenants, add, draft
from tests.geo.test_network import FONTVIEILLE

SHELTER = {
    "name": "Foyer des Lilas",
    "categories": ["emergency-shelter"],
    "lon": 7.41873,
    "lat": 43.73231,
    "visibility": "confidential-address",
    "address": "1 rue Secrète",
    "postcode": "98000",
    "city": "Monaco",
    "phone": "04 93 00 00 00",
}
SECRET = ("rue Secrète", "7.41873,", "43.73231]", "7.41873]", "43.73231,")


async def _shelter(client: httpx.AsyncClient, tenants: Tenants) -> str:
    created = await client.post(
        "/api/v1/services", json=SHELTER, headers=tenants.headers("coordinator_a")
    )
    assert created.status_code == 201, created.text
    return str(created.headers["location"])


def _nothing_located(text: str) -> None:
    for secret in SECRET:
        assert secret not in text


@pytest.mark.parametrize("by", [None, "foot", "bike", "car"])
async def test_nearest_never_yields_it_to_a_worker_whatever_the_mode(
    client: httpx.AsyncClient, database: Database, tenants: Tenants, by: str | None
) -> None:
    await _shelter(client, tenants)
    await add(database, draft(name="CeGIDD", lon=7.418, lat=43.732))
    params: dict[str, str | float] = {"lon": FONTVIEILLE.lon, "lat": FONTVIEILLE.lat}
    if by:
        params.update(by=by, route="true")
    for who in ("worker_a", "worker_b", "coordinator_a"):
        for extra in ({}, {"category": "emergency-shelter"}, {"open_now": "true"}):
            response = await client.get(
                "/api/v1/services/nearest", params={**params, **extra}, headers=tenants.headers(who)
            )
            assert response.status_code == 200, response.text
            names = [f["properties"]["name"] for f in response.json()["features"]]
            assert SHELTER["name"] not in names
            _nothing_located(response.text)


async def test_lists_show_it_by_phone_with_nothing_to_walk_or_measure(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    await _shelter(client, tenants)
    for headers in ({}, tenants.headers("worker_a")):
        inside = await client.get(
            "/api/v1/services", params={"bbox": "7.40,43.72,7.44,43.76"}, headers=headers
        )
        assert SHELTER["name"] not in inside.text
        listed = await client.get(
            "/api/v1/services",
            params={"category": "emergency-shelter", "reach": "phone"},
            headers=headers,
        )
        assert listed.status_code == 200, listed.text
        [found] = [
            f for f in listed.json()["features"] if f["properties"]["name"] == SHELTER["name"]
        ]
        assert found["geometry"] is None
        p = found["properties"]
        assert p["location_hidden"] is True
        assert (p["address"], p["postcode"], p["city"], p["distance_m"]) == (None,) * 4
        assert p["phone"] == SHELTER["phone"]
        _nothing_located(listed.text)


async def test_reach_phone_takes_no_area(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/api/v1/services", params={"reach": "phone", "bbox": "7.40,43.72,7.44,43.76"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "reach" in response.text


async def test_one_service_is_withheld_from_workers_and_shown_to_editors(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    location = await _shelter(client, tenants)
    for who in (None, "worker_a", "worker_b"):
        read = await client.get(location, headers=tenants.headers(who) if who else {})
        assert read.status_code == 200
        assert read.json()["properties"]["location_hidden"] is True
        _nothing_located(read.text)
    editor = await client.get(location, headers=tenants.headers("coordinator_a"))
    assert editor.json()["properties"]["address"] == "1 rue Secrète"
    assert editor.json()["geometry"] is not None


async def test_the_round_sheet_query_never_lists_it_near_a_stop(
    database: Database, client: httpx.AsyncClient, tenants: Tenants
) -> None:
    await _shelter(client, tenants)
    at = datetime(2026, 12, 1, 23, 0, tzinfo=UTC)
    async with database.reader() as reader:
        for match in OpenMatch:
            found = await nearest_services(
                reader,
                freshness=Freshness(),
                audience=Audience.MEMBER,
                origin=LonLat(FONTVIEILLE.lon, FONTVIEILLE.lat),
                filters=ServiceFilter(open_at=at, open_match=match),
                at=at,
                limit=50,
                max_distance_m=2000,
            )
            assert SHELTER["name"] not in [v.record.name for v in found]


async def test_open_data_exports_leave_it_out(
    database: Database, client: httpx.AsyncClient, tenants: Tenants
) -> None:
    await _shelter(client, tenants)
    async with database.session() as session:
        exported = await exportable_services(session)
    assert SHELTER["name"] not in [r.name for r in exported]
