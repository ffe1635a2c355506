"""Imports by upload (admins): the file is queued and imported by a worker, like a plan."""

from __future__ import annotations

import json
import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile, status
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from api.deps import AdminDep, DatabaseDep, InstanceSessionDep, QueueDep, SettingsDep, check_limit
from api.schemas.common import ADMIN_RESPONSES
from api.schemas.imports import ImportJobList, ImportJobRead
from api.worker import defer_import, submit
from datasets.importing import ImportFileError
from datasets.sources import MAPPED, NAMES
from datasets.tabular import ColumnMapping
from geo.accounts import audit
from geo.errors import InvalidField, TooLarge
from geo.imports import queries
from geo.imports.models import ImportJob

router = APIRouter(prefix="/api/v1", tags=["admin"], responses=ADMIN_RESPONSES)
CHUNK = 1024 * 1024


def _read(job: ImportJob) -> ImportJobRead:
    return ImportJobRead(
        id=job.id,
        source=job.source,
        file_name=job.file_name,
        dry_run=job.dry_run,
        status=job.status,
        created_at=job.created_at,
        updated_at=job.updated_at,
        report=job.report,
        error=job.error,
    )


async def _content(upload: UploadFile, limit: int) -> bytes:
    parts, size = [], 0
    while chunk := await upload.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"the file is larger than {limit // CHUNK} MiB; nothing was queued")
        parts.append(chunk)
    if not size:
        raise InvalidField("file", "the file is empty")
    return b"".join(parts)


async def _mapping(source: str, upload: UploadFile | None) -> dict[str, object] | None:
    if source not in MAPPED:
        if upload is not None:
            raise InvalidField("mapping", f"a {source} file takes no mapping")
        return None
    if upload is None:
        raise InvalidField("mapping", f"a {source} list needs its column mapping (JSON)")
    try:
        doc = json.loads(await _content(upload, CHUNK))
        ColumnMapping(doc if isinstance(doc, dict) else {}, "mapping")
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise InvalidField("mapping", f"not readable JSON ({type(e).__name__})") from None
    except ImportFileError as e:
        raise InvalidField("mapping", str(e)) from None
    return dict(doc)


@router.post("/imports", status_code=status.HTTP_202_ACCEPTED, response_model=ImportJobRead)
async def upload_import(
    admin: AdminDep,
    database: DatabaseDep,
    settings: SettingsDep,
    queue: QueueDep,
    source: Annotated[str, Form(description=f"One of: {', '.join(NAMES)}.")],
    file: Annotated[UploadFile, File(description="The file (a zip for a directory).")],
    mapping: Annotated[
        UploadFile | None, File(description="Column mapping (JSON), for csv and geojson.")
    ] = None,
    dry_run: Annotated[bool, Form(description="Report what would change; change nothing.")] = False,
) -> JSONResponse:
    """Queue the import of a file; follow the job at the `Location` it returns."""
    if source not in NAMES:
        raise InvalidField("source", f"unknown source; expected one of {', '.join(NAMES)}")
    doc = await _mapping(source, mapping)
    content = await _content(file, settings.import_max_megabytes * CHUNK)

    async def create(session: AsyncSession) -> ImportJob:
        job = await queries.create_import_job(
            session,
            user_id=admin.user_id,
            source=source,
            file_name=file.filename or "upload",
            content=content,
            mapping=doc,
            dry_run=dry_run,
        )
        await audit.record(
            session,
            actor=admin.actor(),
            action="import",
            object_type="import_job",
            object_id=str(job.id),
            detail={
                "source": source,
                "file": job.file_name,
                "bytes": len(content),
                "dry_run": dry_run,
            },
        )
        return job

    async def fail(session: AsyncSession, job: ImportJob) -> None:
        await queries.set_import_job(
            session, job.id, status="failed", error="queue unavailable", content=None
        )

    job = await submit(
        database,
        None,
        create=create,
        defer=lambda job: defer_import(queue, job_id=job.id),
        fail=fail,
    )
    return JSONResponse(
        _read(job).model_dump(mode="json"),
        status_code=status.HTTP_202_ACCEPTED,
        headers={"Location": f"/api/v1/imports/{job.id}"},
    )


@router.get("/imports", response_model=ImportJobList)
async def list_imports(
    admin: AdminDep,  # noqa: ARG001
    session: InstanceSessionDep,
    limit: Annotated[
        int | None, Query(ge=1, le=200, description="How many, newest first (1–200).")
    ] = None,
) -> ImportJobList:
    """Return the latest import jobs."""
    size = check_limit(limit, default=50, maximum=200)
    rows = await queries.list_import_jobs(session, limit=size)
    return ImportJobList(jobs=[_read(j) for j in rows])


@router.get("/imports/{import_id}", response_model=ImportJobRead)
async def get_import(
    import_id: uuid.UUID,
    admin: AdminDep,  # noqa: ARG001
    session: InstanceSessionDep,
) -> ImportJobRead:
    """Return an import job: its status and, once done, its report or why it failed."""
    return _read(await queries.get_import_job(session, import_id))
