"""Logging in: passwords, TOTP for coordinators and admins, refresh rotation, throttling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pyotp
import pytest

from api.security import ALGORITHM
from api.settings import Settings
from geo.accounts.passwords import PasswordPolicyError, check_password
from tests.conftest import PASSWORD, TOTP_A, Tenants

TOKEN = "/api/v1/auth/token"


async def _login(client: httpx.AsyncClient, username: str, **extra: str) -> httpx.Response:
    return await client.post(TOKEN, data={"username": username, "password": PASSWORD, **extra})


async def test_worker_logs_in_and_reads_who_they_are(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    response = await _login(client, "worker-a")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 15 * 60
    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["role"] == "worker"
    assert me.json()["association_id"] == str(tenants.associations["a"])


async def test_coordinator_needs_a_totp_code(client: httpx.AsyncClient, tenants: Tenants) -> None:
    missing = await _login(client, "coordinator-a")
    assert missing.status_code == 401
    assert "totp_required" not in missing.json()  # no hint that the password was right
    wrong = await _login(client, "coordinator-a", totp="000000")
    assert wrong.status_code == 401
    right = await _login(client, "coordinator-a", totp=pyotp.TOTP(TOTP_A).now())
    assert right.status_code == 200, right.text


async def test_wrong_password_and_unknown_user_look_the_same(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    bad = await client.post(TOKEN, data={"username": "worker-a", "password": "Nope-nope-2026"})
    unknown = await client.post(TOKEN, data={"username": "ghost", "password": "Nope-nope-2026"})
    assert bad.status_code == unknown.status_code == 401
    assert bad.json()["detail"] == unknown.json()["detail"]
    assert bad.headers["www-authenticate"] == "Bearer"


async def test_refresh_rotates_and_logout_revokes(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    first = (await _login(client, "worker-b")).json()
    second = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
    )
    assert second.status_code == 200, second.text
    replay = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
    )
    assert replay.status_code == 401  # a refresh token works once
    fresh = second.json()["refresh_token"]
    assert (
        await client.post("/api/v1/auth/logout", json={"refresh_token": fresh})
    ).status_code == 204
    after = await client.post("/api/v1/auth/refresh", json={"refresh_token": fresh})
    assert after.status_code == 401


async def test_five_failures_lock_the_account_with_retry_after(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    for _ in range(5):
        failed = await client.post(
            TOKEN, data={"username": "worker-a", "password": "Bad-guess-2026"}
        )
        assert failed.status_code == 401
    locked = await _login(client, "worker-a")  # even the right password now waits
    assert locked.status_code == 429
    assert 0 < int(locked.headers["retry-after"]) <= 15 * 60
    assert locked.json()["type"] == "/problems/too-many-attempts"


async def test_one_client_guessing_many_accounts_is_throttled(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    for name in ("worker-a", "worker-b", "coordinator-a", "coordinator-b", "admin"):
        await client.post(TOKEN, data={"username": name, "password": "Bad-guess-2026"})
    assert (await _login(client, "worker-b")).status_code == 429


async def test_expired_or_forged_tokens_are_refused(
    client: httpx.AsyncClient, tenants: Tenants, settings: Settings
) -> None:
    assert settings.secret_key is not None
    principal = tenants.principals["worker_a"]
    past = datetime.now(UTC) - timedelta(hours=1)
    claims = {
        "sub": str(principal.user_id),
        "name": "worker-a",
        "role": "worker",
        "asc": str(principal.association_id),
        "typ": "access",
        "iat": int(past.timestamp()),
        "exp": int((past + timedelta(minutes=15)).timestamp()),
    }
    expired = jwt.encode(claims, settings.secret_key.get_secret_value(), algorithm=ALGORITHM)
    forged = jwt.encode(
        {**claims, "exp": 4_000_000_000, "role": "coordinator"},
        "other-key" * 5,
        algorithm=ALGORITHM,
    )
    for token in (expired, forged, "not-a-jwt"):
        response = await client.get("/api/v1/zones", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401


@pytest.mark.parametrize(
    "password", ["short-1A", "alllowercaseletters", "ALLUPPER123456", "            "]
)
def test_password_policy_refuses_weak_passwords(password: str) -> None:
    with pytest.raises(PasswordPolicyError):
        check_password(password)


def test_password_policy_accepts_long_mixed_passwords() -> None:
    check_password("Correct-horse-2026")
    check_password("correct horse battery 7")


async def test_admin_creates_accounts_under_the_policy(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    h = tenants.headers("admin")
    weak = await client.post(
        "/api/v1/users",
        json={
            "username": "worker-2",
            "password": "short",
            "role": "worker",
            "association_id": str(tenants.associations["a"]),
        },
        headers=h,
    )
    assert weak.status_code == 422
    assert "12 characters" in weak.text
    new = await client.post("/api/v1/associations", json={"name": "Nouvelle"}, headers=h)
    made = await client.post(
        "/api/v1/users",
        json={
            "username": "coord-2",
            "password": "Long-enough-2026",
            "role": "coordinator",
            "association_id": new.json()["id"],
        },
        headers=h,
    )
    assert made.status_code == 201, made.text
    assert made.json()["totp_uri"].startswith("otpauth://totp/Maraude:coord-2")
    assert "password" not in made.text
