"""Who creates and disables accounts: an association's accounts can read its zones, so they
are its coordinators' business; the instance's admins never make one it did not ask for."""

from __future__ import annotations

import httpx
import pyotp

from tests.conftest import PASSWORD, Tenants

USERS = "/api/v1/users"


def _account(role: str, association: object, username: str = "new-person") -> dict[str, object]:
    return {
        "username": username,
        "password": "Long-enough-2026",
        "role": role,
        "association_id": str(association),
    }


async def test_an_admin_cannot_create_an_account_in_an_association_with_a_coordinator(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    admin = tenants.headers("admin")
    for role in ("worker", "coordinator"):
        refused = await client.post(
            USERS, json=_account(role, tenants.associations["a"]), headers=admin
        )
        assert refused.status_code == 403, refused.text
    # The path that was open: a worker account the admin made, then logged in as.
    login = await client.post(
        "/api/v1/auth/token", data={"username": "new-person", "password": "Long-enough-2026"}
    )
    assert login.status_code == 401


async def test_an_admin_creates_the_first_coordinator_and_the_association_sees_it(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    admin = tenants.headers("admin")
    new = (await client.post("/api/v1/associations", json={"name": "Neuve"}, headers=admin)).json()
    worker = await client.post(USERS, json=_account("worker", new["id"]), headers=admin)
    assert worker.status_code == 403  # workers are the coordinators' to create
    first = await client.post(
        USERS, json=_account("coordinator", new["id"], "first-coord"), headers=admin
    )
    assert first.status_code == 201, first.text
    second = await client.post(
        USERS, json=_account("coordinator", new["id"], "second-coord"), headers=admin
    )
    assert second.status_code == 403  # from now on, the association's own coordinators
    code = pyotp.parse_uri(first.json()["totp_uri"]).now()
    token = await client.post(
        "/api/v1/auth/token",
        data={"username": "first-coord", "password": "Long-enough-2026", "totp": code},
    )
    coordinator = {"Authorization": f"Bearer {token.json()['access_token']}"}
    entries = (await client.get("/api/v1/audit", headers=coordinator)).json()["entries"]
    assert [(e["action"], e["object_type"], e["actor_role"]) for e in entries] == [
        ("create", "user", "admin")
    ]


async def test_coordinators_create_and_see_their_association_s_accounts_only(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    coordinator = tenants.headers("coordinator_a")
    made = await client.post(
        USERS, json=_account("worker", tenants.associations["a"]), headers=coordinator
    )
    assert made.status_code == 201, made.text
    elsewhere = await client.post(
        USERS, json=_account("worker", tenants.associations["b"], "spy"), headers=coordinator
    )
    assert elsewhere.status_code == 403
    admin = await client.post(
        USERS,
        json={"username": "boss", "password": "Long-enough-2026", "role": "admin"},
        headers=coordinator,
    )
    assert admin.status_code == 403
    peer = await client.post(
        USERS, json=_account("coordinator", tenants.associations["a"], "peer"), headers=coordinator
    )
    assert peer.status_code == 403  # a coordinator makes workers, not coordinators
    worker = await client.post(
        USERS,
        json=_account("worker", tenants.associations["a"], "mate"),
        headers=tenants.headers("worker_a"),
    )
    assert worker.status_code == 403
    listed = (await client.get(USERS, headers=coordinator)).json()["users"]
    assert {u["association_id"] for u in listed} == {str(tenants.associations["a"])}
    assert {"worker-a", "coordinator-a", "new-person"} <= {u["username"] for u in listed}
    audit = (await client.get("/api/v1/audit", headers=coordinator)).json()["entries"]
    assert any(e["object_id"] == made.json()["id"] for e in audit)
    other = (await client.get("/api/v1/audit", headers=tenants.headers("coordinator_b"))).json()
    assert not any(e["object_id"] == made.json()["id"] for e in other["entries"])


async def test_a_disabled_account_logs_in_no_more_and_its_sessions_end(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    login = await client.post(
        "/api/v1/auth/token", data={"username": "worker-a", "password": PASSWORD}
    )
    refresh = login.json()["refresh_token"]
    worker = tenants.principals["worker_a"].user_id
    other = await client.post(f"{USERS}/{worker}/disable", headers=tenants.headers("coordinator_b"))
    assert other.status_code == 404  # not theirs
    done = await client.post(f"{USERS}/{worker}/disable", headers=tenants.headers("coordinator_a"))
    assert done.status_code == 204
    again = await client.post(
        "/api/v1/auth/token", data={"username": "worker-a", "password": PASSWORD}
    )
    assert again.status_code == 401
    assert (
        await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh})
    ).status_code == 401
    listed = (await client.get(USERS, headers=tenants.headers("coordinator_a"))).json()["users"]
    assert [u["disabled_at"] is not None for u in listed if u["username"] == "worker-a"] == [True]
