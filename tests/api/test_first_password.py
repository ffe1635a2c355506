"""An account whose password someone else chose changes it at its first login: the login
leads to the password page, the team pages lead there until it is changed; the API changes
a member's own password after checking the current one."""

from __future__ import annotations

import re

import httpx

from tests.conftest import Tenants

FIRST = "Given-by-coord-2026"
OWN = "Chosen-by-me-2026!"


async def _new_worker(client: httpx.AsyncClient, tenants: Tenants, username: str) -> str:
    made = await client.post(
        "/api/v1/users",
        json={
            "username": username,
            "password": FIRST,
            "role": "worker",
            "association_id": str(tenants.associations["a"]),
        },
        headers=tenants.headers("coordinator_a"),
    )
    assert made.status_code == 201, made.text
    assert made.json()["totp_uri"] is None  # workers have no second factor
    return str(made.json()["id"])


async def _page_login(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    return await client.post(
        "/app/login?lang=fr",
        data={"username": username, "password": password},
        headers={"Origin": str(client.base_url), "Sec-Fetch-Site": "same-origin"},
    )


async def test_the_first_login_leads_to_the_password_page_until_it_is_changed(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    await _new_worker(client, tenants, "new-worker")
    login = await _page_login(client, "new-worker", FIRST)
    assert login.status_code == 303
    assert login.headers["location"] == "/app/password?lang=fr"
    session = {"Cookie": f"maraude_session={login.cookies['maraude_session']}"}
    form = await client.get("/app/password?lang=fr", headers=session)
    assert form.status_code == 200
    assert 'name="current"' in form.text
    held = await client.get("/app?lang=fr", headers=session)
    assert held.status_code == 303
    assert held.headers["location"] == "/app/password?lang=fr"
    same_site = {"Origin": str(client.base_url), "Sec-Fetch-Site": "same-origin", **session}
    differ = await client.post(
        "/app/password?lang=fr",
        data={"current": FIRST, "new": OWN, "again": OWN + "x"},
        headers=same_site,
    )
    assert differ.status_code == 422
    assert re.search(r'role="alert">[^<]+<', differ.text)
    wrong = await client.post(
        "/app/password?lang=fr",
        data={"current": "Not-the-one-2026", "new": OWN, "again": OWN},
        headers=same_site,
    )
    assert wrong.status_code == 422
    weak = await client.post(
        "/app/password?lang=fr",
        data={"current": FIRST, "new": "short", "again": "short"},
        headers=same_site,
    )
    assert weak.status_code == 422
    done = await client.post(
        "/app/password?lang=fr",
        data={"current": FIRST, "new": OWN, "again": OWN},
        headers=same_site,
    )
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/app?lang=fr"
    assert (await client.get("/app?lang=fr", headers=session)).status_code == 200
    assert (await _page_login(client, "new-worker", FIRST)).status_code == 401
    again = await _page_login(client, "new-worker", OWN)
    assert again.headers["location"] == "/app?lang=fr"
    audit = (await client.get("/api/v1/audit", headers=tenants.headers("coordinator_a"))).json()
    assert "password-change" in {e["action"] for e in audit["entries"]}


async def test_the_api_changes_your_own_password_after_checking_the_current_one(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    await _new_worker(client, tenants, "api-worker")
    token = await client.post(
        "/api/v1/auth/token", data={"username": "api-worker", "password": FIRST}
    )
    h = {"Authorization": f"Bearer {token.json()['access_token']}"}
    url = "/api/v1/me/password"
    wrong = await client.post(url, json={"current": "Nope-nope-2026", "new": OWN}, headers=h)
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["pointer"] == "/current"
    same = await client.post(url, json={"current": FIRST, "new": FIRST}, headers=h)
    assert same.json()["errors"][0]["pointer"] == "/new"
    weak = await client.post(url, json={"current": FIRST, "new": "weakling"}, headers=h)
    assert weak.status_code == 422
    assert (await client.post(url, json={"current": FIRST, "new": OWN})).status_code == 401
    done = await client.post(url, json={"current": FIRST, "new": OWN}, headers=h)
    assert done.status_code == 204
    old = await client.post(
        "/api/v1/auth/token", data={"username": "api-worker", "password": FIRST}
    )
    assert old.status_code == 401
    new = await client.post("/api/v1/auth/token", data={"username": "api-worker", "password": OWN})
    assert new.status_code == 200
