"""Create the roles, the database and the extensions an instance needs (superuser, once)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import asyncpg
from sqlalchemy.engine import make_url

logger = logging.getLogger(__name__)

EXTENSIONS = (
    "postgis",
    "pgrouting",
    "btree_gist",
    "intarray",
    "pg_trgm",
    "unaccent",
    "uuid-ossp",
)


@dataclass(frozen=True, slots=True)
class Roles:
    """The roles of an instance and its database: the schema's owner, the application's role,
    and the open-data role, which can read the views of the schema `opendata` and nothing
    else."""

    database: str
    owner: str
    owner_password: str | None
    app: str
    app_password: str | None
    reader: str = "maraude_open"
    reader_password: str | None = None

    @classmethod
    def from_urls(cls, owner_url: str, app_url: str, open_url: str | None = None) -> Roles:
        """Read the roles and the database from the owner's, the application's and the
        open-data role's URLs (that one may name a replica: only its role is read here)."""
        owner, app = make_url(owner_url), make_url(app_url)
        reader = make_url(open_url) if open_url else None
        if owner.database != app.database or not owner.database:
            raise ValueError("owner and application URLs must name the same database")
        names = {owner.username, app.username, reader.username if reader else None}
        if len(names) < 3:
            raise ValueError("the owner, application and open-data roles must differ")
        return cls(
            database=owner.database,
            owner=owner.username or "maraude",
            owner_password=_password(owner.password),
            app=app.username or "maraude_app",
            app_password=_password(app.password),
            reader=(reader.username if reader else None) or "maraude_open",
            reader_password=_password(reader.password) if reader else None,
        )


def _password(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _ident(name: str) -> str:
    """Quote an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


async def _ensure_role(conn: asyncpg.Connection, name: str, password: str | None) -> None:
    exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", name)
    verb = "ALTER" if exists else "CREATE"
    clause = f" PASSWORD {_literal(password)}" if password else ""
    await conn.execute(f"{verb} ROLE {_ident(name)} LOGIN NOSUPERUSER NOCREATEROLE{clause}")


def _dsn(admin_url: str, database: str | None = None) -> str:
    url = make_url(admin_url).set(drivername="postgresql")
    if database is not None:
        url = url.set(database=database)
    return url.render_as_string(hide_password=False)


async def provision(admin_url: str, roles: Roles) -> None:
    """Create what is missing: roles, database, extensions, default grants. Idempotent."""
    conn = await asyncpg.connect(_dsn(admin_url))
    try:
        await _ensure_role(conn, roles.owner, roles.owner_password)
        await _ensure_role(conn, roles.app, roles.app_password)
        await _ensure_role(conn, roles.reader, roles.reader_password)
        # Whatever a query of the open-data role asks, it cannot write nor run long.
        reader = _ident(roles.reader)
        await conn.execute(f"ALTER ROLE {reader} SET default_transaction_read_only = on")
        await conn.execute(f"ALTER ROLE {reader} SET statement_timeout = '15s'")
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", roles.database):
            logger.info("creating database %s", roles.database)
            await conn.execute(
                f"CREATE DATABASE {_ident(roles.database)} OWNER {_ident(roles.owner)}"
            )
    finally:
        await conn.close()
    conn = await asyncpg.connect(_dsn(admin_url, roles.database))
    try:
        for ext in EXTENSIONS:
            await conn.execute(f"CREATE EXTENSION IF NOT EXISTS {_ident(ext)} CASCADE")
        db, owner, app = _ident(roles.database), _ident(roles.owner), _ident(roles.app)
        await conn.execute(f"GRANT CONNECT ON DATABASE {db} TO {app}")
        await conn.execute(f"GRANT USAGE ON SCHEMA public TO {app}")
        await conn.execute(
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}"
        )
        await conn.execute(
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
            f"GRANT USAGE, SELECT ON SEQUENCES TO {app}"
        )
        # The open-data role may connect; the migrations' owner grants it the views of
        # `opendata` and nothing else (geo.migrate.grant_open_data; no table of `public` is
        # granted to PUBLIC).
        await conn.execute(f"GRANT CONNECT ON DATABASE {db} TO {_ident(roles.reader)}")
    finally:
        await conn.close()


async def drop_database(admin_url: str, database: str) -> None:
    """Drop a database (used for throwaway test databases)."""
    conn = await asyncpg.connect(_dsn(admin_url))
    try:
        await conn.execute(f"DROP DATABASE IF EXISTS {_ident(database)} WITH (FORCE)")
    finally:
        await conn.close()
