"""Alembic is the only way the schema changes: models and migrations agree, and go both ways."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from api.settings import Settings
from geo.migrate import alembic_config, include_object
from geo.models import Base
from tests.conftest import throwaway_database


def _diff(url: str) -> list[object]:
    def compare(connection: Connection) -> list[object]:
        context = MigrationContext.configure(
            connection,
            opts={
                "include_object": include_object,
                "compare_type": True,
                "compare_server_default": True,
            },
        )
        return list(compare_metadata(context, Base.metadata))

    async def run() -> list[object]:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                return await conn.run_sync(compare)
        finally:
            await engine.dispose()

    return asyncio.run(run())


@pytest.fixture(scope="module")
def scratch() -> Iterator[Settings]:
    """A database of its own: this module migrates down and up."""
    with throwaway_database() as settings:
        yield settings


def test_models_and_migrations_do_not_drift(scratch: Settings) -> None:
    assert _diff(scratch.owner_database_url) == []


def test_downgrade_to_base_and_back(scratch: Settings) -> None:
    config = alembic_config(scratch.owner_database_url)
    command.downgrade(config, "base")
    command.upgrade(config, "head")
    assert _diff(scratch.owner_database_url) == []
