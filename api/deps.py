"""Typed dependencies, as `Annotated` aliases the routers use.

Every dependency is `async def`, even when it awaits nothing: FastAPI runs plain functions in a
thread pool, a costly detour for work this small.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncConnection

from api.login import SESSION_COOKIE, cookie_principal
from api.security import Principal, read
from api.settings import Settings
from geo.db import Database
from geo.errors import Forbidden, InvalidParameter, Unauthorized
from geo.queries.schedules import OpenSchedules
from geo.values import Audience
from geo.vocab import Role


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


SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_database)]


_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _same_origin(request: Request) -> bool:
    """Whether a cookie-carrying request comes from this site's own pages."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in {"same-origin", "none"}
    origin = request.headers.get("origin")
    return origin is None or origin == str(request.base_url).rstrip("/")


async def get_principal(
    request: Request, settings: SettingsDep, database: DatabaseDep
) -> Principal | None:
    """Return the caller from a Bearer access token, or from the team map's session cookie;
    None for the public. A cookie only counts on a change sent by this site's own pages."""
    header = request.headers.get("authorization")
    if header is None:
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie is None:
            return None
        if request.method not in _SAFE_METHODS and not _same_origin(request):
            raise Forbidden("a change with the session cookie must come from this site")
        return await cookie_principal(database, cookie)
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("use an Authorization: Bearer access token")
    return read(settings, token.strip())


PrincipalDep = Annotated[Principal | None, Depends(get_principal)]


async def get_audience(principal: PrincipalDep) -> Audience:
    """Return who is asking: any logged-in user is a member, everyone else the public."""
    return Audience.PUBLIC if principal is None else Audience.MEMBER


def _require(*roles: Role, reason: str) -> Callable[[Principal | None], Awaitable[Principal]]:
    async def check(principal: PrincipalDep) -> Principal:
        if principal is None:
            raise Unauthorized("log in first")
        if principal.role not in roles:
            raise Forbidden(reason)
        return principal

    return check


MemberDep = Annotated[
    Principal,
    Depends(_require(Role.WORKER, Role.COORDINATOR, Role.ADMIN, reason="log in first")),
]
TeamMemberDep = Annotated[
    Principal,
    Depends(
        _require(
            Role.WORKER,
            Role.COORDINATOR,
            reason="only an association's workers and coordinators see its zones and teams",
        )
    ),
]
CoordinatorDep = Annotated[
    Principal,
    Depends(_require(Role.COORDINATOR, reason="only coordinators change zones and teams")),
]
EditorDep = Annotated[
    Principal,
    Depends(
        _require(
            Role.COORDINATOR,
            Role.ADMIN,
            reason="only coordinators and admins change the directory",
        )
    ),
]
AdminDep = Annotated[
    Principal, Depends(_require(Role.ADMIN, reason="only an admin manages the instance"))
]
ReaderDep = Annotated[AsyncConnection, Depends(get_reader)]
NowDep = Annotated[datetime, Depends(get_now)]
AudienceDep = Annotated[Audience, Depends(get_audience)]


async def get_open_schedules(request: Request) -> OpenSchedules:
    """Return the app's memory of which opening schedules are open at each minute."""
    schedules: OpenSchedules = request.app.state.open_schedules
    return schedules


OpenSchedulesDep = Annotated[OpenSchedules, Depends(get_open_schedules)]


async def get_if_match(request: Request) -> str | None:
    """Return the version named by If-Match (`*` names none: it would protect nothing)."""
    raw = request.headers.get("if-match")
    if raw is None:
        return None
    first = raw.split(",")[0].strip().removeprefix("W/").strip().strip('"')
    return None if first in ("", "*") else first


IfMatchDep = Annotated[str | None, Depends(get_if_match)]


def etag(version: str) -> str:
    """Return a version as an HTTP entity tag."""
    return f'"{version}"'


def check_limit(limit: int | None, *, default: int, maximum: int) -> int:
    """Return the page size asked for, or the default; refuse sizes out of range."""
    if limit is None:
        return default
    if not 1 <= limit <= maximum:
        raise InvalidParameter("limit", f"must be between 1 and {maximum}")
    return limit
