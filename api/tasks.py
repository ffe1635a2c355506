"""Background jobs on a PostgreSQL-backed queue (procrastinate), shared by any number of workers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import procrastinate
from sqlalchemy.engine import make_url

from api.settings import Settings
from datasets.import_jobs import run_import_job
from geo.db import Database
from geo.planning import run_plan_job

PLANNING = "planning"
IMPORTS = "imports"


@dataclass
class _Runtime:
    database: Database | None = None
    settings: Settings | None = None


_runtime = _Runtime()


def conninfo(url: str) -> str:
    """Return a libpq connection string for a SQLAlchemy URL."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def queue(settings: Settings) -> procrastinate.App:
    """Build the queue app on the application's database (open it before use)."""
    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(conninfo=conninfo(settings.database_url))
    )
    return with_tasks(app)


def with_tasks(app: procrastinate.App) -> procrastinate.App:
    """Register Maraude's tasks on a queue app (a fresh blueprint each time: adding one
    renames its tasks)."""
    blueprint = procrastinate.Blueprint()
    blueprint.task(name="plan_week", queue=PLANNING)(plan_week_task)
    blueprint.task(name="import_file", queue=IMPORTS)(import_file_task)
    app.add_tasks_from(blueprint, namespace="maraude")
    return app


def use_database(database: Database, settings: Settings | None = None) -> None:
    """Give the tasks of this process their database and settings (the worker does it at
    start)."""
    _runtime.database = database
    _runtime.settings = settings


async def plan_week_task(job_id: str, association_id: str) -> None:
    """Plan one requested week."""
    if _runtime.database is None:
        raise RuntimeError("the worker has no database")
    await run_plan_job(
        _runtime.database, job_id=uuid.UUID(job_id), association_id=uuid.UUID(association_id)
    )


async def import_file_task(job_id: str) -> None:
    """Import one uploaded file."""
    if _runtime.database is None:
        raise RuntimeError("the worker has no database")
    settings = _runtime.settings or Settings()
    await run_import_job(_runtime.database, uuid.UUID(job_id), horizon=settings.hours_horizon())


async def enqueue_import(app: procrastinate.App, *, job_id: uuid.UUID) -> None:
    """Put an import job on the queue."""
    await app.configure_task("maraude:import_file").defer_async(job_id=str(job_id))


async def enqueue_plan(
    app: procrastinate.App, *, job_id: uuid.UUID, association_id: uuid.UUID
) -> None:
    """Put a planning job on the queue."""
    await app.configure_task("maraude:plan_week").defer_async(
        job_id=str(job_id), association_id=str(association_id)
    )


async def run_worker(settings: Settings, *, once: bool = False) -> None:
    """Run a worker until stopped (or, with `once`, until the queue is empty)."""
    database = Database.from_url(settings.database_url, pool_size=2)
    use_database(database, settings)
    app = queue(settings)
    try:
        async with app.open_async():
            await app.run_worker_async(queues=[PLANNING, IMPORTS], concurrency=1, wait=not once)
    finally:
        await database.dispose()
