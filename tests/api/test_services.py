"""The directory API over the real database: filters, paging, opening state, visibility."""

from __future__ import annotations

import re

import httpx
import pytest

from api.schemas.categories import CategoryList
from api.schemas.services import ServiceCollection, ServiceFeature
from geo.db import Database
from tests.conftest import add, draft

GEOJSON = "application/geo+json"


async def _features(client: httpx.AsyncClient, url: str, **params: object) -> ServiceCollection:
    response = await client.get(url, params=params)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == GEOJSON
    return ServiceCollection.model_validate_json(response.content)


def _names(collection: ServiceCollection) -> list[str]:
    return [f.properties.name for f in collection.features]


async def test_categories_are_the_design_table(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/categories")
    assert response.status_code == 200
    slugs = [c.slug for c in CategoryList.model_validate_json(response.content).categories]
    assert slugs == [
        "emergency-care",
        "general-care",
        "trod",
        "cegidd",
        "sexual-health-centre",
        "csapa",
        "caarud",
        "scmr",
        "pregnancy-ivg",
        "prep-pep",
        "police-trained",
        "social-rights",
        "exit-pathway",
        "protection-assistance",
        "emergency-shelter",
        "vaccination",
        "mental-health",
        "hygiene",
        "food",
        "community-health",
        "police",
        "pharmacy",
    ]
    first = response.json()["categories"][3]
    assert first["labels"]["en"].startswith("CeGIDD")
    assert first["finess"] == ["638"]


async def test_nearest_orders_by_distance_with_metres(
    client: httpx.AsyncClient, database: Database
) -> None:
    await add(
        database,
        draft(name="Far", lon=7.45, lat=43.74),
        draft(name="Near", lon=7.421, lat=43.74),
        draft(name="Middle", lon=7.43, lat=43.74),
    )
    got = await _features(client, "/api/v1/services/nearest", lon=7.42, lat=43.74, limit=3)
    assert _names(got) == ["Near", "Middle", "Far"]
    near = got.features[0].properties.distance_m
    assert near is not None
    assert 75 < near < 90  # 0.001° of longitude at 43.74° N is about 80 m


async def test_nearest_filters_category_language_and_radius(
    client: httpx.AsyncClient, database: Database
) -> None:
    await add(
        database,
        draft(name="CSAPA ro", categories=["csapa"], languages=["fr", "ro"], lon=7.43, lat=43.74),
        draft(name="CSAPA fr", categories=["csapa"], languages=["fr"], lon=7.421, lat=43.74),
        draft(name="CeGIDD ro", categories=["cegidd"], languages=["ro"], lon=7.4201, lat=43.74),
    )
    url = "/api/v1/services/nearest"
    got = await _features(client, url, lon=7.42, lat=43.74, category="csapa", language="ro")
    assert _names(got) == ["CSAPA ro"]
    got = await _features(client, url, lon=7.42, lat=43.74, category="csapa", max_distance_m=200)
    assert _names(got) == ["CSAPA fr"]


async def test_open_at_keeps_k_results_and_respects_holidays_and_closures(
    client: httpx.AsyncClient, database: Database
) -> None:
    await add(
        database,
        draft(name="Day", opening_hours="Mo-Fr 09:00-17:00; PH off", lon=7.4201, lat=43.74),
        draft(name="Night bus", opening_hours="Mo-Sa 21:00-02:00; PH off", lon=7.421, lat=43.74),
        draft(
            name="Closed for works",
            opening_hours="24/7",
            closures=[{"start": "2026-12-14", "end": "2026-12-20"}],
            lon=7.422,
            lat=43.74,
        ),
        draft(name="Always", opening_hours="24/7", lon=7.45, lat=43.74),
        draft(name="Unknown hours", lon=7.4202, lat=43.74),
    )
    url = "/api/v1/services/nearest"
    # Tuesday 15 December 2026, 01:30 in Paris: the Monday night bus still runs.
    night = await _features(client, url, lon=7.42, lat=43.74, open_at="2026-12-15T01:30:00+01:00")
    # Known open first (the 24/7 one is open around the clock), then hours unknown: never
    # hidden, each in its group.
    assert _names(night) == ["Night bus", "Always", "Unknown hours"]
    groups = [f.properties.opening_group for f in night.features]
    assert groups == ["open", "around-the-clock", "unknown"]
    assert night.features[0].properties.closes_at is not None
    assert night.features[0].properties.closes_at.hour == 2
    # Christmas (PH): day service and night bus are closed; two results still asked for.
    xmas = await _features(
        client,
        url,
        lon=7.42,
        lat=43.74,
        open_at="2026-12-25T11:00:00+01:00",
        limit=2,
        unknown_hours="exclude",
    )
    assert _names(xmas) == ["Closed for works", "Always"]  # its closure ended on the 20th
    # A naive time is read in the instance's zone (Europe/Paris).
    monday = await _features(
        client, url, lon=7.42, lat=43.74, open_at="2026-12-14T10:00", unknown_hours="exclude"
    )
    assert _names(monday) == ["Day", "Always"]
    only = await _features(
        client, url, lon=7.42, lat=43.74, open_at="2026-12-14T10:00", unknown_hours="only"
    )
    assert _names(only) == ["Unknown hours"]


async def test_open_now_uses_the_clock(client: httpx.AsyncClient, database: Database) -> None:
    # NOW is Monday 14 December 2026, 20:00 in Paris.
    await add(
        database,
        draft(name="Evening", opening_hours="Mo 19:00-23:00"),
        draft(name="Morning", opening_hours="Mo 08:00-12:00"),
    )
    got = await _features(client, "/api/v1/services", open_now="true")
    assert _names(got) == ["Evening"]
    props = got.features[0].properties
    assert props.open_now is True
    assert props.opening_state == "open"
    assert props.closes_at is not None
    assert props.closes_at.isoformat() == "2026-12-14T23:00:00+01:00"


async def test_one_service_with_opening_state(
    client: httpx.AsyncClient, database: Database
) -> None:
    await add(database, draft(name="CeGIDD", opening_hours="Tu 09:00-12:00", source_id="one"))
    listed = await _features(client, "/api/v1/services", q="cegidd")
    sid = listed.features[0].id
    response = await client.get(f"/api/v1/services/{sid}")
    assert response.status_code == 200
    assert response.headers["content-type"] == GEOJSON
    assert re.fullmatch(r'"[0-9a-f]{32}"', response.headers["etag"])
    feature = ServiceFeature.model_validate_json(response.content)
    assert feature.properties.open_now is False
    assert feature.properties.next_opening is not None
    assert feature.properties.next_opening.isoformat() == "2026-12-15T09:00:00+01:00"
    assert feature.geometry is not None
    assert feature.geometry.coordinates == (7.42, 43.74)


async def test_phone_line_has_no_geometry_and_is_not_near(
    client: httpx.AsyncClient, database: Database
) -> None:
    await add(database, draft(name="115", categories=["emergency-shelter"], lon=None, lat=None))
    listed = await _features(client, "/api/v1/services", category="emergency-shelter")
    assert listed.features[0].geometry is None
    near = await _features(client, "/api/v1/services/nearest", lon=7.42, lat=43.74)
    assert _names(near) == []


async def test_confidential_address_is_never_located_for_the_public(
    client: httpx.AsyncClient, database: Database
) -> None:
    await add(
        database,
        draft(
            name="Foyer",
            categories=["emergency-shelter"],
            visibility="confidential-address",
            address="12 rue Secrète",
            postcode="06240",
            city="Beausoleil",
            phone="+33 4 00 00 00 13",
        ),
    )
    listed = await _features(client, "/api/v1/services", category="emergency-shelter")
    [feature] = listed.features
    assert feature.geometry is None
    assert feature.properties.location_hidden is True
    assert feature.properties.address is None
    assert feature.properties.phone == "+33 4 00 00 00 13"
    raw = (await client.get("/api/v1/services", params={"q": "foyer"})).text
    assert "Secrète" not in raw
    assert "43.74" not in raw
    near = await _features(client, "/api/v1/services/nearest", lon=7.42, lat=43.74)
    assert _names(near) == []
    boxed = await _features(client, "/api/v1/services", bbox="7.3,43.7,7.5,43.8")
    assert _names(boxed) == []
    detail = await client.get(f"/api/v1/services/{feature.id}")
    assert detail.json()["geometry"] is None


async def test_professionals_only_services_are_invisible_to_the_public(
    client: httpx.AsyncClient, database: Database
) -> None:
    await add(
        database, draft(name="Unit", categories=["police-trained"], visibility="professionals")
    )
    assert _names(await _features(client, "/api/v1/services")) == []
    assert _names(await _features(client, "/api/v1/services/nearest", lon=7.42, lat=43.74)) == []


async def test_search_ignores_accents_case_and_word_order(
    client: httpx.AsyncClient, database: Database
) -> None:
    await add(database, draft(name="Hôpital Princesse Grâce"), draft(name="Pharmacie du Port"))
    assert _names(await _features(client, "/api/v1/services", q="grace HOPITAL")) == [
        "Hôpital Princesse Grâce"
    ]
    assert _names(await _features(client, "/api/v1/services", q="100%")) == []


async def test_bbox_publics_and_conditions(client: httpx.AsyncClient, database: Database) -> None:
    await add(
        database,
        draft(name="A", publics=["trans", "sex-workers"], conditions=["free", "anonymous"]),
        draft(name="B", publics=["trans"], conditions=["free"]),
        draft(name="C", lon=2.35, lat=48.85),
    )
    url = "/api/v1/services"
    assert _names(await _features(client, url, public=["trans", "sex-workers"])) == ["A"]
    assert _names(await _features(client, url, condition=["free"])) == ["A", "B"]
    assert _names(await _features(client, url, bbox="2,48,3,49")) == ["C"]


async def test_cursor_pagination_walks_every_service_once(
    client: httpx.AsyncClient, database: Database
) -> None:
    await add(database, *(draft(name=f"S{i:02d}") for i in range(7)))
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, object] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = await _features(client, "/api/v1/services", **params)
        seen += _names(page)
        cursor = page.next_cursor
        if cursor is None:
            break
        assert any(link.rel == "next" for link in page.links)
    assert seen == [f"S{i:02d}" for i in range(7)]


