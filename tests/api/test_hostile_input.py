"""Input an anonymous caller can send gets a 4xx problem, never a 500 with a traceback."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from tests.api.test_alerts import safety_body
from tests.conftest import TEAM, ZONE, Tenants

PROBLEM = "application/problem+json"


def _nested_cursor(depth: int) -> str:
    return base64.urlsafe_b64encode(("[" * depth + "]" * depth).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "query",
    [
        {"q": "ab\x00cd"},
        {"q": "line\nbreak"},
        {
            "cursor": base64.urlsafe_b64encode(
                b'["a\\u0000b", "00000000-0000-0000-0000-000000000000"]'
            ).decode()
        },
        {"cursor": _nested_cursor(5000)},
        {"cursor": "A" * 5000},
        {"open_at": "9999-12-31T23:59:59"},
        {"open_at": "0001-01-01T00:00:00"},
        {"open_at": "9999-12-31T23:59:59+14:00"},
    ],
)
async def test_hostile_directory_parameters_are_refused_with_a_problem(
    client: httpx.AsyncClient, query: dict[str, str]
) -> None:
    response = await client.get("/api/v1/services", params=query)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert "Traceback" not in response.text


async def test_far_instants_are_refused_by_nearest_too(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/api/v1/services/nearest",
        params={"lon": 7.42, "lat": 43.73, "open_at": "9999-12-31T23:59:59"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "open_at"


async def test_a_nul_byte_in_a_username_is_a_problem_not_a_crash(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/api/v1/auth/token", data={"username": "ad\x00min", "password": "x" * 12}
    )
    assert response.status_code in (401, 422), response.text
    assert response.headers["content-type"] == PROBLEM


async def test_a_nul_byte_in_an_association_name_changes_nothing(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    headers = tenants.headers("admin")
    before = (await client.get("/api/v1/associations", headers=headers)).json()
    response = await client.post(
        "/api/v1/associations", json={"name": "Evil\x00name"}, headers=headers
    )
    assert response.status_code == 422, response.text
    assert response.json()["type"] == "/problems/invalid-body"
    after = (await client.get("/api/v1/associations", headers=headers)).json()
    assert after == before


@pytest.mark.parametrize(
    ("path", "caller", "body"),
    [
        ("/api/v1/zones", "coordinator_a", {**ZONE, "name": "Gare\x1b[2J"}),
        ("/api/v1/zones", "coordinator_a", {**ZONE, "name": "Gare\nde nuit"}),
        ("/api/v1/teams", "coordinator_a", {**TEAM, "label": "Équipe\r\nSUMMARY:x"}),
        (
            "/api/v1/alerts",
            "coordinator_a",
            safety_body(messages={"fr": {"headline": "Ale\x0brte", "description": "Rue du port."}}),
        ),
        (
            "/api/v1/alerts",
            "coordinator_a",
            safety_body(messages={"fr": {"headline": "Alerte", "description": "Rue\x08 du port."}}),
        ),
        ("/api/v1/associations", "admin", {"name": "Bell\x07"}),
    ],
)
async def test_control_characters_are_refused_at_input(
    client: httpx.AsyncClient, tenants: Tenants, path: str, caller: str, body: dict[str, Any]
) -> None:
    response = await client.post(path, json=body, headers=tenants.headers(caller))
    assert response.status_code == 422, response.text
    assert response.json()["type"] == "/problems/invalid-body"


async def test_line_breaks_are_text_in_a_message(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    body = safety_body(
        messages={"fr": {"headline": "Alerte", "description": "Rue du port.\r\nLe soir."}}
    )
    response = await client.post(
        "/api/v1/alerts", json=body, headers=tenants.headers("coordinator_a")
    )
    assert response.status_code == 201, response.text
