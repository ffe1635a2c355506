"""A service's audit trail for the directory's editors: who changed which fields, when; the
author named to their own association alone."""

from __future__ import annotations

import httpx

from tests.api.test_directory_writes import NEW
from tests.conftest import Tenants


async def test_the_trail_lists_each_change_newest_first_with_its_fields(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    h = tenants.headers("coordinator_a")
    created = await client.post("/api/v1/services", json=NEW, headers=h)
    location = created.headers["location"]
    changed = await client.patch(
        location,
        json={"opening_hours": "Mo-Fr 10:00-18:00", "languages": ["fr", "ro"]},
        headers={**h, "If-Match": created.headers["etag"]},
    )
    assert changed.status_code == 200, changed.text
    trail = await client.get(f"{location}/history", headers=h)
    assert trail.status_code == 200, trail.text
    assert trail.headers["cache-control"] == "no-store"
    entries = trail.json()["entries"]
    assert [e["action"] for e in entries] == ["update", "create"]
    update = entries[0]
    assert update["fields"] == ["languages", "opening_hours"]
    assert update["changes"]["opening_hours"] == ["Mo-Fr 09:00-17:00; PH off", "Mo-Fr 10:00-18:00"]
    assert update["actor"] == "coordinator-a"
    assert update["actor_role"] == "coordinator"
    # Another association's coordinator reads the trail without the author's name.
    theirs = (
        await client.get(f"{location}/history", headers=tenants.headers("coordinator_b"))
    ).json()
    assert [e["fields"] for e in theirs["entries"]] == [e["fields"] for e in entries]
    assert {e["actor"] for e in theirs["entries"]} == {None}
    assert (
        await client.get(f"{location}/history", headers=tenants.headers("admin"))
    ).status_code == 200
    assert (
        await client.get(f"{location}/history", headers=tenants.headers("worker_a"))
    ).status_code == 403
    assert (await client.get(f"{location}/history")).status_code == 401
    missing = await client.get(
        "/api/v1/services/00000000-0000-0000-0000-000000000000/history", headers=h
    )
    assert missing.status_code == 404
