"""Typed dependencies, as `Annotated` aliases the routers use.

Every dependency is `async def`, even when it awaits nothing: FastAPI runs plain functions in a
thread pool, a costly detour for work this small.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

import procrastinate
from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from api.login import SESSION_COOKIE, cookie_principal
from api.security import Principal, bearer
from api.settings import Settings
from geo.db import Database
from geo.directory.queries.schedules import OpenSchedules
from geo.errors import Forbidden, InvalidParameter, Unauthorized, Unavailable
from geo.migrate import head_revision
from geo.reports.publication import PublicStatistics
from geo.values import Actor, Audience
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


async def get_open_reader(request: Request) -> AsyncIterator[AsyncConnection]:
    """Yield a connection of the open-data role, which can read the views of `opendata` and
    nothing else (on the replica when there is one)."""
    database: Database = request.app.state.open_database
    async with database.reader() as connection:
        yield connection


OpenReaderDep = Annotated[AsyncConnection, Depends(get_open_reader)]


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
    return bearer(settings, header)


PrincipalDep = Annotated[Principal | None, Depends(get_principal)]


async def get_public_reads(request: Request, principal: PrincipalDep) -> Database:
    """Return the database a read goes to: the replica (`MARAUDE_READ_DATABASE_URL`) for the
    public, the primary for anyone logged in (who must read their own writes)."""
    replica: Database | None = request.app.state.read_database
    if replica is not None and principal is None:
        return replica
    database: Database = request.app.state.database
    return database


PublicReadsDep = Annotated[Database, Depends(get_public_reads)]


async def same_site_form(request: Request) -> None:
    """Refuse a form sent from another site (login CSRF: it would log the victim in as the
    attacker, whose zones and notes the victim would then fill in)."""
    if not _same_origin(request):
        raise Forbidden("this form must be sent from this site's own page")


SameSiteFormDep = Depends(same_site_form)


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
ManagerDep = Annotated[
    Principal,
    Depends(
        _require(
            Role.COORDINATOR,
            Role.ADMIN,
            reason="only coordinators (their association's) and admins manage accounts",
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


async def get_queue(request: Request) -> procrastinate.App:
    """Return the jobs queue, or refuse when this server has none."""
    queue: procrastinate.App | None = request.app.state.queue
    if queue is None:
        raise Unavailable("no job queue is configured on this server")
    return queue


QueueDep = Annotated[procrastinate.App, Depends(get_queue)]


async def get_schema_head() -> str | None:
    """Return the migrations' head revision, which the database must be at."""
    return head_revision()


SchemaHeadDep = Annotated[str | None, Depends(get_schema_head)]


async def get_public_statistics(request: Request) -> PublicStatistics:
    """Return the app's published public statistics, kept per state of the counts."""
    statistics: PublicStatistics = request.app.state.public_statistics
    return statistics


PublicStatisticsDep = Annotated[PublicStatistics, Depends(get_public_statistics)]


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


@asynccontextmanager
async def _unit_of_work(
    database: Database, association_id: uuid.UUID | None
) -> AsyncIterator[AsyncSession]:
    """Yield a session scoped to one association (or to none), committed once on success and
    rolled back when the handler raises."""
    async with database.tenant(association_id) as session:
        yield session
        await session.commit()


@dataclass(frozen=True, slots=True)
class Tenant:
    """A unit of work for a member of an association: the member, their association, and a
    session whose row-level security shows that association's rows only."""

    session: AsyncSession
    member: Principal
    owner: uuid.UUID

    def actor(self) -> Actor:
        """Return the actor recorded in audit entries."""
        return self.member.actor()


@asynccontextmanager
async def _tenant(database: Database, member: Principal) -> AsyncIterator[Tenant]:
    owner = member.association_id
    if owner is None:  # the role checks let only an association's members through
        raise Forbidden("only an association's members act for it")
    async with _unit_of_work(database, owner) as session:
        yield Tenant(session, member, owner)


