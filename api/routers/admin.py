"""Instance administration: associations, accounts, the directory's audit log (admins only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status
from fastapi.responses import Response

from api.deps import AdminDep, InstanceSessionDep, check_limit
from api.schemas.accounts import (
    AssociationCreate,
    AssociationList,
    AssociationRead,
    UserCreate,
    UserCreated,
    UserList,
    UserRead,
)
from api.schemas.audit import AuditPage, AuditRead
from api.schemas.common import ADMIN_RESPONSES
from geo.accounts import audit
from geo.accounts import queries as accounts
from geo.accounts.passwords import PasswordPolicyError, check_password, new_totp_secret, totp_uri
from geo.errors import InvalidField
from geo.vocab import Role

router = APIRouter(prefix="/api/v1", tags=["admin"], responses=ADMIN_RESPONSES)


@router.get("/associations", response_model=AssociationList)
async def list_associations(admin: AdminDep, session: InstanceSessionDep) -> AssociationList:  # noqa: ARG001
    """Return every association."""
    rows = await accounts.list_associations(session)
    return AssociationList(
        associations=[AssociationRead(id=a.id, name=a.name, created_at=a.created_at) for a in rows]
    )


@router.post("/associations", response_model=AssociationRead, status_code=status.HTTP_201_CREATED)
async def create_association(
    body: AssociationCreate, admin: AdminDep, session: InstanceSessionDep
) -> AssociationRead:
    """Create an association."""
    row = await accounts.create_association(session, name=body.name)
    await audit.record(
        session,
        actor=admin.actor(),
        action="create",
        object_type="association",
        object_id=str(row.id),
        detail={"name": row.name},
    )
    return AssociationRead(id=row.id, name=row.name, created_at=row.created_at)


@router.delete("/associations/{association_id}", status_code=status.HTTP_204_NO_CONTENT)
async def erase_association(
    association_id: uuid.UUID, admin: AdminDep, session: InstanceSessionDep
) -> Response:
    """Erase an association: its users, zones, teams, rounds and reports, in one transaction."""
    await accounts.erase_association(session, association_id=association_id)
    await audit.record(
        session,
        actor=admin.actor(),
        action="erase",
        object_type="association",
        object_id=str(association_id),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/users", response_model=UserList)
async def list_users(admin: AdminDep, session: InstanceSessionDep) -> UserList:  # noqa: ARG001
    """Return every account."""
    rows = await accounts.list_users(session)
    return UserList(
        users=[
            UserRead(
                id=u.id,
                username=u.username,
                role=Role(u.role),
                association_id=u.association_id,
                created_at=u.created_at,
            )
            for u in rows
        ]
    )


@router.post("/users", response_model=UserCreated, status_code=status.HTTP_201_CREATED)
async def create_user(
    body: UserCreate, admin: AdminDep, session: InstanceSessionDep
) -> UserCreated:
    """Create an account; coordinators and admins get a TOTP secret to enrol (shown once)."""
    try:
        check_password(body.password)
    except PasswordPolicyError as exc:
        raise InvalidField("password", str(exc)) from exc
    if (body.role is Role.ADMIN) != (body.association_id is None):
        raise InvalidField(
            "association_id", "workers and coordinators need an association; admins have none"
        )
    secret = new_totp_secret() if body.role in (Role.COORDINATOR, Role.ADMIN) else None
    if body.association_id is not None:
        await accounts.get_association(session, association_id=body.association_id)
    user = await accounts.create_user(
        session,
        username=body.username,
        password=body.password,
        role=body.role,
        association_id=body.association_id,
        totp_secret=secret,
    )
    await audit.record(
        session,
        actor=admin.actor(),
        action="create",
        object_type="user",
        object_id=str(user.id),
        detail={"username": user.username, "role": user.role},
    )
    return UserCreated(
        id=user.id,
        username=user.username,
        role=Role(user.role),
        association_id=user.association_id,
        created_at=user.created_at,
        totp_uri=totp_uri(secret, user.username) if secret else None,
    )


@router.get("/audit", response_model=AuditPage)
async def list_audit(
    admin: AdminDep,  # noqa: ARG001
    session: InstanceSessionDep,
    limit: Annotated[int | None, Query(description="Page size.")] = None,
    before: Annotated[int | None, Query(description="`next_before` of the previous page.")] = None,
) -> AuditPage:
    """Return the instance's audit log (directory and administration), newest first.

    Entries about an association's zones and teams are invisible here: row-level security
    shows an admin's transaction no association's rows.
    """
    size = check_limit(limit, default=100, maximum=500)
    rows = await audit.list_entries(session, before_id=before, limit=size + 1)
    page = rows[:size]
    return AuditPage(
        entries=[
            AuditRead(
                id=e.id,
                at=e.at,
                actor_id=e.actor_id,
                actor_role=e.actor_role,
                action=e.action,
                object_type=e.object_type,
                object_id=e.object_id,
                detail=e.detail,
            )
            for e in page
        ],
        next_before=page[-1].id if len(rows) > size else None,
    )
