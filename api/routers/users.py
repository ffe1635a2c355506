"""Accounts: an association's coordinators create its workers and disable its accounts;
an admin creates admins and an association's first coordinator, and may disable any account.
Every account event lands in the account's association's own audit log."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status
from fastapi.responses import Response

from api.deps import Acting, DatabaseDep, ManagerWorkDep, NowDep, PrincipalDep
from api.schemas.accounts import PasswordChange, UserCreate, UserCreated, UserList, UserRead
from api.schemas.common import ADMIN_RESPONSES, Problem
from geo.accounts import audit, management
from geo.accounts import queries as accounts
from geo.accounts.models import User
from geo.accounts.own_password import change_own_password
from geo.accounts.passwords import PasswordPolicyError, check_password, new_totp_secret, totp_uri
from geo.errors import InvalidField, Unauthorized
from geo.vocab import Role

router = APIRouter(prefix="/api/v1", tags=["accounts"], responses=ADMIN_RESPONSES)

_PROBLEM_401: dict[str, object] = {"model": Problem, "content": {"application/problem+json": {}}}


def _read(user: User) -> UserRead:
    return UserRead(
        id=user.id,
        username=user.username,
        role=Role(user.role),
        association_id=user.association_id,
        created_at=user.created_at,
        disabled_at=user.disabled_at,
    )


async def _audit(work: Acting, user: User, action: str) -> None:
    """Record an account event where the account's association sees it."""
    await audit.record_for(
        work.session,
        user.association_id,
        actor=work.actor(),
        action=action,
        object_type="user",
        object_id=str(user.id),
        detail={"username": user.username, "role": user.role},
    )


@router.get("/users", response_model=UserList)
async def list_users(work: ManagerWorkDep) -> UserList:
    """Return the accounts: every one for an admin; for a coordinator, every account that can
    read their association's zones."""
    rows = await accounts.list_users(work.session, association_id=work.caller.association_id)
    return UserList(users=[_read(u) for u in rows])


@router.post("/users", response_model=UserCreated, status_code=status.HTTP_201_CREATED)
async def create_user(body: UserCreate, work: ManagerWorkDep) -> UserCreated:
    """Create an account; coordinators and admins get a TOTP secret to enrol (shown once).
    Coordinators create their association's workers; an admin creates admins and the first
    coordinator of an association that has none. The new account changes its password at its
    first login."""
    try:
        check_password(body.password)
    except PasswordPolicyError as exc:
        raise InvalidField("password", str(exc)) from exc
    if (body.role is Role.ADMIN) != (body.association_id is None):
        raise InvalidField(
            "association_id", "workers and coordinators need an association; admins have none"
        )
    if body.association_id is not None:
        await accounts.get_association(work.session, association_id=body.association_id)
    await management.check_creation(
        work.session, actor=work.actor(), role=body.role, association_id=body.association_id
    )
    secret = new_totp_secret() if body.role in (Role.COORDINATOR, Role.ADMIN) else None
    user = await accounts.create_user(
        work.session,
        username=body.username,
        password=body.password,
        role=body.role,
        association_id=body.association_id,
        totp_secret=secret,
        must_change_password=True,
    )
    await _audit(work, user, "create")
    return UserCreated(
        **_read(user).model_dump(), totp_uri=totp_uri(secret, user.username) if secret else None
    )


@router.post("/users/{user_id}/disable", status_code=status.HTTP_204_NO_CONTENT)
async def disable_user(user_id: uuid.UUID, work: ManagerWorkDep, now: NowDep) -> Response:
    """Disable an account: it logs in no more and its sessions end (an access token already
    handed out lasts its last minutes). Coordinators disable their association's accounts."""
    user = await management.disable_user(work.session, actor=work.actor(), user_id=user_id, now=now)
    await _audit(work, user, "disable")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/me/password", status_code=status.HTTP_204_NO_CONTENT, responses={401: _PROBLEM_401})
async def change_password(
    body: PasswordChange, principal: PrincipalDep, database: DatabaseDep
) -> Response:
    """Change your own password (the one someone else chose, at your first login, or any
    time): the current one, then the new one, which the password policy checks."""
    if principal is None:
        raise Unauthorized("log in first")
    await change_own_password(
        database,
        actor=principal.actor(),
        username=principal.username,
        current=body.current,
        new=body.new,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
