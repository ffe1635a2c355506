"""Safety alerts raised from the field: a member raises one from a closed list of situations
(no words of their own), its association's members see it unconfirmed at once, a coordinator
confirms or withdraws it, and it never reaches the public, the feeds or another association."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from geo.accounts.models import AuditEntry
from geo.alerts.models import Alert
from geo.alerts.queries import UNCONFIRMED_MAX
from geo.alerts.situations import TEXTS
from geo.db import Database
from geo.vocab import PAGE_LANGUAGES, FieldSituation
from tests.api.test_alerts import safety_body
from tests.conftest import NOW, Tenants

ALERTS = "/api/v1/alerts"
FIELD = "/api/v1/alerts/field"


def field_body(**fields: Any) -> dict[str, Any]:
    """A valid field alert over the zones' point, overridable."""
    body: dict[str, Any] = {
        "situation": "violent-client",
        "lon": 7.42,
        "lat": 43.74,
        "radius_m": 300,
        "severity": "Severe",
        "hours": 6,
    }
    body.update(fields)
    return body


async def _raise(client: httpx.AsyncClient, tenants: Tenants, who: str, **fields: Any) -> str:
    response = await client.post(FIELD, json=field_body(**fields), headers=tenants.headers(who))
    assert response.status_code == 201, response.text
    alert_id: str = response.json()["id"]
    return alert_id


async def _seen(client: httpx.AsyncClient, tenants: Tenants, who: str) -> dict[str, Any]:
    response = await client.get(ALERTS, headers=tenants.headers(who))
    assert response.status_code == 200
    return {a["id"]: a for a in response.json()["alerts"]}


async def _confirm(
    client: httpx.AsyncClient, tenants: Tenants, who: str, alert_id: str
) -> httpx.Response:
    return await client.post(f"{ALERTS}/{alert_id}/confirm", headers=tenants.headers(who))


async def _stored(database: Database, tenants: Tenants) -> int:
    async with database.tenant(tenants.associations["a"]) as session:
        count = await session.scalar(select(func.count()).select_from(Alert))
    return int(count or 0)


async def test_a_worker_raises_an_alert_in_every_page_language(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    response = await client.post(
        FIELD, json=field_body(hours=72), headers=tenants.headers("worker_a")
    )
    assert response.status_code == 201, response.text
    alert = response.json()
    assert (alert["kind"], alert["audience"], alert["situation"]) == (
        "safety",
        "association",
        "violent-client",
    )
    assert (alert["field"], alert["confirmed"], alert["cap"]) == (True, False, None)
    assert alert["severity"] == "Severe"
    assert alert["circle"] == {"lon": 7.42, "lat": 43.74, "radius_km": 0.3}
    assert alert["area"]["type"] == "MultiPolygon"
    assert alert["onset"].startswith(NOW.isoformat()[:19])
    assert alert["expires"].startswith((NOW + timedelta(hours=72)).isoformat()[:19])
    assert set(alert["messages"]) == set(PAGE_LANGUAGES)
    assert alert["messages"]["fr"]["headline"] == "Client violent signalé"
    assert alert["messages"]["en"]["headline"] == "Violent client reported"
    for message in alert["messages"].values():
        assert set(message) == {"headline", "description", "instruction"}
        assert all(message.values())


def test_every_situation_has_its_texts_in_every_page_language() -> None:
    assert set(TEXTS) == set(FieldSituation)
    for situation, texts in TEXTS.items():
        assert list(texts) == list(PAGE_LANGUAGES), situation
        headlines = {texts[lang][0] for lang in PAGE_LANGUAGES}
        assert len(headlines) == len(PAGE_LANGUAGES), situation  # each one translated
        for headline, description, instruction in texts.values():
            assert 3 <= len(headline) <= 160
            assert 3 <= len(description) <= 4000
            assert len(instruction) <= 2000


async def test_the_association_sees_it_unconfirmed_and_a_coordinator_confirms_it(
    client: httpx.AsyncClient, tenants: Tenants, database: Database
) -> None:
    alert_id = await _raise(client, tenants, "worker_a")
    for who in ("worker_a", "coordinator_a"):
        seen = (await _seen(client, tenants, who))[alert_id]
        assert (seen["field"], seen["confirmed"]) == (True, False)
        assert [z["id"] for z in seen["zones"]] == [str(tenants.zones["a"])]
    for _ in range(2):  # confirming again changes nothing
        confirmed = await _confirm(client, tenants, "coordinator_a", alert_id)
        assert confirmed.status_code == 204, confirmed.text
    for who in ("worker_a", "coordinator_a"):
        seen = (await _seen(client, tenants, who))[alert_id]
        assert (seen["field"], seen["confirmed"]) == (True, True)
    async with database.tenant(tenants.associations["a"]) as session:
        actions = (
            await session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.object_id == alert_id)
                .order_by(AuditEntry.id)
            )
        ).all()
    assert actions == ["create", "confirm"]


