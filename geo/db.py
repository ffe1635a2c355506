"""Engines and sessions."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

Reader = AsyncSession | AsyncConnection
"""What read-only queries run on: a session, or a bare connection without transaction."""

# Short queries gain nothing from JIT compilation and can lose milliseconds to it.
SERVER_SETTINGS = {"jit": "off", "application_name": "maraude"}


def make_engine(
    url: str, *, pool_size: int = 10, max_overflow: int | None = None, pooled: bool = True
) -> AsyncEngine:
    """Create an engine for a PostgreSQL URL (asyncpg driver); without `pooled`, each use
    opens and closes its own connection (an app built for a test, whose lifespan never runs)."""
    if not pooled:
        return create_async_engine(
            url,
            poolclass=NullPool,
            hide_parameters=True,
            connect_args={"server_settings": SERVER_SETTINGS},
        )
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size if max_overflow is None else max_overflow,
        # No ping on checkout: it costs a round trip per request. A connection the server
        # dropped fails its request (503 with Retry-After) and is replaced.
        pool_recycle=1800,
        # Parameters may be positions or names: keep them out of logs and error messages.
        hide_parameters=True,
        connect_args={"server_settings": SERVER_SETTINGS},
    )


class Database:
    """Hands out sessions; tests bind one to a connection inside a rolled-back transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        engine: AsyncEngine | None,
        connection: AsyncConnection | None = None,
    ):
        self._sessions = sessions
        self._engine = engine
        self._connection = connection
        self._autocommit = (
            engine.execution_options(isolation_level="AUTOCOMMIT") if engine is not None else None
        )

    @classmethod
    def from_url(
        cls, url: str, *, pool_size: int = 10, max_overflow: int | None = None, pooled: bool = True
    ) -> Database:
        """Open a database, pooled unless told otherwise."""
        engine = make_engine(url, pool_size=pool_size, max_overflow=max_overflow, pooled=pooled)
        return cls(async_sessionmaker(engine, expire_on_commit=False), engine)

    @classmethod
    def from_connection(cls, connection: AsyncConnection) -> Database:
        """Use one connection; each session runs in a savepoint of its open transaction."""
        sessions = async_sessionmaker(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        return cls(sessions, None, connection)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """Yield a session; the caller commits, anything uncommitted is rolled back."""
        async with self._sessions() as session:
            yield session

    @asynccontextmanager
    async def tenant(self, association_id: uuid.UUID | None) -> AsyncIterator[AsyncSession]:
        """Yield a session whose transaction sees the rows of one association only.

        The association is set with `set_config(..., true)`: it lasts until the transaction
        ends, so a pooled connection never carries it to another request. With None (an
        admin, or no association), row-level security shows no association's rows at all.
        After a commit the setting is gone: commit once, at the end.
        """
        async with self._sessions() as session:
            await session.execute(
                text(
                    "SELECT set_config('app.association_id', :id, true), "
                    "set_config('app.instance', '', true)"
                ),
                {"id": "" if association_id is None else str(association_id)},
            )
            yield session

    @asynccontextmanager
    async def instance(self) -> AsyncIterator[AsyncSession]:
        """Yield a session for the instance's own work on accounts (logins, sessions, admins
        managing accounts): it sees every account, and still no association's zones or other
        rows. Like `tenant`, the setting ends with the transaction: commit once."""
        async with self._sessions() as session:
            await session.execute(
                text(
                    "SELECT set_config('app.association_id', '', true), "
                    "set_config('app.instance', 'on', true)"
                )
            )
            yield session

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[AsyncConnection]:
        """Yield a connection for reads that need no transaction: no BEGIN/COMMIT round trips,
        none of a session's bookkeeping."""
        if self._connection is not None:
            yield self._connection
            return
        assert self._autocommit is not None
        async with self._autocommit.connect() as connection:
            yield connection

    async def dispose(self) -> None:
        """Close the pool."""
        if self._engine is not None:
            await self._engine.dispose()
