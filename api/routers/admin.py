"""Instance administration: associations (admins), and the audit logs (an admin the
instance's, a coordinator their association's)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status
from fastapi.responses import Response

from api.deps import AdminDep, InstanceSessionDep, ManagerWorkDep, check_limit
from api.schemas.accounts import (
    AssociationCreate,
    AssociationList,
    AssociationRead,
)
from api.schemas.audit import AuditPage, AuditRead
from api.schemas.common import ADMIN_RESPONSES
from geo.accounts import audit
from geo.accounts import queries as accounts

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


@router.get("/audit", response_model=AuditPage)
async def list_audit(
    work: ManagerWorkDep,
    limit: Annotated[int | None, Query(ge=1, le=500, description="Page size.")] = None,
    before: Annotated[int | None, Query(description="`next_before` of the previous page.")] = None,
) -> AuditPage:
    """Return an audit log, newest first: for an admin, the instance's (directory and
    administration; row-level security shows an admin no association's rows); for a
    coordinator, their association's own (zones, teams, accounts)."""
    size = check_limit(limit, default=100, maximum=500)
    rows = await audit.list_entries(
        work.session, before_id=before, limit=size + 1, association_id=work.caller.association_id
    )
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
