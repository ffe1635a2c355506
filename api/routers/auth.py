"""Logging in: OAuth2 password flow with a second factor for coordinators and admins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response, status

from api.deps import DatabaseDep, MemberDep, SettingsDep
from api.schemas.accounts import Me, RefreshRequest, TokenPair
from api.schemas.common import PROBLEM_RESPONSES, Problem
from api.security import Principal, issue
from api.settings import Settings
from geo.accounts import verify_password, verify_totp
from geo.errors import Unauthorized
from geo.models import User
from geo.queries import accounts
from geo.vocab import Role

router = APIRouter(prefix="/api/v1", tags=["auth"])

_AUTH_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "content": {"application/problem+json": {}}},
    429: {"model": Problem, "content": {"application/problem+json": {}}},
    **PROBLEM_RESPONSES,
}
_WRONG = "wrong username, password or code"


def _now() -> datetime:
    """Token times follow the real clock, which token libraries check against."""
    return datetime.now(UTC)


def _principal(user: User) -> Principal:
    return Principal(user.id, user.username, Role(user.role), user.association_id)


def _throttle(settings: Settings) -> accounts.ThrottlePolicy:
    return accounts.ThrottlePolicy(
        max_failures=settings.login_max_failures,
        window=timedelta(minutes=settings.login_window_minutes),
        lockout=timedelta(minutes=settings.login_lockout_minutes),
    )


@router.post("/auth/token", response_model=TokenPair, responses=_AUTH_ERRORS)
async def token(
    request: Request,
    database: DatabaseDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=200)],
    totp: Annotated[
        str | None, Form(max_length=10, description="6-digit code (coordinators, admins).")
    ] = None,
    grant_type: Annotated[str | None, Form(pattern="^password$")] = None,  # noqa: ARG001
) -> TokenPair:
    """Exchange credentials for an access token and a refresh token.

    After 5 failures for an account or from a client, logins are refused with 429 and a
    `Retry-After` until the lockout ends, even with the right password.
    """
    now = _now()
    client = request.client.host if request.client else "unknown"
    keys = [f"account:{username.strip().lower()}", f"client:{client}"]
    async with database.session() as session:
        await accounts.check_throttle(session, keys=keys, now=now)
        user = await accounts.find_user(session, username=username)
        ok = verify_password(password, user.password_hash if user else None)
        if ok and user is not None and user.totp_secret is not None:
            if not totp:
                raise Unauthorized("this account needs a TOTP code", totp_required=True)
            ok = verify_totp(user.totp_secret, totp)
        if not ok or user is None:
            await accounts.register_failure(session, keys=keys, now=now, policy=_throttle(settings))
            await session.commit()
            raise Unauthorized(_WRONG)
        await accounts.clear_failures(session, keys=keys)
        lifetime = timedelta(hours=settings.refresh_token_hours)
        refresh = await accounts.start_session(session, user_id=user.id, lifetime=lifetime, now=now)
        await session.commit()
        access, expires_in = issue(settings, _principal(user), now=now)
    return TokenPair(access_token=access, expires_in=expires_in, refresh_token=refresh)


@router.post("/auth/refresh", response_model=TokenPair, responses=_AUTH_ERRORS)
async def refresh(body: RefreshRequest, database: DatabaseDep, settings: SettingsDep) -> TokenPair:
    """Exchange a refresh token for new tokens; the old refresh token stops working."""
    now = _now()
    lifetime = timedelta(hours=settings.refresh_token_hours)
    async with database.session() as session:
        rotated = await accounts.rotate_session(
            session, token=body.refresh_token, lifetime=lifetime, now=now
        )
        if rotated is None:
            raise Unauthorized("the refresh token is unknown, expired or already used")
        user, new_refresh = rotated
        await session.commit()
        access, expires_in = issue(settings, _principal(user), now=now)
    return TokenPair(access_token=access, expires_in=expires_in, refresh_token=new_refresh)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT, responses=PROBLEM_RESPONSES)
async def logout(body: RefreshRequest, database: DatabaseDep) -> Response:
    """Revoke a refresh token (the access token expires on its own within minutes)."""
    async with database.session() as session:
        await accounts.revoke_session(session, token=body.refresh_token, now=_now())
        await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me", response_model=Me, responses=_AUTH_ERRORS)
async def me(principal: MemberDep) -> Me:
    """Return the logged-in user."""
    return Me(
        id=principal.user_id,
        username=principal.username,
        role=principal.role,
        association_id=principal.association_id,
    )
