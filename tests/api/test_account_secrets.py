"""Accounts are isolated like zones, and their secrets are out of reach of the role that
serves requests (it is the role these tests connect as)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.conftest import Tenants


async def _count(connection: AsyncConnection, association: object) -> int:
    await connection.execute(
        text("SELECT set_config('app.association_id', :id, true)"), {"id": str(association or "")}
    )
    return int((await connection.execute(text("SELECT count(*) FROM app_user"))).scalar() or 0)


async def test_a_transaction_sees_its_association_s_accounts_only(
    connection: AsyncConnection, tenants: Tenants
) -> None:
    assert await _count(connection, tenants.associations["a"]) == 2  # its worker, coordinator
    assert await _count(connection, tenants.associations["b"]) == 2
    assert await _count(connection, None) == 0
    await connection.execute(text("SELECT set_config('app.instance', 'on', true)"))
    assert int((await connection.execute(text("SELECT count(*) FROM app_user"))).scalar() or 0) == 5


@pytest.mark.parametrize("column", ["password_hash", "totp_secret", "*"])
async def test_the_serving_role_cannot_read_secrets(
    connection: AsyncConnection, tenants: Tenants, column: str
) -> None:
    await connection.execute(text("SELECT set_config('app.instance', 'on', true)"))
    with pytest.raises(ProgrammingError, match="permission denied"):
        async with connection.begin_nested():
            await connection.execute(text(f"SELECT {column} FROM app_user"))


async def test_logging_in_reads_one_named_account_and_leaves_nothing_on(
    connection: AsyncConnection, tenants: Tenants
) -> None:
    row = (
        await connection.execute(text("SELECT * FROM maraude_login_record('coordinator-a')"))
    ).one()
    assert row.username == "coordinator-a"
    assert row.password_hash.startswith("$argon2")
    assert row.totp_secret
    after = (
        await connection.execute(text("SELECT current_setting('app.instance', true)"))
    ).scalar()
    assert after in (None, "")  # the function does not leave the instance view switched on
    assert await _count(connection, None) == 0
