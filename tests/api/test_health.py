"""Liveness and readiness."""

from __future__ import annotations

import httpx

from geo.migrate import head_revision


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "revision": None}


async def test_readyz_reports_the_head_revision(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"
    assert response.json()["revision"] == head_revision()


async def test_readyz_is_503_when_the_schema_is_behind(client: httpx.AsyncClient) -> None:
    app = client._transport.app  # type: ignore[attr-defined]
    app.state.schema_head = "9999"
    response = await client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/unavailable"