@pytest.mark.parametrize(
    ("url", "params", "parameter"),
    [
        ("/api/v1/services/nearest", {"lon": 181, "lat": 43}, "lon"),
        ("/api/v1/services/nearest", {"lon": 7, "lat": -91}, "lat"),
        ("/api/v1/services/nearest", {"lon": "east", "lat": 43}, "lon"),
        ("/api/v1/services/nearest", {"lat": 43}, "lon"),
        ("/api/v1/services/nearest", {"lon": 7, "lat": 43, "limit": 51}, "limit"),
        ("/api/v1/services/nearest", {"lon": 7, "lat": 43, "limit": 0}, "limit"),
        ("/api/v1/services/nearest", {"lon": 7, "lat": 43, "category": "sauna"}, "category"),
        ("/api/v1/services/nearest", {"lon": 7, "lat": 43, "max_distance_m": -5}, "max_distance_m"),
        ("/api/v1/services/nearest", {"lon": "nan", "lat": 43}, "lon"),
        ("/api/v1/services", {"open_at": "2026-13-40T25:00"}, "open_at"),
        ("/api/v1/services", {"open_at": "tomorrow"}, "open_at"),
        ("/api/v1/services", {"open_at": "2026-12-14T10:00", "open_now": "true"}, "open_now"),
        ("/api/v1/services", {"bbox": "8,43,7,44"}, "bbox"),
        ("/api/v1/services", {"bbox": "7,44,8,43"}, "bbox"),
        ("/api/v1/services", {"bbox": "7,43,8"}, "bbox"),
        ("/api/v1/services", {"bbox": "7,43,8,x"}, "bbox"),
        ("/api/v1/services", {"limit": 501}, "limit"),
        ("/api/v1/services", {"cursor": "not-a-cursor"}, "cursor"),
        ("/api/v1/services", {"language": "french"}, "language"),
        ("/api/v1/services", {"public": "everyone"}, "public"),
        ("/api/v1/services", {"condition": "cheap"}, "condition"),
        ("/api/v1/services/not-a-uuid", {}, "service_id"),
    ],
)
async def test_bad_input_is_a_problem_naming_the_parameter(
    client: httpx.AsyncClient, url: str, params: dict[str, object], parameter: str
) -> None:
    response = await client.get(url, params=params)  # type: ignore[arg-type]
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "/problems/invalid-parameter"
    assert body["status"] == 422
    assert parameter in [e["parameter"] for e in body["errors"]]


