"""The team map's login form only works from the team map's own page (no login CSRF)."""

from __future__ import annotations

import httpx
import pytest

FORM = {"username": "someone", "password": "not-the-password"}


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "http://attacker.example"},
    ],
)
async def test_a_login_form_from_another_site_is_refused(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    response = await client.post("/app/login", data=FORM, headers=headers)
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert "set-cookie" not in response.headers


async def test_the_login_form_from_this_site_is_checked(client: httpx.AsyncClient) -> None:
    same = {"Sec-Fetch-Site": "same-origin", "Origin": "http://maraude.test"}
    response = await client.post("/app/login", data=FORM, headers=same)
    assert response.status_code == 401  # checked, and wrong
