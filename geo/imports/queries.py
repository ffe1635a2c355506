"""Import jobs: uploaded files waiting for a worker, and the reports of those it ran."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from geo.errors import NotFound
from geo.imports.models import ImportJob


async def create_import_job(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    source: str,
    file_name: str,
    content: bytes,
    mapping: dict[str, Any] | None,
    dry_run: bool,
) -> ImportJob:
    """Record an uploaded file, queued."""
    job = ImportJob(
        requested_by=user_id,
        source=source,
        file_name=file_name,
        content=content,
        mapping=mapping,
        dry_run=dry_run,
    )
    session.add(job)
    await session.flush()
    await session.refresh(job, attribute_names=["id", "status", "created_at", "updated_at"])
    return job


async def get_import_job(
    session: AsyncSession, job_id: uuid.UUID, *, with_content: bool = False
) -> ImportJob:
    """Return an import job (its uploaded bytes only when asked), or raise NotFound."""
    options = [] if with_content else [defer(ImportJob.content)]
    job = await session.get(ImportJob, job_id, options=options)
    if job is None:
        raise NotFound("no such import job")
    return job


async def list_import_jobs(session: AsyncSession, *, limit: int) -> list[ImportJob]:
    """Return the latest import jobs, newest first."""
    rows = await session.scalars(
        select(ImportJob)
        .options(defer(ImportJob.content))
        .order_by(ImportJob.created_at.desc(), ImportJob.id)
        .limit(limit)
    )
    return list(rows.all())


async def set_import_job(
    session: AsyncSession, job_id: uuid.UUID, *, unless_ended: bool = False, **values: Any
) -> None:
    """Update a job's status, report or error (and when it changed); with `unless_ended`, only
    while it is queued or running."""
    stmt = update(ImportJob).where(ImportJob.id == job_id)
    if unless_ended:
        stmt = stmt.where(ImportJob.status.in_(("queued", "running")))
    await session.execute(stmt.values(**values, updated_at=func.now()))