async def test_unknown_service_is_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/services/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/not-found"


async def test_unknown_route_is_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_at_night_emergency_care_of_unknown_hours_is_open_around_the_clock(
    client: httpx.AsyncClient, database: Database
) -> None:
    await add(
        database,
        draft(name="Hôpital", categories=("emergency-care",), lon=7.421, lat=43.74),
        draft(
            name="Clinique de jour",
            categories=("emergency-care",),
            lon=7.4205,
            lat=43.74,
            opening_hours="Mo-Fr 09:00-17:00",
        ),
        draft(name="Commissariat", categories=("police",), lon=7.43, lat=43.74),
        draft(name="CeGIDD", lon=7.4201, lat=43.74),
    )
    url = "/api/v1/services/nearest"
    night = await _features(
        client, url, lon=7.42, lat=43.74, open_at="2026-12-15T03:00:00+01:00", limit=5
    )
    assert _names(night) == ["Hôpital", "Commissariat", "CeGIDD"]
    groups = [f.properties.opening_group for f in night.features]
    assert groups == ["around-the-clock", "around-the-clock", "unknown"]
    listed = await _features(
        client, "/api/v1/services", open_at="2026-12-15T03:00:00+01:00", category="emergency-care"
    )
    assert _names(listed) == ["Hôpital"]
