"""Typed dependencies, as `Annotated` aliases the routers use."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from api.settings import Settings
from geo.categories import BY_SLUG
from geo.db import Database
from geo.errors import InvalidParameter
from geo.queries.schedules import Horizon, HorizonCache
from geo.values import Audience, BBox, ServiceFilter
from geo.vocab import ISO_639_1, Condition, Public


def get_settings(request: Request) -> Settings:
    """Return the app's settings."""
    settings: Settings = request.app.state.settings
    return settings


def get_database(request: Request) -> Database:
    """Return the app's database."""
    database: Database = request.app.state.database
    return database


async def get_session(
    database: Annotated[Database, Depends(get_database)],
) -> AsyncIterator[AsyncSession]:
    """Yield a session for the request."""
    async with database.session() as session:
        yield session


def get_now() -> datetime:
    """Return the current instant (a dependency, so tests can fix the clock)."""
    return datetime.now(UTC)


def get_audience() -> Audience:
    """Return who is asking: the directory has no accounts yet, so every caller is the public."""
    return Audience.PUBLIC


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[AsyncSession, Depends(get_session)]
NowDep = Annotated[datetime, Depends(get_now)]
AudienceDep = Annotated[Audience, Depends(get_audience)]


async def get_horizon(request: Request, session: SessionDep) -> Horizon | None:
    """Return the span of the precomputed opening ranges."""
    cache: HorizonCache = request.app.state.horizon_cache
    return await cache.get(session)


HorizonDep = Annotated[Horizon | None, Depends(get_horizon)]


def _instant(value: datetime, settings: Settings) -> datetime:
    """Read a datetime without offset as the instance's local time."""
    if value.tzinfo is None:
        return value.replace(tzinfo=ZoneInfo(settings.default_timezone))
    return value


def get_filters(
    settings: SettingsDep,
    now: NowDep,
    category: Annotated[
        list[str], Query(description="Category slug (repeatable: any of them).")
    ] = [],  # noqa: B006 - FastAPI copies defaults
    language: Annotated[
        list[str], Query(description="ISO 639-1 language spoken (repeatable: any of them).")
    ] = [],  # noqa: B006
    public: Annotated[
        list[Public], Query(description="Public welcomed (repeatable: all of them).")
    ] = [],  # noqa: B006
    condition: Annotated[
        list[Condition], Query(description="Condition of access (repeatable: all of them).")
    ] = [],  # noqa: B006
    open_at: Annotated[
        datetime | None,
        Query(description="Only services open at this ISO 8601 instant (no offset: local)."),
    ] = None,
    open_now: Annotated[bool, Query(description="Shorthand for open_at=now.")] = False,
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=100, description="Name contains (accents ignored)."),
    ] = None,
    bbox: Annotated[
        str | None, Query(description="west,south,east,north in WGS 84 degrees.")
    ] = None,
) -> ServiceFilter:
    """Validate and gather the directory filters."""
    unknown = [c for c in category if c not in BY_SLUG]
    if unknown:
        raise InvalidParameter(
            "category", f"unknown category {unknown[0]!r}; the list is at /api/v1/categories"
        )
    bad = [code for code in language if code not in ISO_639_1]
    if bad:
        raise InvalidParameter("language", f"{bad[0]!r} is not an ISO 639-1 language code")
    if open_at is not None and open_now:
        raise InvalidParameter("open_now", "give open_at or open_now, not both")
    at = _instant(open_at, settings) if open_at is not None else (now if open_now else None)
    return ServiceFilter(
        categories=tuple(dict.fromkeys(category)),
        languages=tuple(dict.fromkeys(language)),
        publics=tuple(p.value for p in dict.fromkeys(public)),
        conditions=tuple(c.value for c in dict.fromkeys(condition)),
        open_at=at,
        q=q,
        bbox=BBox.parse(bbox) if bbox is not None else None,
    )


FiltersDep = Annotated[ServiceFilter, Depends(get_filters)]
