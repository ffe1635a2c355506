"""A member changes their own password: the one someone else chose at first, or any time."""

from __future__ import annotations

import asyncio

from geo.accounts import audit
from geo.accounts import queries as accounts
from geo.accounts.passwords import PasswordPolicyError, check_password, verify_password
from geo.db import Database
from geo.errors import InvalidField, Unauthorized
from geo.values import Actor


async def change_own_password(
    database: Database, *, actor: Actor, username: str, current: str, new: str
) -> None:
    """Replace the actor's password after checking the current one; nothing changes when
    the current one is wrong or the new one is refused."""
    async with database.instance() as session:
        record = await accounts.login_record(session, username=username)
    if record is None or record.disabled_at is not None:
        raise Unauthorized("this account can no longer log in")
    if not await asyncio.to_thread(verify_password, current, record.password_hash):
        raise InvalidField("current", "this is not your current password")
    if new == current:
        raise InvalidField("new", "choose a password other than the current one")
    try:
        check_password(new)
    except PasswordPolicyError as exc:
        raise InvalidField("new", str(exc)) from exc
    async with database.instance() as session:
        await accounts.set_password(session, user_id=record.id, password=new)
        await audit.record_for(
            session,
            actor.association_id,
            actor=actor,
            action="password-change",
            object_type="user",
            object_id=str(record.id),
            detail={"username": record.username},
        )
        await session.commit()
