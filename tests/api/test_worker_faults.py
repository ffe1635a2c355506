"""Every job ends: a worker killed mid-plan or mid-import has its job retried (once) or
failed with a reason, a job failing at its first step says so, and one association's plans
never hold up another's."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import delete

from api.main import create_app
from api.settings import Settings
from api.worker import IMPORTS, UPKEEP, queue, recover, run_worker
from geo.accounts.models import Association, User
from geo.db import Database
from geo.imports.models import ImportJob
from geo.zones.drafts import ZoneDraft
from geo.zones.queries.zones import create_zone
from tests.conftest import ZONE, Tenants, make_tenants, throwaway_database

ROOT = Path(__file__).resolve().parents[2]
MONDAY = "2026-12-14"
FINESS = ROOT / "tests" / "fixtures" / "finess" / "outreach-sample.csv"


@pytest.fixture(scope="module")
def own_database() -> Iterator[Settings]:
    """A database of this module alone: workers run in other processes."""
    with throwaway_database() as settings:
        yield settings


World = tuple[httpx.AsyncClient, Tenants, Database, Any]


@pytest.fixture
async def world(own_database: Settings) -> AsyncIterator[World]:
    database = Database.from_url(own_database.database_url, pool_size=4)
    tenants = await make_tenants(database, own_database)
    for key in ("a", "b"):
        actor = tenants.principals[f"coordinator_{key}"].actor()
        async with database.tenant(tenants.associations[key]) as session:
            for i in range(3):
                point = {"type": "Point", "coordinates": [7.421 + i / 500, 43.741]}
                body = {**ZONE, "name": f"Rue {i}", "presence": "Mo-Su 20:00-23:30"}
                draft = ZoneDraft.model_validate({**body, "geometry": point})
                await create_zone(session, actor=actor, draft=draft)
            await session.commit()
    jobs = queue(own_database)
    async with jobs.open_async():
        app = create_app(own_database, database=database, queue=jobs)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://maraude.test") as c:
            yield c, tenants, database, jobs
    async with database.instance() as session:
        for model in (Association, User, ImportJob):
            await session.execute(delete(model))
        await session.commit()
    await database.dispose()


def _environment(settings: Settings) -> dict[str, str]:
    assert settings.secret_key is not None
    return {
        **os.environ,
        "MARAUDE_DATABASE_URL": settings.database_url,
        "MARAUDE_OWNER_DATABASE_URL": settings.owner_database_url,
        "MARAUDE_SECRET_KEY": settings.secret_key.get_secret_value(),
        "MARAUDE_LOG_LEVEL": "WARNING",
    }


async def _status(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = (await client.get(url, headers=headers)).json()
    return body


async def test_a_plan_whose_worker_is_killed_is_retried_to_success(
    world: World, own_database: Settings
) -> None:
    client, tenants, database, jobs = world
    h = tenants.headers("coordinator_a")
    queued = await client.post(
        "/api/v1/plans", json={"week_start": MONDAY, "seconds": 4}, headers=h
    )
    url = queued.headers["location"]
    worker = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "worker"], cwd=ROOT, env=_environment(own_database)
    )
    try:
        deadline = time.monotonic() + 60
        while (await _status(client, url, h))["status"] != "running":
            assert time.monotonic() < deadline, "the worker never started the plan"
            await asyncio.sleep(0.2)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    assert (await _status(client, url, h))["status"] == "running"  # stuck, as it was
    await asyncio.sleep(1.5)
    # at least ours: a killed worker's periodic tasks may have stalled too
    assert await recover(jobs, database, stalled_after_s=1.0) >= 1
    assert (await _status(client, url, h))["status"] == "queued"
    await run_worker(own_database, once=True)
    job = await _status(client, url, h)
    assert job["status"] == "succeeded", job


async def test_an_import_abandoned_twice_fails_with_a_reason_and_drops_its_upload(
    world: World, own_database: Settings
) -> None:
    client, tenants, database, jobs = world
    admin = tenants.headers("admin")
    queued = await client.post(
        "/api/v1/imports",
        data={"source": "finess", "dry_run": "true"},
        files={"file": ("finess.csv", FINESS.read_bytes())},
        headers=admin,
    )
    url = queued.headers["location"]
    manager = jobs.job_manager
    for _ in range(2):  # a worker takes the job and dies without a word, twice
        dead = await manager.register_worker()
        taken = await manager.fetch_job(queues=[IMPORTS], worker_id=dead)
        assert taken is not None
        await asyncio.sleep(1.5)
        # at least ours: a killed worker's periodic tasks may have stalled too
        assert await recover(jobs, database, stalled_after_s=1.0) >= 1
    job = await _status(client, url, admin)
    assert job["status"] == "failed"
    assert "worker stopped" in job["error"]
    async with database.session() as session:
        stored = await session.get(ImportJob, uuid.UUID(job["id"]))
    assert stored is not None
    assert stored.content is None  # the upload is gone


async def test_a_plan_failing_at_its_first_step_says_why(
    world: World, own_database: Settings
) -> None:
    client, tenants, _, _ = world
    h = tenants.headers("coordinator_a")
    body = {"week_start": MONDAY, "seconds": 1, "team_ids": [str(tenants.teams["b"])]}
    queued = await client.post("/api/v1/plans", json=body, headers=h)
    await run_worker(own_database, once=True)
    job = await _status(client, queued.headers["location"], h)
    assert job["status"] == "failed", job
    assert job["error"]


async def test_one_association_s_plans_do_not_hold_up_another_s(
    world: World, own_database: Settings
) -> None:
    client, tenants, _, _ = world
    a, b = tenants.headers("coordinator_a"), tenants.headers("coordinator_b")
    slow = [
        (await client.post("/api/v1/plans", json={"week_start": MONDAY, "seconds": 3}, headers=a))
        for _ in range(3)
    ]
    quick = await client.post("/api/v1/plans", json={"week_start": MONDAY, "seconds": 1}, headers=b)
    worker = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "worker"], cwd=ROOT, env=_environment(own_database)
    )
    try:
        deadline = time.monotonic() + 60
        while (await _status(client, quick.headers["location"], b))["status"] != "succeeded":
            assert time.monotonic() < deadline
            await asyncio.sleep(0.2)
        states = [(await _status(client, r.headers["location"], a))["status"] for r in slow]
        assert states.count("succeeded") <= 1, states  # B did not wait for A's three plans
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)


async def test_a_stalled_upkeep_task_is_retried_without_a_job_row_of_ours(world: World) -> None:
    # A worker killed during a periodic task (hours kept ahead): it has no job of ours to end.
    _, _, database, jobs = world
    manager = jobs.job_manager
    await jobs.configure_task("maraude:refresh_hours", queue=UPKEEP).defer_async(
        timestamp=int(time.time())
    )
    dead = await manager.register_worker()
    taken = await manager.fetch_job(queues=[UPKEEP], worker_id=dead)
    assert taken is not None
    assert taken.task_name == "maraude:refresh_hours"
    await asyncio.sleep(1.5)
    assert await recover(jobs, database, stalled_after_s=1.0) >= 1
    (again,) = await manager.list_jobs_async(id=taken.id)
    assert again.status == "todo"  # retried, as any stalled job is
