"""Associations, users, refresh sessions and login throttling."""

from __future__ import annotations

import asyncio
import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from geo.accounts.models import Association, AuthSession, LoginThrottle, User
from geo.accounts.passwords import hash_password, new_refresh_token, token_hash
from geo.errors import Conflict, NotFound
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
    must_change_password: bool = False,
) -> User:
    """Create a user (the password is checked by the caller), or raise Conflict. An account
    whose password someone else chose must change it at its first login."""
    # Argon2 takes tens of milliseconds of CPU: off the event loop.
    hashed = await asyncio.to_thread(hash_password, password)
    user = User(
        username=username.strip().lower(),
        password_hash=hashed,
        role=role.value,
        association_id=association_id,
        totp_secret=totp_secret,
        must_change_password=must_change_password,
    )
    session.add(user)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict(f"the username {username!r} is taken") from exc
    return user


@dataclass(frozen=True, slots=True)
class LoginRecord:
    """What checking a login needs of one account, secrets included."""

    id: uuid.UUID
    association_id: uuid.UUID | None
    username: str
    role: str
    password_hash: str
    totp_secret: str | None
    disabled_at: datetime | None


async def login_record(session: AsyncSession, *, username: str) -> LoginRecord | None:
    """Return one account's login record, secrets included, through the one function that may
    read them (the role serving requests cannot select them)."""
    row = (
        await session.execute(
            text("SELECT * FROM maraude_login_record(:username)"), {"username": username}
        )
    ).one_or_none()
    return None if row is None else LoginRecord(**row._mapping)


async def find_user(session: AsyncSession, *, username: str) -> User | None:
    """Return the user with this username (case-insensitive), if any."""
    return await session.scalar(select(User).where(User.username == username.strip().lower()))


async def list_users(
    session: AsyncSession, *, association_id: uuid.UUID | None = None
) -> list[User]:
    """Return every user by username, or an association's only."""
    stmt = select(User).order_by(User.username)
    if association_id is not None:
        stmt = stmt.where(User.association_id == association_id)
    return list((await session.scalars(stmt)).all())


async def start_session(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    lifetime: timedelta,
    now: datetime,
    family_id: uuid.UUID | None = None,
) -> str:
    """Store a new refresh session and return its token; a login starts a new family."""
    token, hashed = new_refresh_token()
    session.add(
        AuthSession(
            user_id=user_id,
            token_hash=hashed,
            expires_at=now + lifetime,
            family_id=family_id or uuid.uuid4(),
        )
    )
    await session.flush()
    return token


async def session_user(session: AsyncSession, *, token: str, now: datetime) -> User | None:
    """Return the user of a live session token (neither revoked nor expired), or None."""
    return await session.scalar(
        select(User)
        .join(AuthSession, AuthSession.user_id == User.id)
        .where(
            AuthSession.token_hash == token_hash(token),
            AuthSession.revoked_at.is_(None),
            AuthSession.expires_at > now,
            User.disabled_at.is_(None),
        )
    )


async def rotate_session(
    session: AsyncSession, *, token: str, lifetime: timedelta, now: datetime
) -> tuple[User, str] | None:
    """Exchange a live refresh token for a new one of its family (the old one is revoked).

    A token used before is taken as stolen: whoever replays it, the whole family (every
    token that login led to) is revoked, so the thief's successor stops working too.
    """
    found = await session.scalar(
        select(AuthSession).where(AuthSession.token_hash == token_hash(token)).with_for_update()
    )
    if found is None or found.expires_at <= now:
        return None
    if found.revoked_at is not None:
        await session.execute(
            update(AuthSession)
            .where(AuthSession.family_id == found.family_id, AuthSession.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return None
    found.revoked_at = now
    user = await session.get(User, found.user_id)
    if user is None or user.disabled_at is not None:
        return None
    successor = await start_session(
        session, user_id=user.id, lifetime=lifetime, now=now, family_id=found.family_id
    )
    return user, successor


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


async def count_attempt(
    session: AsyncSession, *, keys: list[str], now: datetime, policy: ThrottlePolicy
) -> int | None:
    """Count a login attempt against each key before any password is checked, in one
    statement per key (concurrent attempts cannot slip between a check and a count); return
    the seconds to wait when a key is locked, or None. A success clears the count.

    The attempt after `max_failures` within the window locks the key for `lockout`.
    """
    wait = 0.0
    for key in keys:
        expired = LoginThrottle.window_start < now - policy.window
        locked = LoginThrottle.locked_until > now
        stmt = (
            insert(LoginThrottle)
            .values(key=key, failures=1, window_start=now)
            .on_conflict_do_update(
                index_elements=[LoginThrottle.key],
                set_={
                    "failures": case(
                        (locked, LoginThrottle.failures),
                        (expired, 1),
                        else_=LoginThrottle.failures + 1,
                    ),
                    "window_start": case(
                        (locked, LoginThrottle.window_start),
                        (expired, now),
                        else_=LoginThrottle.window_start,
                    ),
                },
            )
            .returning(LoginThrottle.failures, LoginThrottle.locked_until)
        )
        failures, locked_until = (await session.execute(stmt)).one()
        if locked_until is None or locked_until <= now:
            if failures <= policy.max_failures:
                continue
            locked_until = now + policy.lockout
            await session.execute(
                update(LoginThrottle)
                .where(LoginThrottle.key == key)
                .values(locked_until=locked_until, failures=0, window_start=now)
            )
        wait = max(wait, (locked_until - now).total_seconds())
    return max(1, math.ceil(wait)) if wait > 0 else None


async def claim_totp_step(session: AsyncSession, *, user_id: uuid.UUID, step: int) -> bool:
    """Record a TOTP code's time-step as used; False when it (or a later one) was used."""
    claimed = await session.scalar(
        update(User)
        .where(
            User.id == user_id,
            (User.totp_last_step.is_(None)) | (User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .returning(User.id)
    )
    return claimed is not None


async def clear_failures(session: AsyncSession, *, keys: list[str]) -> None:
    """Forget the failures of keys after a successful login."""
    await session.execute(delete(LoginThrottle).where(LoginThrottle.key.in_(keys)))


async def must_change_password(session: AsyncSession, *, user_id: uuid.UUID) -> bool:
    """Return whether an account must change the password someone else chose for it."""
    found = await session.scalar(select(User.must_change_password).where(User.id == user_id))
    return bool(found)


async def set_password(session: AsyncSession, *, user_id: uuid.UUID, password: str) -> None:
    """Replace an account's password (checked by the caller); it is its own from now on."""
    hashed = await asyncio.to_thread(hash_password, password)
    await session.execute(
        update(User)
        .where(User.id == user_id)
        .values(password_hash=hashed, must_change_password=False)
    )


async def usernames(
    session: AsyncSession, *, user_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """Return the user names of those accounts the session may see, by id."""
    wanted = set(user_ids)
    if not wanted:
        return {}
    rows = await session.execute(select(User.id, User.username).where(User.id.in_(wanted)))
    return {row.id: row.username for row in rows}
