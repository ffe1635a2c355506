"""A directory people can trust: when each service was last checked and by whom, stale and
hidden by policy, temporary messages; suggestions from anyone, moderated; campaigns started."""

from __future__ import annotations

import logging
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import text

from geo.db import Database
from tests.conftest import NOW, Tenants, add, draft

TODAY = NOW.date()


async def _service(database: Database, **fields: object) -> str:
    made = draft(**fields)
    await add(database, made)
    async with database.session() as session:
        found = await session.scalar(
            text("SELECT id FROM service WHERE source_id = :s"), {"s": made.source_id}
        )
    return str(found)


async def test_freshness_is_said_and_long_unchecked_services_leave_public_results(
    client: httpx.AsyncClient, database: Database, tenants: Tenants
) -> None:
    recent = await _service(database, name="Recent", last_verified=TODAY - timedelta(days=10))
    stale = await _service(database, name="Stale", last_verified=TODAY - timedelta(days=200))
    hidden = await _service(database, name="Hidden", last_verified=TODAY - timedelta(days=800))

    one = (await client.get(f"/api/v1/services/{recent}")).json()["properties"]
    assert one["stale"] is False
    assert one["verified_by"] == "import"
    assert one["last_verified"] == (TODAY - timedelta(days=10)).isoformat()
    assert 0 < one["quality"] <= 1
    assert (await client.get(f"/api/v1/services/{stale}")).json()["properties"]["stale"] is True
    assert (await client.get(f"/api/v1/services/{hidden}")).status_code == 404

    listed = (await client.get("/api/v1/services", params={"limit": 500})).json()
    ids = {f["id"] for f in listed["features"]}
    assert {recent, stale} <= ids
    assert hidden not in ids
    near = await client.get(
        "/api/v1/services/nearest", params={"lon": 7.42, "lat": 43.74, "limit": 50}
    )
    assert hidden not in {f["id"] for f in near.json()["features"]}
    as_worker = await client.get(
        "/api/v1/services", params={"limit": 500}, headers=tenants.headers("worker_a")
    )
    assert hidden not in {f["id"] for f in as_worker.json()["features"]}

    # Editors keep them: the list of services to check, the longest unchecked first.
    h = tenants.headers("coordinator_a")
    to_check = (await client.get("/api/v1/services/to-check", headers=h)).json()
    order = [f["id"] for f in to_check["features"]]
    assert order.index(hidden) < order.index(stale)
    assert recent not in order
    editor_view = await client.get(f"/api/v1/services/{hidden}", headers=h)
    assert editor_view.status_code == 200
    assert (await client.get("/api/v1/services/to-check")).status_code == 401
    worker = tenants.headers("worker_a")
    assert (await client.get("/api/v1/services/to-check", headers=worker)).status_code == 403

    # A team's correction is a check: today, by a team; it comes back.
    changed = await client.patch(
        f"/api/v1/services/{hidden}",
        json={"phone": "04 93 00 00 00"},
        headers={**h, "If-Match": editor_view.headers["etag"]},
    )
    assert changed.status_code == 200, changed.text
    back = (await client.get(f"/api/v1/services/{hidden}")).json()["properties"]
    assert back["verified_by"] == "team"
    assert back["stale"] is False


