"""Planning through the real queue: request, worker, job status, plan, exports, re-plan.

The queue and the worker use their own connections, so this module commits to a database
of its own.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import delete

from api.main import create_app
from api.settings import Settings
from api.worker import queue, run_worker
from geo.accounts.models import Association, User
from geo.db import Database
from geo.planning.queries import get_plan
from geo.planning.scenario_io import rounds_from_dict, scenario_from_dict
from geo.zones.drafts import ZoneDraft
from geo.zones.queries.zones import create_zone
from planner.validate import violations
from tests.conftest import ZONE, Tenants, make_tenants, throwaway_database

MONDAY = "2026-12-14"


@pytest.fixture(scope="module")
def own_database() -> Iterator[Settings]:
    """A migrated database for this module alone."""
    with throwaway_database() as settings:
        yield settings


@pytest.fixture
async def world(own_database: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, Tenants]]:
    """The app on committed data, with a real queue."""
    database = Database.from_url(own_database.database_url, pool_size=4)
    tenants = await make_tenants(database, own_database)
    actor = tenants.principals["coordinator_a"].actor()
    async with database.tenant(tenants.associations["a"]) as session:
        for i, presence in enumerate(["Mo-Su 20:30-23:30", "Tu,Th 21:00-23:00"]):
            point = {"type": "Point", "coordinates": [7.421 + i / 500, 43.741]}
            body = {**ZONE, "name": f"Rue {i}", "presence": presence, "geometry": point}
            await create_zone(session, actor=actor, draft=ZoneDraft.model_validate(body))
        await session.commit()
    jobs = queue(own_database)
    async with jobs.open_async():
        app = create_app(own_database, database=database, queue=jobs)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://maraude.test") as c:
            yield c, tenants
    async with database.instance() as session:  # the next test starts from nothing
        await session.execute(delete(Association))
        await session.execute(delete(User))
        await session.commit()
    await database.dispose()


async def _plan(
    client: httpx.AsyncClient, tenants: Tenants, settings: Settings, **extra: Any
) -> dict[str, Any]:
    h = tenants.headers("coordinator_a")
    body = {"week_start": MONDAY, "seconds": 20, "iterations": 8, **extra}
    queued = await client.post("/api/v1/plans", json=body, headers=h)
    assert queued.status_code == 202, queued.text
    assert queued.json()["status"] == "queued"
    location = queued.headers["location"]
    await run_worker(settings, once=True)
    job = (await client.get(location, headers=tenants.headers("worker_a"))).json()
    assert job["status"] == "succeeded", job
    assert job["progress"] == 1.0
    plan = await client.get(job["plan"], headers=tenants.headers("worker_a"))
    assert plan.status_code == 200
    result: dict[str, Any] = plan.json()
    return result


async def test_a_queued_week_is_planned_valid_and_exported(
    world: tuple[httpx.AsyncClient, Tenants], own_database: Settings
) -> None:
    client, tenants = world
    body = await _plan(client, tenants, own_database)
    plan = body["plan"]
    assert plan["rounds"], plan
    assert "no street network is loaded" in plan["warnings"][0]
    # The stored plan passes the independent validator against the scenario it came from.
    # (The API does not expose the scenario; rebuild it the way the worker did.)
    features = body["rounds"]["features"]
    assert features[0]["geometry"]["type"] == "LineString"
    assert features[0]["properties"]["stops"][0]["name"].startswith(("Rue", "Zone"))

    h = tenants.headers("worker_a")
    url = f"/api/v1/plans/{body['id']}"
    gpx = await client.get(f"{url}/rounds/0.gpx", headers=h)
    assert gpx.headers["content-type"] == "application/gpx+xml"
    root = ET.fromstring(gpx.text)
    assert len(root.findall("{http://www.topografix.com/GPX/1/1}rte/*")) >= 3
    ics = await client.get(f"{url}/week.ics", headers=h)
    assert ics.text.count("BEGIN:VEVENT") == len(plan["rounds"])
    assert ics.text.startswith("BEGIN:VCALENDAR\r\n")
    sheet = await client.get(f"{url}/rounds/0/sheet", headers=h)
    assert sheet.status_code == 200
    page = sheet.text.replace("&quot;", '"')
    assert "L.map(" in page  # Leaflet is inlined: the sheet works offline and on paper
    assert 'src="http' not in page  # no script, image or frame from anywhere else
    assert not re.search(r'<link[^>]+href="http', page)  # no stylesheet either
    assert "url(http" not in page
    other = await client.get(url, headers=tenants.headers("worker_b"))
    assert other.status_code == 404


async def test_locked_rounds_are_kept_when_replanning(
    world: tuple[httpx.AsyncClient, Tenants], own_database: Settings
) -> None:
    client, tenants = world
    first = await _plan(client, tenants, own_database)
    kept = first["plan"]["rounds"][0]
    second = await _plan(
        client, tenants, own_database, locked={"plan_id": first["id"], "rounds": [0]}, seed=7
    )
    assert kept in second["plan"]["rounds"]


async def test_stored_plans_pass_the_validator(
    world: tuple[httpx.AsyncClient, Tenants], own_database: Settings
) -> None:
    client, tenants = world
    body = await _plan(client, tenants, own_database)
    database = Database.from_url(own_database.database_url, pool_size=1)
    try:
        association = tenants.associations["a"]
        async with database.tenant(association) as session:
            stored = await get_plan(session, association_id=association, plan_id=body["id"])
        scenario = scenario_from_dict(stored.scenario)
        assert violations(scenario, rounds_from_dict(stored.result)) == []
    finally:
        await database.dispose()
