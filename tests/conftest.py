"""Fixtures: a throwaway migrated database, a rolled-back transaction per test, the HTTP app."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import procrastinate
import procrastinate.testing
import pytest
from pydantic import SecretStr
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from api.deps import get_now
from api.main import create_app
from api.security import Principal, issue
from api.settings import Settings
from datasets.demo_loader import DEMO_ROADS, demo_dir
from datasets.road_import import import_roads
from geo.accounts import queries as accounts
from geo.accounts.models import User
from geo.accounts.passwords import hash_password
from geo.db import SERVER_SETTINGS, Database
from geo.directory.drafts import ServiceDraft
from geo.directory.queries.schedules import Horizon
from geo.directory.queries.writes import UpsertCounts, upsert_services
from geo.migrate import upgrade
from geo.planning.queries import HAVERSINE, create_job, store_plan
from geo.provision import Roles, drop_database, provision
from geo.vocab import Role
from geo.zones.drafts import TeamDraft, ZoneDraft
from geo.zones.queries.teams import create_team
from geo.zones.queries.zones import create_zone

# A Monday evening in Paris, outside any French public holiday.
NOW = datetime(2026, 12, 14, 19, 0, tzinfo=UTC)
HORIZON = Horizon.around(NOW, past_days=7, future_days=120)


def _with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def throwaway_settings(prefix: str = "maraude_test") -> Settings:
    """Return settings naming a new, unique database."""
    base = Settings()
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    return base.model_copy(
        update={
            "database_url": _with_database(base.database_url, name),
            "owner_database_url": _with_database(base.owner_database_url, name),
            "secret_key": SecretStr("test-secret-" + "x" * 40),
        }
    )


def create_database(settings: Settings, *, roads: bool = False) -> None:
    """Provision and migrate the database the settings name (outside any event loop); with
    `roads`, load the demo's street network (Monaco) too."""
    roles = Roles.from_urls(
        settings.owner_database_url, settings.database_url, settings.open_database_url
    )
    asyncio.run(provision(settings.admin_database_url, roles))
    upgrade(settings.owner_database_url)
    if roads:
        asyncio.run(_import_demo_roads(settings))


async def _import_demo_roads(settings: Settings) -> None:
    database = Database.from_url(settings.owner_database_url, pool_size=1)
    try:
        await import_roads(database, demo_dir() / DEMO_ROADS)
    finally:
        await database.dispose()


def destroy_database(settings: Settings) -> None:
    """Drop the database the settings name."""
    name = make_url(settings.owner_database_url).database
    if name is None or not name.startswith("maraude_test"):
        raise ValueError(f"refusing to drop {name!r}: not a test database")
    asyncio.run(drop_database(settings.admin_database_url, name))


@contextlib.contextmanager
def throwaway_database(*, roads: bool = False) -> Iterator[Settings]:
    """Yield settings of a new migrated database, dropped afterwards."""
    s = throwaway_settings()
    create_database(s, roads=roads)
    try:
        yield s
    finally:
        destroy_database(s)


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def served_app(settings: Settings, **environment: str) -> Iterator[str]:
    """Serve the app with uvicorn on a free loopback port over the settings' database; yield
    its origin once it answers ready, stop it afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "MARAUDE_DATABASE_URL": settings.database_url,
        "MARAUDE_OWNER_DATABASE_URL": settings.owner_database_url,
        **environment,
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        start_new_session=True,
    )
    origin = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"{origin}/readyz", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the app did not start")
        yield origin
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


@pytest.fixture
def command_line_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """A throwaway database that the `maraude` command line finds through its environment."""
    with throwaway_database() as s:
        monkeypatch.setenv("MARAUDE_OWNER_DATABASE_URL", s.owner_database_url)
        monkeypatch.setenv("MARAUDE_DATABASE_URL", s.database_url)
        yield s


@pytest.fixture(scope="session")
def settings() -> Iterator[Settings]:
    """Settings of a migrated throwaway database holding the Monaco street network, dropped
    at the end of the session."""
    with throwaway_database(roads=True) as s:
        yield s


@pytest.fixture(scope="session")
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """An engine connecting as the application role."""
    eng = create_async_engine(
        settings.database_url, connect_args={"server_settings": SERVER_SETTINGS}
    )
    yield eng
    await eng.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection inside a transaction that is rolled back after the test."""
    async with engine.connect() as conn:
        trans = await conn.begin()
        try:
            yield conn
        finally:
            await trans.rollback()


@pytest.fixture
def database(connection: AsyncConnection) -> Database:
    """Sessions that run in savepoints of the test's transaction."""
    return Database.from_connection(connection)


