"""Imports by upload through the real queue: an admin uploads, a worker imports, the job
shows the report; bad uploads are refused before queueing or fail with the database unchanged.

The queue and the worker use their own connections, so this module commits to a database of
its own.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import delete, func, select

from api.main import create_app
from api.settings import Settings
from api.worker import queue, run_worker
from datasets.exporting import ExportFormat, run_export
from geo.accounts.models import Association, User
from geo.db import Database
from geo.directory.models import Service
from geo.imports.models import ImportJob
from tests.conftest import Tenants, add, draft, make_tenants, throwaway_database

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FINESS = FIXTURES / "finess" / "outreach-sample.csv"
LIST = FIXTURES / "lists" / "riviera.csv"
MAPPING = FIXTURES / "lists" / "riviera-mapping.json"

World = tuple[httpx.AsyncClient, Tenants, Database]


@pytest.fixture(scope="module")
def own_database() -> Iterator[Settings]:
    """A migrated database for this module alone."""
    with throwaway_database() as settings:
        yield settings


@pytest.fixture
async def world(own_database: Settings) -> AsyncIterator[World]:
    """The app on committed data, with a real queue."""
    database = Database.from_url(own_database.database_url, pool_size=4)
    tenants = await make_tenants(database, own_database)
    jobs = queue(own_database)
    async with jobs.open_async():
        settings = own_database.model_copy(update={"import_max_megabytes": 1})
        app = create_app(settings, database=database, queue=jobs)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://maraude.test") as c:
            yield c, tenants, database
    async with database.instance() as session:  # the next test starts from nothing
        for model in (Association, User, ImportJob, Service):
            await session.execute(delete(model))
        await session.commit()
    await database.dispose()


async def _upload(world: World, settings: Settings, **form: Any) -> dict[str, Any]:
    client, tenants, _ = world
    files = {"file": form.pop("file")}
    if "mapping" in form:
        files["mapping"] = form.pop("mapping")
    queued = await client.post(
        "/api/v1/imports", data=form, files=files, headers=tenants.headers("admin")
    )
    assert queued.status_code == 202, queued.text
    assert queued.json()["status"] == "queued"
    await run_worker(settings, once=True)
    job = await client.get(queued.headers["location"], headers=tenants.headers("admin"))
    assert job.status_code == 200
    result: dict[str, Any] = job.json()
    return result


async def _count(database: Database, source: str) -> int:
    async with database.session() as session:
        return int(
            await session.scalar(
                select(func.count()).select_from(Service).where(Service.source == source)
            )
            or 0
        )


async def test_an_uploaded_finess_file_is_imported_by_the_worker(
    world: World, own_database: Settings
) -> None:
    upload = ("finess.csv", FINESS.read_bytes())
    dry = await _upload(world, own_database, source="finess", dry_run="true", file=upload)
    assert dry["status"] == "succeeded", dry
    assert (dry["report"]["dry_run"], dry["report"]["created"]) == (True, 6)
    assert await _count(world[2], "finess") == 0
    job = await _upload(world, own_database, source="finess", file=upload)
    assert job["status"] == "succeeded", job
    report = job["report"]
    assert (report["created"], report["skipped"]) == (6, 1)
    assert [r["line"] for r in report["rejected"]][:2] == [9, 10]
    assert await _count(world[2], "finess") == 6
    async with world[2].session() as session:
        stored = await session.scalars(select(ImportJob.content))
        assert set(stored) == {None}  # the uploaded bytes are dropped once imported
    listed = await world[0].get("/api/v1/imports", headers=world[1].headers("admin"))
    assert [j["status"] for j in listed.json()["jobs"]] == ["succeeded", "succeeded"]


async def test_a_truncated_upload_fails_and_changes_nothing(
    world: World, own_database: Settings
) -> None:
    await _upload(world, own_database, source="finess", file=("f.csv", FINESS.read_bytes()))
    cut = FINESS.read_bytes()[:-60]
    job = await _upload(world, own_database, source="finess", file=("f.csv", cut))
    assert job["status"] == "failed"
    assert job["error"].startswith("refused, nothing imported:")
    assert "truncated" in job["error"]
    assert job["report"] is None
    assert await _count(world[2], "finess") == 6


async def test_a_list_with_its_mapping_and_an_hsds_zip(
    world: World, own_database: Settings, tmp_path: Path
) -> None:
    job = await _upload(
        world,
        own_database,
        source="csv",
        file=("riviera.csv", LIST.read_bytes()),
        mapping=("mapping.json", MAPPING.read_bytes()),
    )
    assert job["status"] == "succeeded", job
    assert job["report"]["created"] == 3
    await add(world[2], draft(name="À exporter", categories=("caarud",)))
    await run_export(world[2], ExportFormat.HSDS, tmp_path / "hsds")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        for file in (tmp_path / "hsds").iterdir():
            if file.suffix == ".csv" or file.name == "datapackage.json":
                z.write(file, f"hsds/{file.name}")
    job = await _upload(world, own_database, source="hsds", file=("hsds.zip", archive.getvalue()))
    assert job["status"] == "succeeded", job
    assert job["report"]["created"] == 4  # the three listed services and the new one


@pytest.mark.parametrize(
    ("form", "status", "field"),
    [
        ({"source": "unknown"}, 422, "/source"),
        ({"source": "csv"}, 422, "/mapping"),
        ({"source": "finess", "mapping": ("m.json", b"{}")}, 422, "/mapping"),
        ({"source": "csv", "mapping": ("m.json", b'{"source": "x"}')}, 422, "/mapping"),
        ({"source": "finess", "file": ("empty.csv", b"")}, 422, "/file"),
        ({"source": "finess", "file": ("big.csv", b"x" * (1024 * 1024 + 1))}, 413, None),
    ],
)
async def test_bad_uploads_are_refused_before_anything_is_queued(
    world: World, form: dict[str, Any], status: int, field: str | None
) -> None:
    client, tenants, database = world
    files = {"file": form.pop("file", ("f.csv", b"finess;etalab\n"))}
    if "mapping" in form:
        files["mapping"] = form.pop("mapping")
    response = await client.post(
        "/api/v1/imports", data=form, files=files, headers=tenants.headers("admin")
    )
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    if field:
        assert json.dumps(field) in response.text
    async with database.session() as session:
        assert await session.scalar(select(func.count()).select_from(ImportJob)) == 0
