"""Logging in under attack: guesses sent at once are throttled like guesses sent in turn, no
answer tells that a password was right, a TOTP code works once, and a replayed refresh token
revokes every token of its login."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pyotp
import pytest
from sqlalchemy import delete

from api import login
from api.main import create_app
from api.settings import Settings
from geo.accounts import queries as accounts
from geo.accounts.models import LoginThrottle, User
from geo.db import Database
from geo.vocab import Role
from tests.conftest import PASSWORD, TOTP_A, TOTP_B, Tenants, throwaway_database

TOKEN = "/api/v1/auth/token"
REFRESH = "/api/v1/auth/refresh"


@pytest.fixture(scope="module")
def own_database() -> Iterator[Settings]:
    """A database of this module alone: concurrent logins need a pool, not one connection."""
    with throwaway_database() as settings:
        yield settings


@pytest.fixture
async def pooled(own_database: Settings) -> AsyncIterator[httpx.AsyncClient]:
    database = Database.from_url(own_database.database_url, pool_size=10)
    async with database.instance() as session:
        await accounts.create_user(
            session,
            username="racer",
            password=PASSWORD,
            role=Role.ADMIN,
            association_id=None,
            totp_secret=None,
        )
        await session.commit()
    app = create_app(own_database, database=database)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://maraude.test") as c:
            yield c
    finally:
        async with database.instance() as session:
            await session.execute(delete(User))
            await session.execute(delete(LoginThrottle))
            await session.commit()
        await database.dispose()


async def test_thirty_guesses_at_once_get_five_password_checks(
    pooled: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks = 0
    verify = login.verify_password

    def counted(password: str, stored: str | None) -> bool:
        nonlocal checks
        checks += 1
        return verify(password, stored)

    monkeypatch.setattr(login, "verify_password", counted)
    form = {"username": "racer", "password": "Wrong-guess-2026"}
    answers = await asyncio.gather(*(pooled.post(TOKEN, data=form) for _ in range(30)))
    codes = sorted(a.status_code for a in answers)
    assert checks == 5, codes
    assert codes == [401] * 5 + [429] * 25
    right = await pooled.post(TOKEN, data={"username": "racer", "password": PASSWORD})
    assert right.status_code == 429  # locked, even with the right password


async def _login(client: httpx.AsyncClient, username: str, **extra: str) -> httpx.Response:
    return await client.post(TOKEN, data={"username": username, "password": PASSWORD, **extra})


def _same(a: httpx.Response, b: httpx.Response) -> None:
    assert a.status_code == b.status_code == 401
    body_a: dict[str, Any] = a.json()
    body_b: dict[str, Any] = b.json()
    assert body_a == body_b
    assert a.headers.get("www-authenticate") == b.headers.get("www-authenticate")


async def test_the_right_password_without_its_code_answers_like_a_wrong_one(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    no_code = await _login(client, "coordinator-a")
    wrong_password = await client.post(
        TOKEN, data={"username": "coordinator-a", "password": "Bad-guess-2026", "totp": "123456"}
    )
    wrong_code = await _login(client, "coordinator-a", totp="000000")
    _same(no_code, wrong_password)
    _same(no_code, wrong_code)


async def test_the_right_password_without_its_code_counts_as_a_failure(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    for _ in range(5):
        assert (await _login(client, "coordinator-b")).status_code == 401
    code = pyotp.TOTP(TOTP_B).now()
    assert (await _login(client, "coordinator-b", totp=code)).status_code == 429


async def test_a_totp_code_works_once(client: httpx.AsyncClient, tenants: Tenants) -> None:
    code = pyotp.TOTP(TOTP_A).now()
    first = await _login(client, "coordinator-a", totp=code)
    assert first.status_code == 200, first.text
    again = await _login(client, "coordinator-a", totp=code)
    assert again.status_code == 401


async def test_a_replayed_refresh_token_revokes_its_whole_login(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    first = (await _login(client, "worker-a")).json()["refresh_token"]
    other_login = (await _login(client, "worker-a")).json()["refresh_token"]
    rotated = await client.post(REFRESH, json={"refresh_token": first})
    assert rotated.status_code == 200
    successor = rotated.json()["refresh_token"]
    stolen = await client.post(REFRESH, json={"refresh_token": first})
    assert stolen.status_code == 401
    # The successor is revoked with the replay: the thief and the victim both log in again.
    assert (await client.post(REFRESH, json={"refresh_token": successor})).status_code == 401
    # Another login of the same person is another family: it goes on.
    assert (await client.post(REFRESH, json={"refresh_token": other_login})).status_code == 200