@pytest.fixture
async def client(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the real app, its clock fixed at NOW."""
    queue = procrastinate.App(connector=procrastinate.testing.InMemoryConnector())
    app = create_app(settings, database=database, queue=queue)

    async def fixed_now() -> datetime:
        return NOW

    app.dependency_overrides[get_now] = fixed_now
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://maraude.test") as c:
        yield c


def draft(**fields: object) -> ServiceDraft:
    """Build a valid draft, overriding any field."""
    values: dict[str, object] = {
        "name": "Service",
        "categories": ("cegidd",),
        "lon": 7.42,
        "lat": 43.74,
        "source": "test",
        "source_id": uuid.uuid4().hex,
    }
    values.update(fields)
    return ServiceDraft.model_validate(values)


async def add(database: Database, *drafts: ServiceDraft) -> UpsertCounts:
    """Upsert drafts and commit (to the test's savepoint)."""
    async with database.session() as session:
        counts = await upsert_services(session, drafts=list(drafts), horizon=HORIZON)
        await session.commit()
    return counts


# --- Associations, accounts and their objects -------------------------------------------

PASSWORD = "Correct-horse-2026"
TOTP_A = "TESTCOORDINATORAAAAAAAAAAAAAAAAA"
TOTP_B = "TESTCOORDINATORBBBBBBBBBBBBBBBBB"
TOTP_ADMIN = "TESTADMINISTRATORAAAAAAAAAAAAAAA"
ZONE = {
    "name": "Zone",
    "kind": "street",
    "geometry": {"type": "Point", "coordinates": [7.42, 43.74]},
    "presence": "Mo-Fr 21:00-02:00",
}
TEAM = {
    "label": "Team",
    "mode": "foot",
    "start": {"type": "Point", "coordinates": [7.42, 43.73]},
    "end": {"type": "Point", "coordinates": [7.42, 43.73]},
    "shifts": "Tu 20:00-23:00",
    "skills": ["trod"],
}


@functools.cache
def password_hash() -> str:
    """Hash the test password once (Argon2 is slow on purpose)."""
    return hash_password(PASSWORD)


@dataclass
class Tenants:
    """Two associations, their members, an admin, a zone, a team, a plan and a job each."""

    associations: dict[str, uuid.UUID]
    principals: dict[str, Principal]
    tokens: dict[str, str]
    zones: dict[str, uuid.UUID]
    teams: dict[str, uuid.UUID]
    plans: dict[str, uuid.UUID]
    jobs: dict[str, uuid.UUID]

    def headers(self, caller: str) -> dict[str, str]:
        """Return the Authorization header of a caller (none for the public)."""
        token = self.tokens.get(caller)
        return {"Authorization": f"Bearer {token}"} if token else {}


async def make_tenants(database: Database, settings: Settings) -> Tenants:
    """Create the two associations, their accounts and objects, committed to `database`."""
    associations: dict[str, uuid.UUID] = {}
    principals: dict[str, Principal] = {}
    async with database.instance() as session:
        for key in ("a", "b"):
            association = await accounts.create_association(session, name=f"Association {key}")
            associations[key] = association.id
        specs = [
            ("worker_a", Role.WORKER, "a", None),
            ("coordinator_a", Role.COORDINATOR, "a", TOTP_A),
            ("worker_b", Role.WORKER, "b", None),
            ("coordinator_b", Role.COORDINATOR, "b", TOTP_B),
            ("admin", Role.ADMIN, None, TOTP_ADMIN),
        ]
        for name, role, key, totp in specs:
            owner = associations[key] if key else None
            user = User(
                username=name.replace("_", "-"),
                password_hash=password_hash(),
                role=role.value,
                association_id=owner,
                totp_secret=totp,
            )
            session.add(user)
            await session.flush()
            principals[name] = Principal(user.id, user.username, role, owner)
        await session.commit()
    zones, teams, plans, jobs = {}, {}, {}, {}
    for key in ("a", "b"):
        actor = principals[f"coordinator_{key}"].actor()
        async with database.tenant(associations[key]) as session:
            draft = ZoneDraft.model_validate({**ZONE, "name": f"Zone {key}"})
            zone = await create_zone(session, actor=actor, draft=draft)
            team = await create_team(session, actor=actor, draft=TeamDraft.model_validate(TEAM))
            zones[key], teams[key] = zone.id, team.id
            scenario, result = small_plan(zone.id, team.id)
            plans[key] = await store_plan(
                session,
                association_id=associations[key],
                week_start=date(2026, 12, 14),
                scenario=scenario,
                result=result,
            )
            job = await create_job(
                session,
                association_id=associations[key],
                user_id=actor.user_id,
                request={"week_start": "2026-12-14"},
            )
            jobs[key] = job.id
            await session.commit()
    now = datetime.now(UTC)
    tokens = {name: issue(settings, p, now=now)[0] for name, p in principals.items()}
    return Tenants(associations, principals, tokens, zones, teams, plans, jobs)


@pytest.fixture
async def tenants(database: Database, settings: Settings) -> Tenants:
    """Two associations with members and objects, rolled back after the test."""
    return await make_tenants(database, settings)


def small_plan(zone_id: uuid.UUID, team_id: uuid.UUID) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return a scenario and a one-round plan (format 1) over one zone and one team."""
    here = {"lon": 7.42, "lat": 43.73}
    scenario = {
        "format": 1,
        "name": "week",
        "timezone": "Europe/Paris",
        "country": "FR",
        "week_start": "2026-12-14",
        "travel": HAVERSINE,
        "zones": [
            {
                "id": str(zone_id),
                "lon": 7.42,
                "lat": 43.74,
                "presence": "Mo 21:00-02:00",
                "visit_minutes": 30,
                "weight": 3,
                "min_visits": 1,
                "max_visits": 1,
                "min_night_visits": 0,
                "requires": [],
            }
        ],
        "teams": [
            {
                "id": str(team_id),
                "mode": "foot",
                "start": here,
                "end": here,
                "shifts": "Mo 20:00-23:00",
                "skills": [],
            }
        ],
    }
    day = "2026-12-14T"
    result = {
        "format": 1,
        "scenario": "week",
        "unvisited": [],
        "warnings": [],
        "objective": {
            "required_coverage": 1.0,
            "weighted_visits": 3,
            "night_requirements_met": 1.0,
            "travel_minutes": 29.0,
        },
        "rounds": [
            {
                "team": str(team_id),
                "shift_start": f"{day}20:00:00+01:00",
                "shift_end": f"{day}23:00:00+01:00",
                "depart": f"{day}20:45:00+01:00",
                "stops": [
                    {
                        "zone": str(zone_id),
                        "arrive": f"{day}21:00:00+01:00",
                        "start": f"{day}21:00:00+01:00",
                        "end": f"{day}21:30:00+01:00",
                    }
                ],
                "return": f"{day}21:45:00+01:00",
            }
        ],
    }
    return scenario, result
