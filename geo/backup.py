"""Back up a whole instance and restore it elsewhere (PostgreSQL's own pg_dump and pg_restore,
so the dump keeps every table, grant, policy and the job queue).

Both connect as the superuser: the association tables force row-level security, which even
their owner cannot read past, and a backup must hold every association's rows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """A backup or restore could not be done; the message says why."""


def _environment(admin_url: str) -> dict[str, str]:
    """Return libpq's environment for the superuser URL (no password on a command line)."""
    url = make_url(admin_url)
    env = dict(os.environ)
    host = url.host or url.query.get("host")
    for key, value in (
        ("PGHOST", host),
        ("PGPORT", str(url.port) if url.port else None),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
    ):
        if isinstance(value, str) and value:
            env[key] = value
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian's postgresql-client package)")
    return found


def backup(admin_url: str, database: str, path: Path) -> None:
    """Write the database to `path` in pg_dump's custom format; a failed backup leaves no
    file behind (it is written aside, then moved in place)."""
    aside = path.with_name(path.name + ".partial")
    command = [_tool("pg_dump"), "--format=custom", "--file", str(aside), "--dbname", database]
    done = subprocess.run(command, env=_environment(admin_url), capture_output=True, text=True)
    if done.returncode != 0:
        aside.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {done.stderr.strip()[-500:]}")
    aside.replace(path)


async def is_empty(admin_url: str, database: str) -> bool:
    """Return whether a database holds no Maraude schema yet."""
    url = make_url(admin_url).set(drivername="postgresql", database=database)
    conn = await asyncpg.connect(url.render_as_string(hide_password=False))
    try:
        return await conn.fetchval("SELECT to_regclass('public.alembic_version')") is None
    finally:
        await conn.close()


def restore(admin_url: str, database: str, path: Path) -> None:
    """Restore a backup into a database made by `maraude db setup` and nothing more, in one
    transaction: it all lands, or nothing does."""
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    command = [
        _tool("pg_restore"),
        "--exit-on-error",
        "--single-transaction",
        "--dbname",
        database,
        str(path),
    ]
    done = subprocess.run(command, env=_environment(admin_url), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed, nothing restored: {done.stderr.strip()[-500:]}")
