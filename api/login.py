"""Checking credentials, shared by the token endpoint and the team map's login form."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Protocol

from fastapi import Request

from api.security import Principal
from api.settings import Settings
from geo.accounts import queries as accounts
from geo.accounts.models import User
from geo.accounts.passwords import totp_step, verify_password
from geo.db import Database
from geo.errors import TooManyAttempts, Unauthorized
from geo.vocab import Role

WRONG = "wrong username, password or code"
SESSION_COOKIE = "maraude_session"


def now() -> datetime:
    """Token times follow the real clock, which token libraries check against."""
    return datetime.now(UTC)


class Account(Protocol):
    """What a principal is made from: an account, or its login record."""

    @property
    def id(self) -> uuid.UUID: ...  # noqa: D102
    @property
    def username(self) -> str: ...  # noqa: D102
    @property
    def role(self) -> str: ...  # noqa: D102
    @property
    def association_id(self) -> uuid.UUID | None: ...  # noqa: D102


def principal_of(user: Account) -> Principal:
    """Return the principal a user acts as."""
    return Principal(user.id, user.username, Role(user.role), user.association_id)


def _throttle(settings: Settings) -> accounts.ThrottlePolicy:
    return accounts.ThrottlePolicy(
        max_failures=settings.login_max_failures,
        window=timedelta(minutes=settings.login_window_minutes),
        lockout=timedelta(minutes=settings.login_lockout_minutes),
    )


async def log_in(
    request: Request,
    database: Database,
    settings: Settings,
    *,
    username: str,
    password: str,
    totp: str | None,
) -> tuple[accounts.LoginRecord, str]:
    """Check credentials (throttled per account and per client) and start a session; return
    the user and the session's token. Raises `Unauthorized` or `TooManyAttempts`.

    Every attempt is counted before the password is checked, so concurrent guesses cannot
    outrun the throttle; every failure — a wrong password, a missing, wrong or reused code —
    gets the same answer, so none tells that the password was right.
    """
    at = now()
    client = request.client.host if request.client else "unknown"
    keys = [f"account:{username.strip().lower()}", f"client:{client}"]
    async with database.instance() as session:
        wait = await accounts.count_attempt(session, keys=keys, now=at, policy=_throttle(settings))
        user = await accounts.login_record(session, username=username)
        await session.commit()
    if user is not None and user.disabled_at is not None:
        user = None  # a disabled account answers like an unknown one
    if wait is not None:
        raise TooManyAttempts(wait)
    # Argon2 takes tens of milliseconds of CPU: off the event loop.
    ok = await asyncio.to_thread(verify_password, password, user.password_hash if user else None)
    step = None
    if ok and user is not None and user.totp_secret is not None:
        step = totp_step(user.totp_secret, totp or "", at=at)
        ok = step is not None
    async with database.instance() as session:
        if ok and user is not None and step is not None:
            ok = await accounts.claim_totp_step(session, user_id=user.id, step=step)
        if not ok or user is None:
            raise Unauthorized(WRONG)
        await accounts.clear_failures(session, keys=keys)
        lifetime = timedelta(hours=settings.refresh_token_hours)
        token = await accounts.start_session(session, user_id=user.id, lifetime=lifetime, now=at)
        await session.commit()
    return user, token


async def refresh_session(
    database: Database, settings: Settings, *, token: str
) -> tuple[User, str]:
    """Exchange a refresh token for its successor; raise `Unauthorized` when it is not live.
    A replayed token's family is revoked even though the answer is a refusal."""
    lifetime = timedelta(hours=settings.refresh_token_hours)
    async with database.instance() as session:
        rotated = await accounts.rotate_session(session, token=token, lifetime=lifetime, now=now())
        await session.commit()
    if rotated is None:
        raise Unauthorized("the refresh token is unknown, expired or already used")
    return rotated


async def cookie_principal(database: Database, token: str) -> Principal | None:
    """Return who a team-map session cookie belongs to, or None when it is not live."""
    async with database.instance() as session:
        user = await accounts.session_user(session, token=token, now=now())
    return None if user is None else principal_of(user)
