"""Imports by upload (admins): the file is queued and imported by a worker, like a plan."""

from __future__ import annotations

import json
import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile, status
from fastapi.responses import JSONResponse

from api.deps import AdminDep, DatabaseDep, check_limit
from api.schemas.common import ADMIN_RESPONSES
from api.schemas.imports import ImportJobList, ImportJobRead
from api.tasks import enqueue_import
from datasets.importing import ImportFileError
from datasets.sources import MAPPED, NAMES
from datasets.tabular import ColumnMapping
from geo.errors import InvalidField, TooLarge, Unavailable
from geo.models import ImportJob
from geo.queries import audit
from geo.queries import imports as queries

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
    request: Request,
    admin: AdminDep,
    database: DatabaseDep,
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
    queue = request.app.state.queue
    if queue is None:
        raise Unavailable("no job queue is configured on this server")
    doc = await _mapping(source, mapping)
    content = await _content(file, request.app.state.settings.import_max_megabytes * CHUNK)
    async with database.tenant(None) as session:
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
        await session.commit()
    try:
        await enqueue_import(queue, job_id=job.id)
    except Exception:
        async with database.tenant(None) as session:
            await queries.set_import_job(
                session, job.id, status="failed", error="queue unavailable", content=None
            )
            await session.commit()
        raise
    return JSONResponse(
        _read(job).model_dump(mode="json"),
        status_code=status.HTTP_202_ACCEPTED,
        headers={"Location": f"/api/v1/imports/{job.id}"},
    )


@router.get("/imports", response_model=ImportJobList)
async def list_imports(
    admin: AdminDep,  # noqa: ARG001
    database: DatabaseDep,
    limit: Annotated[int | None, Query(description="How many, newest first (1–200).")] = None,
) -> ImportJobList:
    """Return the latest import jobs."""
    size = check_limit(limit, default=50, maximum=200)
    async with database.tenant(None) as session:
        rows = await queries.list_import_jobs(session, limit=size)
    return ImportJobList(jobs=[_read(j) for j in rows])


@router.get("/imports/{import_id}", response_model=ImportJobRead)
async def get_import(
    import_id: uuid.UUID,
    admin: AdminDep,  # noqa: ARG001
    database: DatabaseDep,
) -> ImportJobRead:
    """Return an import job: its status and, once done, its report or why it failed."""
    async with database.tenant(None) as session:
        return _read(await queries.get_import_job(session, import_id))
