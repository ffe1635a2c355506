"""Running an uploaded import: the worker's side of `POST /api/v1/imports`.

The uploaded bytes wait in the job's row so any worker can run it; they are written to a
private temporary directory under their own (cleaned) name, a zip archive unpacked there for
the sources that read a directory (data·inclusion, HSDS tabular), imported like a file on the
command line, and dropped from the row once the report is stored.
"""

from __future__ import annotations

import io
import logging
import re
import tempfile
import uuid
import zipfile
from pathlib import Path
from typing import Any

from datasets.importing import ImportFileError, run_import
from datasets.sources import source_named
from geo.db import Database
from geo.directory.queries.schedules import Horizon
from geo.imports.queries import get_import_job, set_import_job

log = logging.getLogger("maraude.imports")
UNPACKED_LIMIT = 512 * 1024**2
"""Largest total size a zip archive may unpack to (the largest upload, unpacked)."""
MAX_ENTRIES = 100
"""Most entries a zip archive may hold (a datapackage has about a dozen files)."""
DIRECTORY_SOURCES = ("data-inclusion", "hsds")


def clean_name(name: str) -> str:
    """A file name safe to create: its last part, ordinary characters only."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name.replace("\\", "/")).name).lstrip(".")
    return base[:120] or "upload"


def _unzip(content: bytes, into: Path) -> Path:
    """Unpack an archive's files flat into `into`, refusing one that two files of the same
    name, damage or encryption would make ambiguous, or that unpacks to too much."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise ImportFileError("not a readable zip archive; nothing was imported") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise ImportFileError(f"the zip archive holds more than {MAX_ENTRIES} entries; refused")
        # Checked before anything is written; the sizes are checked again while unpacking,
        # since an archive can understate them.
        if sum(m.file_size for m in entries) > UNPACKED_LIMIT:
            raise ImportFileError("the zip archive unpacks to more than 512 MiB; refused")
        members = [m for m in entries if not m.is_dir()]
        names = [clean_name(m.filename) for m in members]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ImportFileError(f"the zip archive holds two files named {twice[0]}; refused")
        into.mkdir()
        written = 0
        for member, name in zip(members, names, strict=True):
            try:
                with archive.open(member) as source, (into / name).open("wb") as target:
                    while chunk := source.read(1024 * 1024):
                        written += len(chunk)
                        if written > UNPACKED_LIMIT:
                            raise ImportFileError(
                                "the zip archive unpacks to more than 512 MiB; refused"
                            )
                        target.write(chunk)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError) as e:
                raise ImportFileError(
                    f"{name}: cannot be unpacked ({type(e).__name__}); nothing was imported"
                ) from None
    return into


def materialise(directory: Path, source: str, file_name: str, content: bytes) -> Path:
    """Write an upload where an importer can read it: a file, or an unpacked directory."""
    if source in DIRECTORY_SOURCES and content[:4] == b"PK\x03\x04":
        return _unzip(content, directory / "upload")
    path = directory / clean_name(file_name)
    path.write_bytes(content)
    return path


async def end_import_job(database: Database, job_id: uuid.UUID, *, error: str) -> None:
    """Mark an import failed with a reason, unless it already ended; its upload goes."""
    async with database.session() as session:
        await set_import_job(
            session, job_id, status="failed", error=error, content=None, unless_ended=True
        )
        await session.commit()


async def requeue_import_job(database: Database, job_id: uuid.UUID) -> None:
    """Put an interrupted import back to queued for a retry (it ran in one transaction, so
    nothing of it was kept)."""
    async with database.session() as session:
        await set_import_job(session, job_id, status="queued", unless_ended=True)
        await session.commit()


async def run_import_job(database: Database, job_id: uuid.UUID, *, horizon: Horizon) -> None:
    """Run one queued import and store its report (or why the file was refused)."""
    async with database.session() as session:
        job = await get_import_job(session, job_id, with_content=True)
        if job.status != "queued" or job.content is None:
            return
        source_name, file_name, content = job.source, job.file_name, job.content
        mapping, dry_run = job.mapping, job.dry_run
        await set_import_job(session, job_id, status="running")
        await session.commit()
    outcome: dict[str, Any]
    try:
        with tempfile.TemporaryDirectory(prefix="maraude-import-") as tmp:
            path = materialise(Path(tmp), source_name, file_name, content)
            source = source_named(source_name, mapping)
            report = await run_import(database, source, path, horizon=horizon, dry_run=dry_run)
        outcome = {"status": "succeeded", "report": report.as_dict()}
    except ImportFileError as e:
        outcome = {"status": "failed", "error": f"refused, nothing imported: {e}"}
    except Exception as e:
        # The message could quote the file; the class is enough to look further.
        log.error("import job failed unexpectedly (%s)", type(e).__name__)
        outcome = {"status": "failed", "error": "the import failed unexpectedly; nothing imported"}
    async with database.session() as session:
        await set_import_job(session, job_id, content=None, **outcome)
        await session.commit()
