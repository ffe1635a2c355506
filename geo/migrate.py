"""Run Alembic migrations programmatically and report the schema revision."""

from __future__ import annotations

import asyncio
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import asyncpg
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from geoalchemy2 import alembic_helpers
from sqlalchemy.engine import make_url


def _root() -> Path:
    """Return the checkout (or install) root holding alembic.ini and alembic/."""
    here = Path(str(resources.files("geo"))).resolve().parent
    return here


UNCOMPARED_INDEXES = frozenset({"ix_service_hsds_id"})


def include_object(obj: Any, name: str | None, kind: str, reflected: bool, compare_to: Any) -> bool:
    """Compare what the models own; leave out the job queue's own tables (procrastinate)."""
    if kind == "table" and name is not None and name.startswith("procrastinate_"):
        return False
    # An expression index the server stores rewritten (casts, parentheses): Alembic sees the
    # model's and the database's as two indexes. Migration 0016 makes it as the model says.
    if kind == "index" and name in UNCOMPARED_INDEXES:
        return False
    table = getattr(obj, "table", None)
    if table is not None and str(getattr(table, "name", "")).startswith("procrastinate_"):
        return False
    return bool(
        alembic_helpers.include_object(obj, name, kind, reflected, compare_to)  # type: ignore[no-untyped-call]
    )


def alembic_config(url: str) -> Config:
    """Build an Alembic config that migrates the database at `url`."""
    root = _root()
    cfg = Config(str(root / "alembic.ini"))
    cfg.set_main_option("script_location", str(root / "alembic"))
    cfg.attributes["url"] = url
    cfg.attributes["configure_logger"] = False
    return cfg


def upgrade(url: str, revision: str = "head", *, open_role: str = "maraude_open") -> None:
    """Migrate the database at `url` to `revision`, then let the open-data role read the views
    of `opendata` (must not run inside an event loop)."""
    command.upgrade(alembic_config(url), revision)
    asyncio.run(grant_open_data(url, open_role))


async def grant_open_data(url: str, role: str) -> None:
    """Grant the open-data role what it may read, the views of `opendata`, as their owner (a
    role is the cluster's: `maraude db setup` makes it, the migrations cannot). Idempotent;
    nothing to do before the schema or the role exists."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        if not await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role):
            return
        if not await conn.fetchval("SELECT 1 FROM pg_namespace WHERE nspname = 'opendata'"):
            return
        name = '"' + role.replace('"', '""') + '"'
        await conn.execute(f"GRANT USAGE ON SCHEMA opendata TO {name}")
        await conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA opendata TO {name}")
    finally:
        await conn.close()


@cache
def head_revision() -> str | None:
    """Return the head revision of the migration scripts (read once: they do not change
    while the process runs)."""
    script = ScriptDirectory.from_config(alembic_config("postgresql://"))
    return script.get_current_head()
