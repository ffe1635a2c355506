"""What the benchmarks share: a throwaway database, and the app served on it.

Benchmarks import it as `benchmarks.harness` once the repository root is on `sys.path`.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from sqlalchemy.engine import make_url

from api.settings import Settings
from geo.migrate import upgrade
from geo.provision import Roles, drop_database, provision

ROOT = Path(__file__).resolve().parents[1]


def plain_url(url: str) -> str:
    """The URL for asyncpg itself (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def bench_settings(kind: str) -> Settings:
    """Settings naming a new benchmark database, `maraude_bench_{kind}_{pid}`."""
    base = Settings()
    name = f"maraude_bench_{kind}_{os.getpid()}"

    def named(url: str) -> str:
        return make_url(url).set(database=name).render_as_string(hide_password=False)

    return base.model_copy(
        update={
            "database_url": named(base.database_url),
            "owner_database_url": named(base.owner_database_url),
        }
    )


def database_name(settings: Settings) -> str:
    """The database the settings name."""
    name = make_url(settings.owner_database_url).database
    assert name is not None
    return name


async def create_database(settings: Settings) -> None:
    """Create the roles and the database, and migrate it."""
    await provision(
        settings.admin_database_url,
        Roles.from_urls(settings.owner_database_url, settings.database_url),
    )
    await asyncio.to_thread(upgrade, settings.owner_database_url)


def drop(settings: Settings) -> None:
    """Drop the benchmark database."""
    asyncio.run(drop_database(settings.admin_database_url, database_name(settings)))


def serve(
    settings: Settings, port: int, workers: int, *, pool_size: int = 20
) -> subprocess.Popen[bytes]:
    """Start uvicorn on the benchmark database and wait until it answers."""
    env = {
        **os.environ,
        "MARAUDE_DATABASE_URL": settings.database_url,
        "MARAUDE_OWNER_DATABASE_URL": settings.owner_database_url,
        "MARAUDE_LOG_LEVEL": "WARNING",
        "MARAUDE_POOL_SIZE": str(pool_size),
        "MARAUDE_SECRET_KEY": "benchmark-only-" + "k" * 32,
        # `-m api.cli` imports this checkout's code, wherever it is and whatever is installed.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server started by `serve`."""
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=20)