async def test_a_temporary_message_and_a_saturation_show_while_current(
    client: httpx.AsyncClient, database: Database, tenants: Tenants
) -> None:
    sid = await _service(database, name="Shelter", categories=("emergency-shelter",))
    h = tenants.headers("coordinator_a")
    read = await client.get(f"/api/v1/services/{sid}", headers=h)
    message = {
        "text": {"fr": "Fermé pour travaux jusqu'au 12 janvier", "en": "Closed for works"},
        "end": (NOW + timedelta(days=20)).isoformat(),
    }
    patched = await client.patch(
        f"/api/v1/services/{sid}",
        json={
            "temporary_message": message,
            "saturated_until": (NOW + timedelta(hours=6)).isoformat(),
        },
        headers={**h, "If-Match": read.headers["etag"]},
    )
    assert patched.status_code == 200, patched.text
    shown = (await client.get(f"/api/v1/services/{sid}")).json()["properties"]
    assert shown["temporary_message"]["text"]["fr"].startswith("Fermé")
    assert shown["saturated_until"] is not None
    async with database.session() as session:
        await session.execute(
            text(
                "UPDATE service SET saturated_until = :past, temporary_message = "
                "jsonb_set(temporary_message, '{end}', to_jsonb(CAST(:past_text AS text))) "
                "WHERE id = :id"
            ),
            {
                "past": NOW - timedelta(hours=1),
                "past_text": (NOW - timedelta(hours=1)).isoformat(),
                "id": sid,
            },
        )
        await session.commit()
    gone = (await client.get(f"/api/v1/services/{sid}")).json()["properties"]
    assert gone["temporary_message"] is None
    assert gone["saturated_until"] is None
    bad = await client.patch(
        f"/api/v1/services/{sid}",
        json={"temporary_message": {"text": {}, "end": NOW.isoformat()}},
        headers={
            **h,
            "If-Match": (await client.get(f"/api/v1/services/{sid}", headers=h)).headers["etag"],
        },
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")


async def test_an_import_never_takes_a_later_check_back(database: Database) -> None:
    made = draft(name="Registry", last_verified=TODAY - timedelta(days=400))
    await add(database, made)
    async with database.session() as session:
        await session.execute(
            text(
                "UPDATE service SET last_verified = :d, verified_by = 'structure' "
                "WHERE source_id = :s"
            ),
            {"d": TODAY, "s": made.source_id},
        )
        await session.commit()
    from geo.directory.queries.writes import import_services
    from tests.conftest import HORIZON

    async with database.session() as session:
        await import_services(
            session, source="test", drafts=[made], horizon=HORIZON, withdraw_missing=False
        )
        row = (
            await session.execute(
                text("SELECT last_verified, verified_by FROM service WHERE source_id = :s"),
                {"s": made.source_id},
            )
        ).one()
    assert tuple(row) == (TODAY, "structure")


async def test_a_suggestion_is_received_moderated_and_changes_the_record(
    client: httpx.AsyncClient,
    database: Database,
    tenants: Tenants,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    sid = await _service(database, name="CeGIDD du port", phone="04 00 00 00 00")
    secret_words = "The number rings nowhere, call the other one xyzzy-7731"
    sent = await client.post(
        "/api/v1/suggestions",
        json={
            "service_id": sid,
            "kind": "phone",
            "message": secret_words,
            "contact": "me@example.org",
        },
    )
    assert sent.status_code == 202, sent.text
    reference = sent.json()["reference"]
    assert sent.json()["status"] == "pending"
    again = await client.post(
        "/api/v1/suggestions", json={"service_id": sid, "kind": "phone", "message": "Wrong number"}
    )
    assert again.status_code == 202

    status = await client.get(f"/api/v1/suggestions/{reference}")
    assert status.status_code == 200
    assert "message" not in status.json()
    assert (await client.get("/api/v1/suggestions")).status_code == 401
    worker = tenants.headers("worker_a")
    assert (await client.get("/api/v1/suggestions", headers=worker)).status_code == 403
    h = tenants.headers("coordinator_b")
    pending = (await client.get("/api/v1/suggestions", headers=h)).json()["items"]
    mine = [s for s in pending if s["service_id"] == sid]
    assert len(mine) == 2
    assert all(s["same_service"] == 2 for s in mine)
    assert {s["message"] for s in mine} == {secret_words, "Wrong number"}

    accepted = await client.post(
        f"/api/v1/suggestions/{reference}/accept",
        json={"patch": {"phone": "04 11 11 11 11"}},
        headers=h,
    )
    assert accepted.status_code == 200, accepted.text
    assert len(accepted.json()["handled"]) == 2  # the same report, made twice, counts once
    public = (await client.get(f"/api/v1/services/{sid}")).json()["properties"]
    assert public["phone"] == "04 11 11 11 11"
    assert public["verified_by"] == "suggestion"
    assert (await client.get(f"/api/v1/suggestions/{reference}")).json()["status"] == "accepted"
    async with database.session() as session:
        contacts = await session.scalar(
            text("SELECT count(contact) FROM suggestion WHERE service_id = :s"), {"s": sid}
        )
        audited = await session.scalar(
            text(
                "SELECT count(*) FROM audit_log WHERE object_id = :s AND detail->>'suggestion' = :r"
            ),
            {"s": sid, "r": reference},
        )
    assert contacts == 0
    assert audited == 1
    twice = await client.post(f"/api/v1/suggestions/{reference}/accept", json={}, headers=h)
    assert twice.status_code == 409

    new = await client.post(
        "/api/v1/suggestions",
        json={"kind": "new-service", "message": "A shelter opened rue Grimaldi, 8pm-8am"},
    )
    rejected = await client.post(
        f"/api/v1/suggestions/{new.json()['reference']}/reject",
        json={"reason": "Already in the directory"},
        headers=h,
    )
    assert rejected.status_code == 200
    told = (await client.get(f"/api/v1/suggestions/{new.json()['reference']}")).json()
    assert told["status"] == "rejected"
    assert told["reason"] == "Already in the directory"
    assert secret_words not in caplog.text
    assert "xyzzy" not in caplog.text


async def test_bad_suggestions_are_refused_and_change_nothing(
    client: httpx.AsyncClient, database: Database
) -> None:
    sid = await _service(database, name="Service")
    bad = [
        {"service_id": sid, "kind": "phone", "message": "x" * 2001},
        {"service_id": sid, "kind": "phone", "message": "   "},
        {"service_id": sid, "kind": "spam", "message": "hello"},
        {"service_id": sid, "kind": "new-service", "message": "hello"},
        {"kind": "closed", "message": "which one?"},
        {"service_id": "00000000-0000-0000-0000-000000000000", "kind": "closed", "message": "x"},
        {"service_id": sid, "kind": "correction", "message": "I am the structure"},
        {"service_id": sid, "kind": "closed", "message": "x", "name": "Jane"},
    ]
    for body in bad:
        response = await client.post("/api/v1/suggestions", json=body)
        assert response.status_code == 422, (body, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "x" * 50 not in response.text
    async with database.session() as session:
        assert await session.scalar(text("SELECT count(*) FROM suggestion")) == 0


async def test_a_robot_is_held_back_and_a_flood_is_rate_limited(
    client: httpx.AsyncClient, database: Database, tenants: Tenants
) -> None:
    sid = await _service(database, name="Service")
    robot = await client.post(
        "/api/v1/suggestions",
        json={
            "service_id": sid,
            "kind": "other",
            "message": "cheap pills",
            "website": "http://spam",
        },
    )
    assert robot.status_code == 202
    assert robot.json()["status"] == "pending"
    h = tenants.headers("admin")
    assert (await client.get("/api/v1/suggestions", headers=h)).json()["items"] == []
    held = (await client.get("/api/v1/suggestions?status=held", headers=h)).json()["items"]
    assert [s["reference"] for s in held] == [robot.json()["reference"]]

    codes = []
    for i in range(12):
        r = await client.post(
            "/api/v1/suggestions", json={"service_id": sid, "kind": "other", "message": f"n{i}"}
        )
        codes.append(r.status_code)
    assert codes[:9] == [202] * 9
    assert codes[-1] == 429
    limited = await client.post(
        "/api/v1/suggestions", json={"service_id": sid, "kind": "other", "message": "again"}
    )
    assert int(limited.headers["retry-after"]) > 0
    assert limited.headers["content-type"].startswith("application/problem+json")


async def test_a_campaign_gives_each_chosen_service_a_link(
    client: httpx.AsyncClient, database: Database, tenants: Tenants
) -> None:
    old = await _service(
        database, name="Old", email="old@example.org", last_verified=TODAY - timedelta(days=300)
    )
    await _service(database, name="Fresh", last_verified=TODAY)
    h = tenants.headers("coordinator_a")
    body = {"title": "Hiver 2026", "stale_only": True, "days": 30}
    started = await client.post("/api/v1/campaigns", json=body, headers=h)
    assert started.status_code == 201, started.text
    campaign = started.json()
    assert campaign["services"] >= 1
    assert campaign["with_email"] >= 1
    read = await client.get(started.headers["location"], headers=h)
    links = {x["service_id"]: x for x in read.json()["links"]}
    assert old in links
    assert links[old]["url"].startswith("http://127.0.0.1:8000/verify/" + old)
    assert all(x["answer"] is None for x in links.values())
    worker = tenants.headers("worker_a")
    assert (await client.post("/api/v1/campaigns", json=body, headers=worker)).status_code == 403
    assert (await client.get(started.headers["location"])).status_code == 401
    listed = (await client.get("/api/v1/campaigns", headers=h)).json()["items"]
    assert listed[0]["id"] == campaign["id"]
    # An instance without SMTP says so when asked to remind.
    remind = await client.post(f"{started.headers['location']}/reminders", headers=h)
    assert remind.status_code == 409


async def test_the_public_export_leaves_long_unchecked_services_out(database: Database) -> None:
    from geo.directory.queries.export import exportable_services

    await _service(database, name="Checked", last_verified=TODAY)
    await _service(database, name="Forgotten", last_verified=TODAY - timedelta(days=800))
    async with database.session() as session:
        everything = {r.name for r in await exportable_services(session)}
        public = {
            r.name
            for r in await exportable_services(session, shown_since=TODAY - timedelta(days=730))
        }
    assert {"Checked", "Forgotten"} <= everything
    assert "Checked" in public
    assert "Forgotten" not in public


async def test_a_campaign_link_grants_nothing_else(
    client: httpx.AsyncClient, database: Database, tenants: Tenants
) -> None:
    await _service(database, name="Linked", email="linked@example.org")
    h = tenants.headers("coordinator_a")
    started = await client.post("/api/v1/campaigns", json={"title": "Check"}, headers=h)
    link = (await client.get(started.headers["location"], headers=h)).json()["links"][0]["url"]
    token = link.rsplit("/", 1)[1]
    for path in ("/api/v1/me", "/api/v1/suggestions", "/api/v1/services/to-check"):
        response = await client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, path
