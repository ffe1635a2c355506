"""Logging in: OAuth2 password flow with a second factor for coordinators and admins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response, status

from api.deps import DatabaseDep, InstanceSessionDep, MemberDep, SettingsDep
from api.login import log_in, now, principal_of, refresh_session
from api.schemas.accounts import Me, RefreshRequest, TokenPair
from api.schemas.common import PROBLEM_RESPONSES, Problem
from api.security import issue
from geo.accounts import queries as accounts

router = APIRouter(prefix="/api/v1", tags=["auth"])

_AUTH_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "content": {"application/problem+json": {}}},
    429: {"model": Problem, "content": {"application/problem+json": {}}},
    **PROBLEM_RESPONSES,
}


@router.post("/auth/token", response_model=TokenPair, responses=_AUTH_ERRORS)
async def token(
    request: Request,
    database: DatabaseDep,
    settings: SettingsDep,
    username: Annotated[str, Form(min_length=1, max_length=100)],
    password: Annotated[str, Form(min_length=1, max_length=200)],
    totp: Annotated[
        str | None, Form(max_length=10, description="6-digit code (coordinators, admins).")
    ] = None,
    grant_type: Annotated[str, Form(pattern="^password$")] = "password",  # noqa: ARG001
) -> TokenPair:
    """Exchange credentials for an access token and a refresh token.

    After 5 failures for an account or from a client, logins are refused with 429 and a
    `Retry-After` until the lockout ends, even with the right password.
    """
    user, refresh = await log_in(
        request, database, settings, username=username, password=password, totp=totp
    )
    access, expires_in = issue(settings, principal_of(user), now=now())
    return TokenPair(access_token=access, expires_in=expires_in, refresh_token=refresh)


@router.post("/auth/refresh", response_model=TokenPair, responses=_AUTH_ERRORS)
async def refresh(body: RefreshRequest, database: DatabaseDep, settings: SettingsDep) -> TokenPair:
    """Exchange a refresh token for new tokens; the old refresh token stops working, and
    replaying it revokes every token of its login."""
    user, new_refresh = await refresh_session(database, settings, token=body.refresh_token)
    access, expires_in = issue(settings, principal_of(user), now=now())
    return TokenPair(access_token=access, expires_in=expires_in, refresh_token=new_refresh)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT, responses=PROBLEM_RESPONSES)
async def logout(body: RefreshRequest, session: InstanceSessionDep) -> Response:
    """Revoke a refresh token (the access token expires on its own within minutes)."""
    await accounts.revoke_session(session, token=body.refresh_token, now=now())
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
