"""Associations, users, refresh sessions and login throttling."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from geo.accounts.models import Association, AuthSession, LoginThrottle, User
from geo.accounts.passwords import hash_password, new_refresh_token, token_hash
from geo.errors import Conflict, NotFound, TooManyAttempts
from geo.vocab import Role


async def create_association(session: AsyncSession, *, name: str) -> Association:
    """Create an association, or raise Conflict when the name is taken."""
    association = Association(name=name.strip())
    session.add(association)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict(f"an association named {name!r} exists") from exc
    return association


async def list_associations(session: AsyncSession) -> list[Association]:
    """Return every association by name."""
    return list((await session.scalars(select(Association).order_by(Association.name))).all())


async def get_association(session: AsyncSession, *, association_id: uuid.UUID) -> Association:
    """Return one association or raise NotFound."""
    association = await session.get(Association, association_id)
    if association is None:
        raise NotFound("no such association")
    return association


async def find_association(session: AsyncSession, *, name: str) -> Association | None:
    """Return the association with this name, if any."""
    return await session.scalar(select(Association).where(Association.name == name))


async def erase_association(session: AsyncSession, *, association_id: uuid.UUID) -> None:
    """Delete an association with its users, zones, teams and everything they own.

    Foreign keys cascade in the same transaction; cascades are integrity checks, which
    row-level security does not stop, so no association setting is needed.
    """
    result = await session.execute(delete(Association).where(Association.id == association_id))
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFound("no such association")


async def create_user(
    session: AsyncSession,
    *,
    username: str,
    password: str,
    role: Role,
    association_id: uuid.UUID | None,
    totp_secret: str | None,
) -> User:
    """Create a user (the password is checked by the caller), or raise Conflict."""
    user = User(
        username=username.strip().lower(),
        password_hash=hash_password(password),
        role=role.value,
        association_id=association_id,
        totp_secret=totp_secret,
    )
    session.add(user)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict(f"the username {username!r} is taken") from exc
    return user


async def find_user(session: AsyncSession, *, username: str) -> User | None:
    """Return the user with this username (case-insensitive), if any."""
    return await session.scalar(select(User).where(User.username == username.strip().lower()))


async def get_user(session: AsyncSession, *, user_id: uuid.UUID) -> User | None:
    """Return a user by id, if any."""
    return await session.get(User, user_id)


async def list_users(session: AsyncSession) -> list[User]:
    """Return every user by username."""
    return list((await session.scalars(select(User).order_by(User.username))).all())


async def start_session(
    session: AsyncSession, *, user_id: uuid.UUID, lifetime: timedelta, now: datetime
) -> str:
    """Store a new refresh session and return its token."""
    token, hashed = new_refresh_token()
    session.add(AuthSession(user_id=user_id, token_hash=hashed, expires_at=now + lifetime))
    await session.flush()
    return token


async def session_user(session: AsyncSession, *, token: str, now: datetime) -> User | None:
    """Return the user of a live session token (neither revoked nor expired), or None."""
    found = await session.scalar(
        select(AuthSession.user_id).where(
            AuthSession.token_hash == token_hash(token),
            AuthSession.revoked_at.is_(None),
            AuthSession.expires_at > now,
        )
    )
    return None if found is None else await session.get(User, found)


async def rotate_session(
    session: AsyncSession, *, token: str, lifetime: timedelta, now: datetime
) -> tuple[User, str] | None:
    """Exchange a live refresh token for a new one (the old one is revoked)."""
    found = await session.scalar(
        select(AuthSession)
        .where(
            AuthSession.token_hash == token_hash(token),
            AuthSession.revoked_at.is_(None),
            AuthSession.expires_at > now,
        )
        .with_for_update()
    )
    if found is None:
        return None
    found.revoked_at = now
    user = await session.get(User, found.user_id)
    if user is None:
        return None
    return user, await start_session(session, user_id=user.id, lifetime=lifetime, now=now)


async def revoke_session(session: AsyncSession, *, token: str, now: datetime) -> None:
    """Revoke a refresh token (logout); unknown tokens are ignored."""
    await session.execute(
        update(AuthSession)
        .where(AuthSession.token_hash == token_hash(token), AuthSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    """How many failures, over which window, lock for how long."""

    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lockout: timedelta = timedelta(minutes=15)


async def check_throttle(session: AsyncSession, *, keys: list[str], now: datetime) -> None:
    """Raise TooManyAttempts while any key is locked."""
    locked = await session.scalar(
        select(func.max(LoginThrottle.locked_until)).where(
            LoginThrottle.key.in_(keys), LoginThrottle.locked_until > now
        )
    )
    if locked is not None:
        raise TooManyAttempts(max(1, math.ceil((locked - now).total_seconds())))


async def register_failure(
    session: AsyncSession, *, keys: list[str], now: datetime, policy: ThrottlePolicy
) -> None:
    """Count a failed login against each key; the fifth within the window locks it."""
    for key in keys:
        expired = LoginThrottle.window_start < now - policy.window
        stmt = (
            insert(LoginThrottle)
            .values(key=key, failures=1, window_start=now)
            .on_conflict_do_update(
                index_elements=[LoginThrottle.key],
                set_={
                    "failures": case((expired, 1), else_=LoginThrottle.failures + 1),
                    "window_start": case((expired, now), else_=LoginThrottle.window_start),
                },
            )
        )
        await session.execute(stmt)
    await session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.key.in_(keys), LoginThrottle.failures >= policy.max_failures)
        .values(locked_until=now + policy.lockout, failures=0, window_start=now)
    )


async def clear_failures(session: AsyncSession, *, keys: list[str]) -> None:
    """Forget the failures of keys after a successful login."""
    await session.execute(delete(LoginThrottle).where(LoginThrottle.key.in_(keys)))
