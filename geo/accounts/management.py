"""Who may create and disable which accounts (DESIGN.md, "who may see what").

An association's accounts can read its zones, so they are its own business: its coordinators
create its workers and disable its accounts. An admin creates an association's first
coordinator, creates other admins, and may disable any account, but never creates an account
in an association that has a coordinator: that would be a way for the instance to read the
association's zones.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from geo.accounts.models import AuthSession, User
from geo.errors import Forbidden, NotFound
from geo.values import Actor
from geo.vocab import Role


async def has_coordinator(session: AsyncSession, *, association_id: uuid.UUID) -> bool:
    """Return whether an association has an active coordinator."""
    found = await session.scalar(
        select(
            select(User.id)
            .where(
                User.association_id == association_id,
                User.role == Role.COORDINATOR.value,
                User.disabled_at.is_(None),
            )
            .exists()
        )
    )
    return bool(found)


async def check_creation(
    session: AsyncSession, *, actor: Actor, role: Role, association_id: uuid.UUID | None
) -> None:
    """Refuse an account the actor may not create."""
    if actor.role == Role.COORDINATOR.value:
        if association_id != actor.association_id or role is not Role.WORKER:
            raise Forbidden("coordinators create the workers of their own association")
        return
    if role is Role.ADMIN:
        return
    if role is not Role.COORDINATOR:
        raise Forbidden("an association's workers are created by its coordinators")
    assert association_id is not None  # the schema pairs coordinators with an association
    if await has_coordinator(session, association_id=association_id):
        raise Forbidden(
            "this association has a coordinator: its accounts are created by its coordinators"
        )


async def disable_user(
    session: AsyncSession, *, actor: Actor, user_id: uuid.UUID, now: datetime
) -> User:
    """Disable an account and end its sessions; a coordinator, only in their association."""
    user = await session.get(User, user_id, with_for_update=True)
    own = actor.association_id is None or (
        user is not None and user.association_id == actor.association_id
    )
    if user is None or not own:
        raise NotFound("no such account")
    if user.id == actor.user_id:
        raise Forbidden("you cannot disable your own account")
    if user.disabled_at is None:
        user.disabled_at = now
        await session.execute(
            update(AuthSession)
            .where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        await session.flush()
    return user
