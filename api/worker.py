"""Background work, in one place: the jobs queue (procrastinate, on PostgreSQL, shared by any
number of workers), the tasks a worker runs — planning a week, importing an upload, keeping
the opening ranges ahead of the clock — and how a request hands a job to them.

The tasks are built for each worker from its own database and settings: nothing here is held
at module level, so two workers (or a worker and the tests) never share one.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

import procrastinate
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from api.mail import mail_campaign
from api.settings import Settings
from datasets.import_jobs import end_import_job, requeue_import_job, run_import_job
from geo.db import Database
from geo.directory.upkeep import refresh_hours
from geo.planning.jobs import end_plan_job, requeue_plan_job, run_plan_job

logger = logging.getLogger(__name__)

PLANNING = "planning"
IMPORTS = "imports"
UPKEEP = "upkeep"
PLAN_WEEK = "maraude:plan_week"
IMPORT_FILE = "maraude:import_file"
MAIL_CAMPAIGN = "maraude:mail_campaign"

HOURLY = "17 * * * *"
"""When the worker moves the opening ranges forward (they only move once a day old)."""
EVERY_MINUTE = "* * * * *"
STALLED_AFTER_S = 60.0
"""A worker beats its heart every 10 s: a minute without a beat, it is gone."""
MAX_ATTEMPTS = 2
"""A job whose worker stopped is run again once, then failed with the reason."""
KEEP_ENDED_HOURS = 24 * 7
"""How long the queue keeps its record of ended jobs (the jobs' own rows stay)."""

Job = TypeVar("Job")


def conninfo(url: str) -> str:
    """Return a libpq connection string for a SQLAlchemy URL."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def queue(settings: Settings) -> procrastinate.App:
    """Build the queue app on the application's database (open it before use). Requests
    defer jobs by task name and queue; only a worker adds the tasks themselves."""
    return procrastinate.App(
        connector=procrastinate.PsycopgConnector(conninfo=conninfo(settings.database_url))
    )


def tasks(database: Database, settings: Settings) -> procrastinate.Blueprint:
    """Return the worker's tasks, bound to its database and settings."""
    blueprint = procrastinate.Blueprint()

    @blueprint.task(name="plan_week", queue=PLANNING)
    async def plan_week(job_id: str, association_id: str) -> None:
        """Plan one requested week."""
        await run_plan_job(
            database, job_id=uuid.UUID(job_id), association_id=uuid.UUID(association_id)
        )

    @blueprint.task(name="import_file", queue=IMPORTS)
    async def import_file(job_id: str) -> None:
        """Import one uploaded file."""
        await run_import_job(database, uuid.UUID(job_id), horizon=settings.hours_horizon())

    @blueprint.periodic(cron=EVERY_MINUTE)
    @blueprint.task(
        name="recover_jobs", queue=UPKEEP, queueing_lock="recover_jobs", pass_context=True
    )
    async def recover_jobs(context: procrastinate.JobContext, timestamp: int) -> None:
        """Retry or fail the jobs of workers that stopped, and end the jobs the queue failed."""
        del timestamp
        assert context.app is not None
        await recover(context.app, database)

    @blueprint.periodic(cron=HOURLY)
    @blueprint.task(name="refresh_hours", queue=UPKEEP, queueing_lock="refresh_hours")
    async def refresh(timestamp: int) -> None:
        """Move the precomputed opening ranges forward (the web processes see it within a
        minute: they remember open schedules for a minute at most)."""
        await _refresh(database, settings, now=datetime.fromtimestamp(timestamp, UTC))

    @blueprint.task(name="mail_campaign", queue=UPKEEP)
    async def mail(campaign_id: str, reminder: bool) -> None:
        """E-mail a campaign's links (or reminders)."""
        await mail_campaign(
            database, settings, campaign_id=uuid.UUID(campaign_id), reminder=reminder
        )

    return blueprint


async def defer_mail(app: procrastinate.App, *, campaign_id: uuid.UUID, reminder: bool) -> None:
    """Put a campaign's e-mails on the queue."""
    await app.configure_task(MAIL_CAMPAIGN, queue=UPKEEP).defer_async(
        campaign_id=str(campaign_id), reminder=reminder
    )


async def _refresh(database: Database, settings: Settings, *, now: datetime) -> None:
    changed = await refresh_hours(
        database,
        now=now,
        past_days=settings.hours_horizon_past_days,
        future_days=settings.hours_horizon_future_days,
    )
    if changed:
        logger.info("%d opening schedules moved forward", changed)


def _ids(job: procrastinate.jobs.Job) -> tuple[uuid.UUID, uuid.UUID | None]:
    """Return the job's own id and, for a plan, its association (from the task's arguments)."""
    kwargs = job.task_kwargs
    association = kwargs.get("association_id")
    return uuid.UUID(str(kwargs["job_id"])), uuid.UUID(str(association)) if association else None


_TRACKED = frozenset({PLAN_WEEK, IMPORT_FILE})
"""Tasks with a job row of ours to keep in step (the periodic upkeep tasks have none)."""


async def _end(database: Database, job: procrastinate.jobs.Job, reason: str) -> None:
    if job.task_name not in _TRACKED:
        return
    job_id, association = _ids(job)
    if job.task_name == PLAN_WEEK and association is not None:
        await end_plan_job(database, association, job_id, error=reason)
    elif job.task_name == IMPORT_FILE:
        await end_import_job(database, job_id, error=reason)


async def _requeue(database: Database, job: procrastinate.jobs.Job) -> None:
    if job.task_name not in _TRACKED:
        return
    job_id, association = _ids(job)
    if job.task_name == PLAN_WEEK and association is not None:
        await requeue_plan_job(database, association, job_id)
    elif job.task_name == IMPORT_FILE:
        await requeue_import_job(database, job_id)


async def recover(
    app: procrastinate.App, database: Database, *, stalled_after_s: float = STALLED_AFTER_S
) -> int:
    """Retry (once) or fail the jobs whose worker stopped, mark failed the jobs the queue
    failed without their knowing, and forget the queue's old ended jobs; return how many
    stalled jobs were found. Every job thus ends succeeded or failed with a reason."""
    manager = app.job_manager
    stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after_s))
    for job in stalled:
        if job.attempts + 1 < MAX_ATTEMPTS:
            await _requeue(database, job)
            await manager.retry_job(job)
        else:
            await manager.finish_job(job, status=procrastinate.jobs.Status.FAILED, delete_job=False)
            await _end(database, job, "the worker stopped while running it, twice")
    for task in (PLAN_WEEK, IMPORT_FILE):
        for job in await manager.list_jobs_async(task=task, status="failed"):
            await _end(database, job, "the worker could not run it")
    await manager.delete_old_jobs(nb_hours=KEEP_ENDED_HOURS, include_failed=True)
    return len(stalled)


