"""Writes to the directory: roles, refused fields, If-Match, audit readable by admins."""

from __future__ import annotations

import httpx

from tests.conftest import Tenants

NEW = {
    "name": "CeGIDD du port",
    "categories": ["cegidd"],
    "lon": 7.42,
    "lat": 43.735,
    "opening_hours": "Mo-Fr 09:00-17:00; PH off",
}


async def test_coordinator_creates_edits_and_deletes_with_versions(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    h = tenants.headers("coordinator_a")
    created = await client.post("/api/v1/services", json=NEW, headers=h)
    assert created.status_code == 201, created.text
    location, tag = created.headers["location"], created.headers["etag"]
    assert created.json()["properties"]["source"] == "maraude"

    assert (await client.patch(location, json={"phone": "0400"}, headers=h)).status_code == 428
    changed = await client.patch(location, json={"phone": "0400"}, headers={**h, "If-Match": tag})
    assert changed.status_code == 200, changed.text
    assert changed.json()["properties"]["phone"] == "0400"

    stale = await client.patch(location, json={"phone": "0999"}, headers={**h, "If-Match": tag})
    assert stale.status_code == 412
    assert (await client.get(location)).json()["properties"]["phone"] == "0400"

    invalid = await client.patch(
        location,
        json={"opening_hours": "Mo-Fx 09:00"},
        headers={**h, "If-Match": changed.headers["etag"]},
    )
    assert invalid.status_code == 422
    assert "opening_hours" in invalid.text
    deleted = await client.delete(location, headers={**h, "If-Match": changed.headers["etag"]})
    assert deleted.status_code == 204
    assert (await client.get(location)).status_code == 404


async def test_fields_a_client_may_not_set_are_refused(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    h = tenants.headers("coordinator_a")
    refused = [
        {"id": "00000000-0000-0000-0000-000000000000"},
        {"source": "finess"},
        {"association_id": str(tenants.associations["a"])},
        {"created_at": "2026-01-01"},
        {"updated_at": "2026-01-01"},
    ]
    for extra in refused:
        response = await client.post("/api/v1/services", json={**NEW, **extra}, headers=h)
        assert response.status_code == 422, extra
    created = await client.post("/api/v1/services", json=NEW, headers=h)
    for extra in ({"source_id": "x"}, {"id": "x"}, {"updated_at": "x"}):
        response = await client.patch(
            created.headers["location"],
            json=extra,
            headers={**h, "If-Match": created.headers["etag"]},
        )
        assert response.status_code == 422, extra
        assert response.json()["errors"][0]["pointer"] == f"/{next(iter(extra))}"


async def test_every_write_is_in_the_admin_audit_log(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    h = tenants.headers("coordinator_b")
    created = await client.post("/api/v1/services", json=NEW, headers=h)
    await client.patch(
        created.headers["location"],
        json={"name": "CeGIDD du vieux port"},
        headers={**h, "If-Match": created.headers["etag"]},
    )
    entries = (await client.get("/api/v1/audit", headers=tenants.headers("admin"))).json()
    mine = [e for e in entries["entries"] if e["object_type"] == "service"]
    assert [e["action"] for e in mine] == ["update", "create"]
    assert mine[0]["actor_id"] == str(tenants.principals["coordinator_b"].user_id)
    assert mine[0]["detail"]["changes"]["name"] == ["CeGIDD du port", "CeGIDD du vieux port"]


async def test_members_see_professional_and_confidential_services(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    h = tenants.headers("coordinator_a")
    shelter = {
        **NEW,
        "name": "Foyer",
        "categories": ["emergency-shelter"],
        "visibility": "confidential-address",
        "address": "1 rue Secrète",
        "phone": "04 93 00 00 01",
    }
    await client.post("/api/v1/services", json=shelter, headers=h)
    public = await client.get("/api/v1/services/nearest", params={"lon": 7.42, "lat": 43.735})
    assert public.json()["number_returned"] == 0
    member = await client.get(
        "/api/v1/services/nearest",
        params={"lon": 7.42, "lat": 43.735},
        headers=tenants.headers("worker_b"),
    )
    assert member.json()["number_returned"] == 0  # reached by phone: tests/api/test_confidential.py
    listed = await client.get(
        "/api/v1/services", params={"reach": "phone"}, headers=tenants.headers("worker_b")
    )
    [feature] = listed.json()["features"]
    assert feature["properties"]["name"] == "Foyer"
    assert feature["geometry"] is None
