"""What the field app's phone may keep, as the server gives it: the directory copy (public
services of the team's area and the phone lines, never a professionals' service, never a
confidential address located), with an ETag; tonight's rounds and zones, the association's
own only; nothing for someone logged out."""

from __future__ import annotations

import httpx

from geo.db import Database
from tests.api.test_confidential import SECRET, SHELTER
from tests.conftest import Tenants, add, draft


async def test_the_copies_are_for_members_only(client: httpx.AsyncClient, tenants: Tenants) -> None:
    for path in ("/app/offline/directory.json", "/app/offline/tonight.json"):
        for who in ("public", "admin"):
            answer = await client.get(path, headers=tenants.headers(who))
            assert answer.status_code in {401, 403}
            assert answer.headers["content-type"].startswith("application/problem+json")


async def test_the_directory_copy_holds_public_services_only_and_no_confidential_place(
    client: httpx.AsyncClient, tenants: Tenants, database: Database
) -> None:
    await add(
        database,
        draft(name="Open to all", opening_hours="Mo-Fr 09:00-17:00; Sa unknown", phone="0102"),
        draft(name="Evenings", opening_hours="Mo-Fr 18:00-23:00"),
        draft(name="For professionals", visibility="professionals"),
    )
    created = await client.post(
        "/api/v1/services", json=SHELTER, headers=tenants.headers("coordinator_a")
    )
    assert created.status_code == 201
    answer = await client.get("/app/offline/directory.json", headers=tenants.headers("worker_a"))
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "private, no-cache"
    copy = answer.json()
    names = {s["name"] for s in copy["services"]}
    assert "Open to all" in names
    assert "For professionals" not in answer.text
    assert SHELTER["name"] not in names  # not a place to go to...
    (shelter,) = [s for s in copy["lines"] if s["name"] == SHELTER["name"]]
    assert shelter["phone"] == SHELTER["phone"]  # ...a line to call
    assert shelter["location_hidden"] is True
    for secret in SECRET:
        assert secret not in answer.text
    service = next(s for s in copy["services"] if s["name"] == "Open to all")
    assert service["open"]  # when it is open over the next days, worked out by the server
    assert service["unknown"]  # and when its hours say "unknown" (Saturdays)
    assert copy["hours"][service["hours"]] == {"raw": "Mo-Fr 09:00-17:00; Sa unknown"}
    evenings = next(s for s in copy["services"] if s["name"] == "Evenings")
    words = copy["hours"][evenings["hours"]]
    assert set(words) == set(copy["words"])  # hours in words in every language
    assert words["fr"] != words["ar"]
    assert set(copy["words"]) == {"fr", "en", "es", "pt", "ro", "bg", "ru", "zh", "ar"}
    # The same copy again: the phone that has it gets no bytes.
    again = await client.get(
        "/app/offline/directory.json",
        headers={**tenants.headers("worker_a"), "If-None-Match": answer.headers["etag"]},
    )
    assert again.status_code == 304


async def test_tonight_holds_the_associations_own_rounds_and_zones_only(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    mine = await client.get("/app/offline/tonight.json", headers=tenants.headers("worker_a"))
    assert mine.status_code == 200
    assert mine.headers["cache-control"] == "no-store"
    body = mine.json()
    assert [z["id"] for z in body["zones"]] == [str(tenants.zones["a"])]
    assert [r["plan"] for r in body["rounds"]] == [str(tenants.plans["a"])]
    assert body["rounds"][0]["sheet"].startswith("/app/rounds/")
    assert str(tenants.zones["b"]) not in mine.text
    assert str(tenants.plans["b"]) not in mine.text
    sheet = await client.get(body["rounds"][0]["sheet"], headers=tenants.headers("worker_a"))
    assert sheet.status_code == 200
    assert sheet.headers["cache-control"] == "no-store"
    other = await client.get(
        body["rounds"][0]["sheet"], headers=tenants.headers("worker_b"), follow_redirects=False
    )
    assert other.status_code == 404
