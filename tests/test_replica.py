"""Public reads on a streaming replica (`MARAUDE_READ_DATABASE_URL`), against a real one: a
primary cluster and its standby made with `pg_basebackup`, both on loopback ports of their
own, started for this test. The public's reads are answered by the standby (a service added on
the primary shows there only once the standby has replayed it); whatever is behind a login,
and every write, goes to the primary."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from pydantic import SecretStr

from api.settings import Settings
from datasets.demo_loader import load_demo
from geo.db import Database
from geo.migrate import upgrade
from geo.provision import Roles, provision
from tests.conftest import HORIZON, add, draft, free_port, served_app

AREA = "7.39,43.71,7.50,43.78"


def _bin() -> Path:
    """The server's own programs (initdb, pg_ctl, pg_basebackup), for its major version."""
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SHOW server_version_num"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    found = Path(f"/usr/lib/postgresql/{int(out) // 10000}/bin")
    if not (found / "pg_basebackup").exists():
        pytest.fail(f"no PostgreSQL server programs in {found}")
    return found


def _as_postgres(*command: str) -> None:
    """Run a server program as the postgres user (the servers refuse to run as root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *command], check=True, capture_output=True)


def _start(bin_dir: Path, data: Path, port: int) -> None:
    _as_postgres(
        str(bin_dir / "pg_ctl"),
        "-D",
        str(data),
        "-l",
        str(data / "server.log"),
        "-o",
        f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={data} "
        "-c fsync=off -c shared_buffers=32MB -c max_connections=60",
        "-w",
        "start",
    )


@pytest.fixture(scope="module")
def clusters() -> Iterator[tuple[int, int]]:
    """A primary and its streaming standby; yield their ports."""
    bin_dir = _bin()
    # Under /tmp, not pytest's folder: the postgres user must reach it.
    root = Path(tempfile.mkdtemp(prefix="maraude-replica-"))
    try:
        if os.geteuid() == 0:
            shutil.chown(root, "postgres")
        yield from _primary_and_standby(bin_dir, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _primary_and_standby(bin_dir: Path, root: Path) -> Iterator[tuple[int, int]]:
    primary, standby = root / "primary", root / "standby"
    p1, p2 = free_port(), free_port()
    _as_postgres(str(bin_dir / "initdb"), "-D", str(primary), "-U", "postgres", "-A", "trust")
    with (primary / "pg_hba.conf").open("a") as f:
        f.write("host replication postgres 127.0.0.1/32 trust\n")
    _start(bin_dir, primary, p1)
    try:
        _as_postgres(
            str(bin_dir / "pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(p1),
            "-U",
            "postgres",
            "-D",
            str(standby),
            "-R",  # a standby that follows the primary
            "-X",
            "stream",
        )
        _start(bin_dir, standby, p2)
        try:
            yield p1, p2
        finally:
            _as_postgres(str(bin_dir / "pg_ctl"), "-D", str(standby), "-m", "fast", "stop")
    finally:
        _as_postgres(str(bin_dir / "pg_ctl"), "-D", str(primary), "-m", "fast", "stop")


def _settings(p1: int, p2: int) -> Settings:
    return Settings(
        database_url=f"postgresql+asyncpg://maraude_app:maraude_app@127.0.0.1:{p1}/maraude",
        owner_database_url=f"postgresql+asyncpg://maraude:maraude@127.0.0.1:{p1}/maraude",
        admin_database_url=f"postgresql://postgres@127.0.0.1:{p1}/postgres",
        read_database_url=f"postgresql+asyncpg://maraude_app:maraude_app@127.0.0.1:{p2}/maraude",
        secret_key=SecretStr("replica-tests-only-" + "r" * 32),
    )


async def _prepare(settings: Settings) -> None:
    await provision(
        settings.admin_database_url,
        Roles.from_urls(
            settings.owner_database_url, settings.database_url, settings.open_database_url
        ),
    )
    await asyncio.to_thread(upgrade, settings.owner_database_url)
    owner = Database.from_url(settings.owner_database_url, pool_size=1)
    try:
        await load_demo(owner, horizon=HORIZON, tiles_dir=None)
    finally:
        await owner.dispose()


async def _sql(port: int, sql: str) -> object:
    conn = await asyncpg.connect(f"postgresql://postgres@127.0.0.1:{port}/maraude")
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


def _caught_up(p1: int, p2: int) -> None:
    target = asyncio.run(_sql(p1, "SELECT pg_current_wal_lsn()::text"))
    for _ in range(100):
        if asyncio.run(_sql(p2, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")):
            return
        time.sleep(0.1)
    pytest.fail("the standby did not catch up")


async def _add_on_primary(settings: Settings, name: str) -> None:
    owner = Database.from_url(settings.owner_database_url, pool_size=1)
    try:
        await add(owner, draft(name=name, lon=7.4205, lat=43.7395, source_id=name))
    finally:
        await owner.dispose()


def _names(origin: str) -> set[str]:
    body = httpx.get(f"{origin}/api/v1/services", params={"bbox": AREA, "limit": 500}).json()
    return {f["properties"]["name"] for f in body["features"]}


def test_public_reads_come_from_the_standby_and_the_rest_from_the_primary(
    clusters: tuple[int, int],
) -> None:
    p1, p2 = clusters
    settings = _settings(p1, p2)
    asyncio.run(_prepare(settings))
    _caught_up(p1, p2)
    assert asyncio.run(_sql(p2, "SELECT pg_is_in_recovery()")) is True
    environment = {
        "MARAUDE_ADMIN_DATABASE_URL": settings.admin_database_url,
        "MARAUDE_READ_DATABASE_URL": settings.read_database_url or "",
        "MARAUDE_SECRET_KEY": settings.secret_key.get_secret_value(),  # type: ignore[union-attr]
        "MARAUDE_LOG_LEVEL": "WARNING",
    }
    with served_app(settings, **environment) as origin:
        before = _names(origin)
        assert len(before) > 50
        for path in (
            "/ogc/collections/services/items?limit=5",
            "/tiles/services/5/16/11.mvt",
            "/tiles/services/14/8529/5975.geojson",
            "/hsds/services?per_page=5",
            "/embed?lang=fr",
        ):
            assert httpx.get(origin + path).status_code == 200, path
        # The standby stops replaying: a service added now is on the primary only.
        asyncio.run(_sql(p2, "SELECT pg_wal_replay_pause()"))
        asyncio.run(_add_on_primary(settings, "Added on the primary"))
        assert "Added on the primary" not in _names(origin)
        ogc = httpx.get(f"{origin}/ogc/collections/services/items", params={"limit": 1000})
        assert "Added on the primary" not in {
            f["properties"]["name"] for f in ogc.json()["features"]
        }
        # A write goes to the primary while the standby is behind (it could not take it).
        suggestion = httpx.post(
            f"{origin}/api/v1/suggestions",
            json={"kind": "new-service", "message": "A new CeGIDD opened near the station."},
        )
        assert suggestion.status_code == 202, suggestion.text
        asyncio.run(_sql(p2, "SELECT pg_wal_replay_resume()"))
        _caught_up(p1, p2)
        assert "Added on the primary" in _names(origin)
        connected = asyncio.run(
            _sql(
                p2,
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE usename IN ('maraude_app', 'maraude_open')",
            )
        )
        assert isinstance(connected, int)
        assert connected > 0