async def get_member_tenant(member: TeamMemberDep, database: DatabaseDep) -> AsyncIterator[Tenant]:
    """Yield the unit of work of a worker or coordinator."""
    async with _tenant(database, member) as tenant:
        yield tenant


async def get_coordinator_tenant(
    coordinator: CoordinatorDep, database: DatabaseDep
) -> AsyncIterator[Tenant]:
    """Yield the unit of work of a coordinator."""
    async with _tenant(database, coordinator) as tenant:
        yield tenant


async def get_page_tenant(
    principal: PrincipalDep, database: DatabaseDep
) -> AsyncIterator[Tenant | None]:
    """Yield the unit of work of an association's member on the team pages, or None for
    anyone else (the pages send them to the login form instead of answering 401)."""
    if principal is None or principal.association_id is None:
        yield None
        return
    async with _tenant(database, principal) as tenant:
        yield tenant


@dataclass(frozen=True, slots=True)
class Acting:
    """A unit of work for someone who may act without an association (an admin): the session
    sees that association's rows, or none when the caller has none."""

    session: AsyncSession
    caller: Principal

    def actor(self) -> Actor:
        """Return the actor recorded in audit entries."""
        return self.caller.actor()


async def get_member_work(member: MemberDep, database: DatabaseDep) -> AsyncIterator[Acting]:
    """Yield the unit of work of any logged-in user: a worker's or coordinator's association's
    rows, none for an admin."""
    async with _unit_of_work(database, member.association_id) as session:
        yield Acting(session, member)


async def get_editor_work(editor: EditorDep, database: DatabaseDep) -> AsyncIterator[Acting]:
    """Yield the unit of work of a coordinator (their association's rows) or an admin (none)."""
    async with _unit_of_work(database, editor.association_id) as session:
        yield Acting(session, editor)


@dataclass(frozen=True, slots=True)
class Viewing:
    """A unit of work for any caller: a worker's or coordinator's association's rows, or no
    association's for the public and admins."""

    session: AsyncSession
    owner: uuid.UUID | None


async def get_viewer_work(principal: PrincipalDep, database: DatabaseDep) -> AsyncIterator[Viewing]:
    """Yield a unit of work that sees the caller's association's rows if they are a member."""
    member = principal is not None and principal.role in (Role.WORKER, Role.COORDINATOR)
    owner = principal.association_id if member and principal is not None else None
    async with _unit_of_work(database, owner) as session:
        yield Viewing(session, owner)


async def get_manager_work(manager: ManagerDep, database: DatabaseDep) -> AsyncIterator[Acting]:
    """Yield the unit of work of someone managing accounts: a coordinator's sees their
    association's rows (its accounts among them); an admin's is the instance's own work, which
    sees every account and no association's other rows."""
    if manager.association_id is not None:
        async with _unit_of_work(database, manager.association_id) as session:
            yield Acting(session, manager)
        return
    async with database.instance() as session:
        yield Acting(session, manager)
        await session.commit()


async def get_instance_session(database: DatabaseDep) -> AsyncIterator[AsyncSession]:
    """Yield a unit of work that sees no association's rows: the directory, accounts, jobs."""
    async with _unit_of_work(database, None) as session:
        yield session


# Committed when the handler returns, before the response is sent: a failed commit is the
# response, never a success already on its way.
MemberTenantDep = Annotated[Tenant, Depends(get_member_tenant, scope="function")]
CoordinatorTenantDep = Annotated[Tenant, Depends(get_coordinator_tenant, scope="function")]
EditorWorkDep = Annotated[Acting, Depends(get_editor_work, scope="function")]
MemberWorkDep = Annotated[Acting, Depends(get_member_work, scope="function")]
PageTenantDep = Annotated[Tenant | None, Depends(get_page_tenant, scope="function")]
ManagerWorkDep = Annotated[Acting, Depends(get_manager_work, scope="function")]
ViewerWorkDep = Annotated[Viewing, Depends(get_viewer_work, scope="function")]
InstanceSessionDep = Annotated[AsyncSession, Depends(get_instance_session, scope="function")]
