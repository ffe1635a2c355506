"""Readiness: the database answers and its schema is at the migrations' head."""

from __future__ import annotations

from sqlalchemy import text

from geo.db import Reader


async def schema_revision(session: Reader) -> str | None:
    """Return the database's Alembic revision, or None when it was never migrated."""
    exists = (await session.execute(text("SELECT to_regclass('alembic_version')"))).scalar()
    if exists is None:
        return None
    return (await session.execute(text("SELECT version_num FROM alembic_version"))).scalar()
