"""Typed dependencies, as `Annotated` aliases the routers use.

Every dependency is `async def`, even when it awaits nothing: FastAPI runs plain functions in a
thread pool, a costly detour for work this small.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncConnection

from api.settings import Settings
from geo.db import Database
from geo.queries.schedules import OpenSchedules
from geo.values import Audience


async def get_settings(request: Request) -> Settings:
    """Return the app's settings."""
    settings: Settings = request.app.state.settings
    return settings


async def get_database(request: Request) -> Database:
    """Return the app's database."""
    database: Database = request.app.state.database
    return database


async def get_reader(
    database: Annotated[Database, Depends(get_database)],
) -> AsyncIterator[AsyncConnection]:
    """Yield a connection for read-only requests: no transaction, no BEGIN/COMMIT round trips."""
    async with database.reader() as connection:
        yield connection


async def get_now() -> datetime:
    """Return the current instant (a dependency, so tests can fix the clock)."""
    return datetime.now(UTC)


async def get_audience() -> Audience:
    """Return who is asking: the directory has no accounts yet, so every caller is the public."""
    return Audience.PUBLIC


SettingsDep = Annotated[Settings, Depends(get_settings)]
ReaderDep = Annotated[AsyncConnection, Depends(get_reader)]
NowDep = Annotated[datetime, Depends(get_now)]
AudienceDep = Annotated[Audience, Depends(get_audience)]


async def get_open_schedules(request: Request) -> OpenSchedules:
    """Return the app's memory of which opening schedules are open at each minute."""
    schedules: OpenSchedules = request.app.state.open_schedules
    return schedules


DatabaseDep = Annotated[Database, Depends(get_database)]
OpenSchedulesDep = Annotated[OpenSchedules, Depends(get_open_schedules)]
