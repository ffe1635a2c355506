"""Liveness and readiness."""

from __future__ import annotations

import httpx

from api.deps import get_schema_head
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

    async def ahead() -> str:
        return "9999"

    app.dependency_overrides[get_schema_head] = ahead
    response = await client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/unavailable"
