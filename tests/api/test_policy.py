"""Every HTML answer carries a content security policy, its own or the app's."""

from __future__ import annotations

import httpx
import pytest
from fastapi.responses import HTMLResponse

from tests.conftest import Tenants


@pytest.mark.parametrize("path", ["/", "/embed", "/embed/builder", "/app/login", "/docs"])
async def test_every_page_has_a_policy(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_a_round_sheet_has_its_own_strict_policy(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    sheet = await client.get(
        f"/api/v1/plans/{tenants.plans['a']}/rounds/0/sheet", headers=tenants.headers("worker_a")
    )
    policy = sheet.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "connect-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    page = sheet.text.replace("&quot;", '"')
    assert page.count("<script") == page.count(f'<script nonce="{nonce}"')


async def test_an_html_answer_without_a_policy_gets_the_app_s(client: httpx.AsyncClient) -> None:
    app = client._transport.app  # type: ignore[attr-defined]

    @app.get("/bare-test-page")
    async def bare() -> HTMLResponse:
        return HTMLResponse("<p>bare</p>")

    response = await client.get("/bare-test-page")
    assert "default-src 'self'" in response.headers["content-security-policy"]