async def submit(
    database: Database,
    association_id: uuid.UUID | None,
    *,
    create: Callable[[AsyncSession], Awaitable[Job]],
    defer: Callable[[Job], Awaitable[None]],
    fail: Callable[[AsyncSession, Job], Awaitable[None]],
) -> Job:
    """Store a job, then put it on the queue; if the queue cannot take it, mark it failed.

    The job is committed before it is deferred, so a worker never looks for a job that is
    not there yet.
    """
    async with database.tenant(association_id) as session:
        job = await create(session)
        await session.commit()
    try:
        await defer(job)
    except Exception:
        async with database.tenant(association_id) as session:
            await fail(session, job)
            await session.commit()
        raise
    return job


async def defer_plan(
    app: procrastinate.App, *, job_id: uuid.UUID, association_id: uuid.UUID
) -> None:
    """Put a planning job on the queue."""
    # One plan at a time per association: a busy association waits for its own plans, never
    # delays another's (a worker runs WORKER_CONCURRENCY jobs at once).
    lock = f"plan:{association_id}"
    await app.configure_task(PLAN_WEEK, queue=PLANNING, lock=lock).defer_async(
        job_id=str(job_id), association_id=str(association_id)
    )


async def defer_import(app: procrastinate.App, *, job_id: uuid.UUID) -> None:
    """Put an import job on the queue."""
    await app.configure_task(IMPORT_FILE, queue=IMPORTS).defer_async(job_id=str(job_id))


async def run_worker(settings: Settings, *, once: bool = False) -> None:
    """Run a worker until stopped (or, with `once`, until the queue is empty); the opening
    ranges are brought forward first, then hourly."""
    database = Database.from_url(settings.database_url, pool_size=2)
    app = queue(settings)
    app.add_tasks_from(tasks(database, settings), namespace="maraude")
    try:
        try:
            await _refresh(database, settings, now=datetime.now(UTC))
        except Exception:  # stale ranges are evaluated exactly in Python: not fatal
            logger.exception("refreshing opening ranges failed")
        async with app.open_async():
            await recover(app, database)
            await app.run_worker_async(
                queues=[PLANNING, IMPORTS, UPKEEP],
                concurrency=settings.worker_concurrency,
                wait=not once,
            )
    finally:
        await database.dispose()
