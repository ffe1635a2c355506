"""Before publishing: the zones and rounds an alert would touch, with nothing kept."""

from __future__ import annotations

import httpx

from tests.api.test_alerts import safety_body
from tests.conftest import Tenants

PREVIEW = "/api/v1/alerts/preview"


async def test_a_preview_names_the_zones_it_touches_and_keeps_nothing(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    h = tenants.headers("coordinator_a")
    before = (await client.get("/api/v1/alerts", headers=h)).json()["alerts"]
    audit = (await client.get("/api/v1/audit", headers=h)).json()["entries"]
    seen = await client.post(PREVIEW, json=safety_body(), headers=h)
    assert seen.status_code == 200, seen.text
    zones = seen.json()["zones"]
    assert [z["id"] for z in zones] == [str(tenants.zones["a"])]
    assert isinstance(seen.json()["rounds"], list)
    assert (await client.get("/api/v1/alerts", headers=h)).json()["alerts"] == before
    assert (await client.get("/api/v1/audit", headers=h)).json()["entries"] == audit
    # The other association's coordinator sees their own zones only.
    theirs = await client.post(
        PREVIEW, json=safety_body(), headers=tenants.headers("coordinator_b")
    )
    assert str(tenants.zones["a"]) not in {z["id"] for z in theirs.json()["zones"]}
    # An area far away touches nothing.
    far = {"type": "Polygon", "coordinates": [[[2.0, 48.0], [2.1, 48.0], [2.1, 48.1], [2.0, 48.0]]]}
    away = await client.post(PREVIEW, json=safety_body(polygon=far), headers=h)
    assert away.json() == {"zones": [], "rounds": []}
    refused = await client.post(PREVIEW, json=safety_body(), headers=tenants.headers("worker_a"))
    assert refused.status_code == 403
    bad = await client.post(PREVIEW, json={"kind": "safety"}, headers=h)
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
