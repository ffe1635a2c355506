"""Zones: validation, optimistic concurrency, audit without geometry."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from geo.accounts.models import AuditEntry
from geo.db import Database
from geo.zones.models import Zone
from tests.conftest import ZONE, Tenants


async def _zone_count(database: Database, tenants: Tenants, key: str = "a") -> int:
    async with database.tenant(tenants.associations[key]) as session:
        count = await session.scalar(select(func.count()).select_from(Zone))
    return int(count or 0)


async def test_create_read_update_delete_with_etags(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    h = tenants.headers("coordinator_a")
    created = await client.post("/api/v1/zones", json={**ZONE, "name": "Gare"}, headers=h)
    assert created.status_code == 201, created.text
    assert created.headers["content-type"] == "application/geo+json"
    location, tag = created.headers["location"], created.headers["etag"]
    read = await client.get(location, headers=tenants.headers("worker_a"))
    assert read.status_code == 200
    assert read.headers["etag"] == tag
    assert read.json()["properties"]["name"] == "Gare"

    missing = await client.patch(location, json={"priority": 4}, headers=h)
    assert missing.status_code == 428
    changed = await client.patch(location, json={"priority": 4}, headers={**h, "If-Match": tag})
    assert changed.status_code == 200, changed.text
    assert changed.json()["properties"]["priority"] == 4
    assert changed.headers["etag"] != tag

    stale = await client.patch(location, json={"priority": 1}, headers={**h, "If-Match": tag})
    assert stale.status_code == 412
    assert stale.json()["type"] == "/problems/stale-version"
    after = await client.get(location, headers=h)
    assert after.json()["properties"]["priority"] == 4  # the stale write changed nothing

    gone = await client.delete(location, headers={**h, "If-Match": tag})
    assert gone.status_code == 412
    deleted = await client.delete(location, headers={**h, "If-Match": after.headers["etag"]})
    assert deleted.status_code == 204
    assert (await client.get(location, headers=h)).status_code == 404


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        (
            {
                "type": "Polygon",
                "coordinates": [
                    [[7.40, 43.70], [7.41, 43.71], [7.41, 43.70], [7.40, 43.71], [7.40, 43.70]]
                ],
            },
            "self-intersection",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [[[7.40, 43.70], [7.41, 43.71], [7.41, 43.70], [7.40, 43.72]]],
            },
            "not closed",
        ),
        ({"type": "Point", "coordinates": [7.4, 95.0]}, "out of range"),
        ({"type": "LineString", "coordinates": [[7.4, 43.7]] * 10_001}, "too many vertices"),
        ({"type": "MultiPoint", "coordinates": [[7.4, 43.7]]}, "geometry type"),
    ],
)
async def test_invalid_geometry_says_what_is_wrong_and_stores_nothing(
    client: httpx.AsyncClient,
    database: Database,
    tenants: Tenants,
    geometry: dict[str, Any],
    message: str,
) -> None:
    before = await _zone_count(database, tenants)
    response = await client.post(
        "/api/v1/zones",
        json={**ZONE, "geometry": geometry},
        headers=tenants.headers("coordinator_a"),
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert message in response.text
    assert "43.7" not in response.text  # the coordinates are not echoed back
    assert await _zone_count(database, tenants) == before


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({**ZONE, "kind": "online"}, "no geometry"),
        ({**ZONE, "kind": "online", "geometry": None}, "platform"),
        ({**ZONE, "kind": "temporary-gathering", "starts_on": "2026-07-10"}, "gathering"),
        ({**ZONE, "kind": "commercial-premises"}, "premises"),
        ({**ZONE, "presence": "Mo-Fx 21:00-02:00"}, "opening_hours"),
        ({**ZONE, "requires": ["klingon"]}, "unknown skills"),
        ({**ZONE, "priority": 9}, "priority"),
        ({**ZONE, "min_visits": 3, "max_visits": 2}, "max_visits"),
        ({**ZONE, "association_id": "00000000-0000-0000-0000-000000000000"}, "association_id"),
        ({**ZONE, "id": "00000000-0000-0000-0000-000000000000"}, "id"),
    ],
)
async def test_invalid_zones_are_refused(
    client: httpx.AsyncClient, tenants: Tenants, body: dict[str, Any], message: str
) -> None:
    response = await client.post(
        "/api/v1/zones", json=body, headers=tenants.headers("coordinator_a")
    )
    assert response.status_code == 422, response.text
    assert message in response.text


async def test_online_and_gathering_zones(client: httpx.AsyncClient, tenants: Tenants) -> None:
    h = tenants.headers("coordinator_a")
    online = {**ZONE, "kind": "online", "geometry": None, "platform": "Forum"}
    response = await client.post("/api/v1/zones", json=online, headers=h)
    assert response.status_code == 201, response.text
    assert response.json()["geometry"] is None
    festival = {
        **ZONE,
        "kind": "temporary-gathering",
        "starts_on": "2026-07-10",
        "ends_on": "2026-07-12",
    }
    response = await client.post("/api/v1/zones", json=festival, headers=h)
    assert response.status_code == 201, response.text


async def test_reads_and_writes_are_audited_without_geometry(
    client: httpx.AsyncClient, database: Database, tenants: Tenants
) -> None:
    h = tenants.headers("coordinator_a")
    await client.get("/api/v1/zones", headers=tenants.headers("worker_a"))
    await client.get(f"/api/v1/zones/{tenants.zones['a']}", headers=tenants.headers("worker_a"))
    tag = (await client.get(f"/api/v1/zones/{tenants.zones['a']}", headers=h)).headers["etag"]
    moved = {"geometry": {"type": "Point", "coordinates": [7.4311, 43.7411]}}
    await client.patch(
        f"/api/v1/zones/{tenants.zones['a']}", json=moved, headers={**h, "If-Match": tag}
    )
    async with database.tenant(tenants.associations["a"]) as session:
        entries = (
            await session.scalars(select(AuditEntry).where(AuditEntry.object_type == "zone"))
        ).all()
    actions = [(e.action, e.actor_role) for e in entries]
    assert ("list", "worker") in actions
    assert ("read", "worker") in actions
    update = next(e for e in entries if e.action == "update")
    assert update.detail == {"fields": ["geom"]}
    assert "7.4311" not in str([e.detail for e in entries])


async def test_an_association_cannot_write_into_another(
    client: httpx.AsyncClient, database: Database, tenants: Tenants
) -> None:
    before = await _zone_count(database, tenants, "a")
    response = await client.post(
        "/api/v1/zones",
        json={**ZONE, "association_id": str(tenants.associations["a"])},
        headers=tenants.headers("coordinator_b"),
    )
    assert response.status_code == 422  # the field is refused, not ignored
    assert await _zone_count(database, tenants, "a") == before