async def test_an_ordinary_alert_is_confirmed_and_not_a_field_alert(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    response = await client.post(
        ALERTS, json=safety_body(), headers=tenants.headers("coordinator_a")
    )
    assert response.status_code == 201, response.text
    alert = response.json()
    assert (alert["situation"], alert["field"], alert["confirmed"]) == (None, False, True)
    again = await _confirm(client, tenants, "coordinator_a", alert["id"])
    assert again.status_code == 204


async def test_it_never_leaves_its_association(client: httpx.AsyncClient, tenants: Tenants) -> None:
    alert_id = await _raise(client, tenants, "worker_a", situation="police-operation")
    for who in ("anonymous", "worker_b", "coordinator_b", "admin"):
        assert alert_id not in await _seen(client, tenants, who)
    refused = await _confirm(client, tenants, "coordinator_b", alert_id)
    assert refused.status_code == 404
    assert refused.headers["content-type"] == "application/problem+json"
    assert alert_id not in refused.text
    for who in ("worker_b", "coordinator_b", "admin"):
        withdrawn = await client.delete(f"{ALERTS}/{alert_id}", headers=tenants.headers(who))
        assert withdrawn.status_code == 404, who
        assert alert_id not in withdrawn.text
    cap = await client.get(f"{ALERTS}/{alert_id}.cap")
    assert cap.status_code == 404
    assert alert_id not in cap.text
    for lang in ("fr", "en"):
        atom = await client.get("/alerts.atom", params={"lang": lang})
        assert atom.status_code == 200
        assert alert_id not in atom.text
        assert "police" not in atom.text.lower()
    still = (await _seen(client, tenants, "coordinator_a"))[alert_id]
    assert still["confirmed"] is False  # B's attempts changed nothing


async def test_the_public_pages_and_embed_show_no_field_alert(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    await _raise(client, tenants, "worker_a")
    await _confirm(client, tenants, "coordinator_a", await _raise(client, tenants, "worker_a"))
    for path in ("/?lang=fr", "/embed?lang=fr&bbox=7.40,43.72,7.45,43.75"):
        page = await client.get(path)
        assert page.status_code == 200
        assert "Client violent" not in page.text


@pytest.mark.parametrize(
    ("fields", "pointer"),
    [
        ({"description": "Homme grand, veste rouge"}, "/description"),
        ({"note": "x"}, "/note"),
        ({"situation": "suspicious-person"}, "/situation"),
        ({"hours": 73}, "/hours"),
        ({"hours": 0}, "/hours"),
        ({"hours": 1.5}, "/hours"),
        ({"radius_m": 49}, "/radius_m"),
        ({"radius_m": 5001}, "/radius_m"),
        ({"severity": "Unknown"}, "/severity"),
        ({"lat": 91}, "/lat"),
    ],
)
async def test_bad_field_alerts_are_refused_and_nothing_is_stored(
    client: httpx.AsyncClient,
    tenants: Tenants,
    database: Database,
    fields: dict[str, Any],
    pointer: str,
) -> None:
    response = await client.post(
        FIELD, json=field_body(**fields), headers=tenants.headers("worker_a")
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert pointer in [e.get("pointer") for e in problem["errors"]]
    assert "veste rouge" not in response.text
    assert await _stored(database, tenants) == 0


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("admin", 403), ("worker_a", 201)])
async def test_only_an_association_s_members_raise_one(
    client: httpx.AsyncClient, tenants: Tenants, who: str, status: int
) -> None:
    response = await client.post(FIELD, json=field_body(), headers=tenants.headers(who))
    assert response.status_code == status, response.text


async def test_a_worker_cannot_confirm(client: httpx.AsyncClient, tenants: Tenants) -> None:
    alert_id = await _raise(client, tenants, "worker_a")
    for who in ("worker_a", "admin"):
        refused = await _confirm(client, tenants, who, alert_id)
        assert refused.status_code == 403, who
        assert refused.headers["content-type"] == "application/problem+json"
        assert alert_id not in refused.text
    assert (await _seen(client, tenants, "worker_a"))[alert_id]["confirmed"] is False


async def test_withdrawing_a_field_alert(client: httpx.AsyncClient, tenants: Tenants) -> None:
    worker = tenants.headers("worker_a")
    own = await _raise(client, tenants, "worker_a")
    assert (await client.delete(f"{ALERTS}/{own}", headers=worker)).status_code == 204
    # A coordinator's, or one already confirmed, is not the worker's to withdraw.
    theirs = await _raise(client, tenants, "coordinator_a")
    confirmed = await _raise(client, tenants, "worker_a")
    await _confirm(client, tenants, "coordinator_a", confirmed)
    for alert_id in (theirs, confirmed):
        refused = await client.delete(f"{ALERTS}/{alert_id}", headers=worker)
        assert refused.status_code == 403
        assert alert_id not in refused.text
    withdrawn = await client.delete(
        f"{ALERTS}/{confirmed}", headers=tenants.headers("coordinator_a")
    )
    assert withdrawn.status_code == 204
    assert set(await _seen(client, tenants, "worker_a")) == {theirs}
    late = await _confirm(client, tenants, "coordinator_a", own)
    assert late.status_code == 409
    assert late.headers["content-type"] == "application/problem+json"


async def test_a_member_has_at_most_five_unconfirmed_alerts_in_force(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    raised = [await _raise(client, tenants, "worker_a") for _ in range(UNCONFIRMED_MAX)]
    refused = await client.post(FIELD, json=field_body(), headers=tenants.headers("worker_a"))
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"] == "/problems/too-many-field-alerts"
    await _raise(client, tenants, "worker_b")  # counted per member
    await _raise(client, tenants, "coordinator_a")
    await _confirm(client, tenants, "coordinator_a", raised[0])
    await _raise(client, tenants, "worker_a")  # a confirmed one no longer counts


@pytest.mark.parametrize("situation", list(FieldSituation))
async def test_every_situation_can_be_stored(
    client: httpx.AsyncClient, tenants: Tenants, situation: FieldSituation
) -> None:
    alert_id = await _raise(client, tenants, "coordinator_a", situation=situation.value)
    seen = (await _seen(client, tenants, "worker_a"))[alert_id]
    assert seen["situation"] == situation.value
    assert seen["messages"]["fr"]["headline"] == TEXTS[situation]["fr"][0]
