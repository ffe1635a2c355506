"""Nothing may be lost: the demo backed up, restored into a new database, holds the same rows
and answers the same, and a restore never lands on a database that holds data."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from api.deps import get_now
from api.main import create_app
from api.settings import Settings
from datasets.demo_accounts import load_demo_accounts
from datasets.demo_activity import load_demo_activity
from datasets.demo_loader import load_demo
from geo.db import Database
from geo.provision import Roles, provision
from tests.conftest import HORIZON, NOW, destroy_database, throwaway_database, throwaway_settings

ROOT = Path(__file__).resolve().parents[1]


def _maraude(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "MARAUDE_DATABASE_URL": settings.database_url,
        "MARAUDE_OWNER_DATABASE_URL": settings.owner_database_url,
        "MARAUDE_ADMIN_DATABASE_URL": settings.admin_database_url,
        "MARAUDE_SECRET_KEY": "backup-tests-only-" + "k" * 32,
    }
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def original() -> Iterator[Settings]:
    with throwaway_database() as settings:
        yield settings


@pytest.fixture(scope="module")
def copy() -> Iterator[Settings]:
    settings = throwaway_settings()
    try:
        yield settings
    finally:
        destroy_database(settings)


async def _rows(settings: Settings) -> dict[str, int]:
    url = make_url(settings.admin_database_url).set(
        drivername="postgresql", database=make_url(settings.owner_database_url).database
    )
    conn = await asyncpg.connect(url.render_as_string(hide_password=False))
    try:
        tables = await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        return {
            t["tablename"]: await conn.fetchval(f'SELECT count(*) FROM "{t["tablename"]}"')
            for t in tables
        }
    finally:
        await conn.close()


async def _answers(settings: Settings) -> dict[str, Any]:
    database = Database.from_url(settings.database_url, pool_size=2)
    app = create_app(settings, database=database)

    async def fixed_now() -> datetime:
        return NOW

    app.dependency_overrides[get_now] = fixed_now
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://maraude.test") as c:
            form = {"username": "worker-riviera", "password": "Demo-worker-Riviera-2026"}
            token = (await c.post("/api/v1/auth/token", data=form)).json()["access_token"]
            worker = {"Authorization": f"Bearer {token}"}
            return {
                url: (await c.get(url, headers=worker if "zones" in url else {})).json()
                for url in (
                    "/api/v1/services?limit=500",
                    "/api/v1/stats/public?period=quarter&by=departement",
                    "/api/v1/alerts",
                    "/api/v1/zones",
                )
            }
    finally:
        await database.dispose()


async def test_a_backup_restored_elsewhere_holds_and_answers_the_same(
    original: Settings, copy: Settings, tmp_path: Path
) -> None:
    owner = Database.from_url(original.owner_database_url, pool_size=1)
    try:
        await load_demo(owner, horizon=HORIZON)
        await load_demo_accounts(owner)
        await load_demo_activity(owner, today=date(2026, 12, 1))
    finally:
        await owner.dispose()
    file = tmp_path / "maraude.dump"
    done = _maraude(original, "backup", str(file))
    assert done.returncode == 0, done.stderr
    assert file.stat().st_size > 10_000
    await provision(
        copy.admin_database_url, Roles.from_urls(copy.owner_database_url, copy.database_url)
    )
    restored = _maraude(copy, "restore", str(file))
    assert restored.returncode == 0, restored.stderr
    rows = await _rows(original)
    assert rows["zone"] > 0
    assert rows["zone_report"] > 0
    assert await _rows(copy) == rows
    answers, expected = await _answers(copy), await _answers(original)
    for url, body in expected.items():
        assert answers[url] == body, url
    before = await _rows(copy)
    again = _maraude(copy, "restore", str(file))
    assert again.returncode == 1
    assert "already holds data" in again.stderr
    assert await _rows(copy) == before  # refused, nothing changed


def test_a_backup_into_an_unwritable_place_leaves_nothing(original: Settings) -> None:
    done = _maraude(original, "backup", "/nonexistent-dir/maraude.dump")
    assert done.returncode == 1
    assert "pg_dump failed" in done.stderr
