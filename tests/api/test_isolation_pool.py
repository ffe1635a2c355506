"""Two associations interleaved over a pool of two connections: no row ever crosses over.

Committed data and a real pool are needed here, so this module uses a database of its own
rather than the rolled-back transaction of the other tests.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from api.main import create_app
from api.settings import Settings
from geo.db import Database
from geo.zones.drafts import ZoneDraft
from geo.zones.queries.zones import create_zone
from tests.conftest import ZONE, Tenants, make_tenants, throwaway_database

REQUESTS = 2000
ZONES_EACH = 5


@pytest.fixture(scope="module")
def own_database() -> Iterator[Settings]:
    """A migrated database for this module alone."""
    with throwaway_database() as settings:
        yield settings


@pytest.fixture
async def pooled(own_database: Settings) -> AsyncIterator[tuple[Database, Tenants]]:
    """Committed associations and zones, and a database of exactly two connections."""
    database = Database.from_url(own_database.database_url, pool_size=2, max_overflow=0)
    tenants = await make_tenants(database, own_database)
    for key in ("a", "b"):
        actor = tenants.principals[f"coordinator_{key}"].actor()
        async with database.tenant(tenants.associations[key]) as session:
            for i in range(ZONES_EACH - 1):
                draft = ZoneDraft.model_validate({**ZONE, "name": f"Zone {key} {i}"})
                await create_zone(session, actor=actor, draft=draft)
            await session.commit()
    try:
        yield database, tenants
    finally:
        await database.dispose()


async def test_interleaved_requests_never_see_the_other_association(
    own_database: Settings, pooled: tuple[Database, Tenants]
) -> None:
    database, tenants = pooled
    app = create_app(own_database, database=database)
    own: dict[str, set[str]] = {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://maraude.test") as client:
        for key in ("a", "b"):
            page = await client.get("/api/v1/zones", headers=tenants.headers(f"worker_{key}"))
            own[key] = {f["id"] for f in page.json()["features"]}
            assert len(own[key]) == ZONES_EACH
        rng = random.Random(7)
        callers = [rng.choice(["a", "b"]) for _ in range(REQUESTS)]

        async def one(key: str) -> tuple[str, set[str]]:
            headers = tenants.headers(f"{rng.choice(['worker', 'coordinator'])}_{key}")
            if rng.random() < 0.5:
                response = await client.get("/api/v1/zones", headers=headers)
                assert response.status_code == 200
                return key, {f["id"] for f in response.json()["features"]}
            target = rng.choice(sorted(own["a"] | own["b"]))
            response = await client.get(f"/api/v1/zones/{target}", headers=headers)
            assert response.status_code in (200, 404)
            return key, {response.json()["id"]} if response.status_code == 200 else set()

        results: list[tuple[str, set[str]]] = []
        for start in range(0, REQUESTS, 50):
            results += await asyncio.gather(*(one(k) for k in callers[start : start + 50]))
    crossed = [(key, ids - own[key]) for key, ids in results if ids - own[key]]
    assert crossed == []
    assert sum(1 for _, ids in results if ids) > REQUESTS // 2
