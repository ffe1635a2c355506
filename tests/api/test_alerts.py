"""Health alerts: who publishes what, who sees what (team alerts never leave their
association), what of the association's own they touch, CAP 1.2 valid against the OASIS
schema, and the Atom feed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path
from typing import Any, get_args

import httpx
import pytest
import xmlschema
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from api.schemas.alerts import PageLanguage
from geo.db import Database
from geo.vocab import PAGE_LANGUAGES
from tests.conftest import NOW, Tenants

CAP_XSD = Path(__file__).resolve().parents[1] / "fixtures" / "cap" / "CAP-v1.2.xsd"
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"
ATOM = "{http://www.w3.org/2005/Atom}"
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[7.41, 43.73], [7.43, 43.73], [7.43, 43.75], [7.41, 43.75], [7.41, 43.73]]],
}


def alert_body(**fields: Any) -> dict[str, Any]:
    """A valid public recall over the demo area, overridable."""
    body: dict[str, Any] = {
        "kind": "equipment-recall",
        "audience": "public",
        "severity": "Severe",
        "urgency": "Immediate",
        "certainty": "Observed",
        "onset": (NOW - timedelta(hours=1)).isoformat(),
        "expires": (NOW + timedelta(days=10)).isoformat(),
        "polygon": SQUARE,
        "product": "Préservatifs Exemple 52 mm",
        "batch": "L2026-117",
        "messages": {
            "fr": {
                "headline": "Rappel de préservatifs",
                "description": "Le lot L2026-117 est défectueux.",
                "instruction": "Ne pas utiliser ; échanger au local.",
            },
            "en": {"headline": "Condom recall", "description": "Batch L2026-117 is faulty."},
        },
    }
    body.update(fields)
    return body


def safety_body(**fields: Any) -> dict[str, Any]:
    """A team-only safety alert over the zones' point."""
    values: dict[str, Any] = {
        "kind": "safety",
        "audience": "association",
        "product": None,
        "batch": None,
        "expires": (NOW + timedelta(hours=12)).isoformat(),
        "messages": {"fr": {"headline": "Agressions signalées", "description": "Rue du port."}},
    }
    return alert_body(**{**values, **fields})


async def _publish(
    client: httpx.AsyncClient, tenants: Tenants, who: str, body: dict[str, Any]
) -> str:
    response = await client.post("/api/v1/alerts", json=body, headers=tenants.headers(who))
    assert response.status_code == 201, response.text
    alert_id: str = response.json()["id"]
    return alert_id


async def _seen(client: httpx.AsyncClient, tenants: Tenants, who: str) -> dict[str, Any]:
    response = await client.get("/api/v1/alerts", headers=tenants.headers(who))
    assert response.status_code == 200
    return {a["id"]: a for a in response.json()["alerts"]}


async def test_a_team_alert_reaches_its_association_only(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    safety = await _publish(client, tenants, "coordinator_a", safety_body())
    seen = await _seen(client, tenants, "worker_a")
    assert seen[safety]["audience"] == "association"
    assert [z["id"] for z in seen[safety]["zones"]] == [str(tenants.zones["a"])]
    assert [r["plan"] for r in seen[safety]["rounds"]] == [f"/api/v1/plans/{tenants.plans['a']}"]
    for other in ("anonymous", "worker_b", "coordinator_b", "admin"):
        assert safety not in await _seen(client, tenants, other)
    for path in (f"/api/v1/alerts/{safety}.cap", "/alerts.atom"):
        response = await client.get(path)
        assert safety not in response.text
    cancel = await client.delete(
        f"/api/v1/alerts/{safety}", headers=tenants.headers("coordinator_b")
    )
    assert cancel.status_code == 404  # B cannot even know it exists
    assert "Rue du port" not in cancel.text


async def test_a_public_alert_shows_everyone_and_each_team_its_own_zones(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    recall = await _publish(client, tenants, "admin", alert_body())
    assert recall in await _seen(client, tenants, "anonymous")
    assert (await _seen(client, tenants, "anonymous"))[recall]["zones"] is None
    for key in ("a", "b"):
        mine = (await _seen(client, tenants, f"worker_{key}"))[recall]
        assert [z["id"] for z in mine["zones"]] == [str(tenants.zones[key])]
    away = await _publish(
        client,
        tenants,
        "admin",
        alert_body(polygon=None, circle={"lon": 2.35, "lat": 48.85, "radius_km": 5}),
    )
    assert (await _seen(client, tenants, "worker_a"))[away]["zones"] == []


def _cap_valid(body: bytes) -> ET.Element:
    schema = xmlschema.XMLSchema(CAP_XSD)
    schema.validate(body)
    return ET.fromstring(body)


async def test_cap_messages_are_valid_cap_1_2(client: httpx.AsyncClient, tenants: Tenants) -> None:
    polygon = await _publish(client, tenants, "admin", alert_body())
    circle = await _publish(
        client,
        tenants,
        "admin",
        alert_body(
            kind="toxic-substance",
            product=None,
            batch=None,
            polygon=None,
            circle={"lon": 7.42, "lat": 43.74, "radius_km": 2.5},
        ),
    )
    everywhere = await _publish(
        client, tenants, "admin", alert_body(kind="infection-cluster", polygon=None)
    )
    response = await client.get(f"/api/v1/alerts/{polygon}.cap")
    assert response.headers["content-type"] == "application/cap+xml"
    root = _cap_valid(response.content)
    infos = root.findall(f"{CAP}info")
    assert [i.findtext(f"{CAP}language") for i in infos] == ["fr-FR", "en"]
    ring = infos[0].findtext(f"{CAP}area/{CAP}polygon") or ""
    pairs = ring.split()
    assert pairs[0] == pairs[-1] == "43.730000,7.410000"  # lat,lon, closed on the first
    times = [root.findtext(f"{CAP}sent"), infos[0].findtext(f"{CAP}onset")]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", t or "") for t in times)
    assert "Z" not in response.text.split("<info>")[0]
    parameters = {
        p.findtext(f"{CAP}valueName"): p.findtext(f"{CAP}value")
        for p in infos[0].findall(f"{CAP}parameter")
    }
    assert parameters == {"product": "Préservatifs Exemple 52 mm", "batch": "L2026-117"}
    circled = _cap_valid((await client.get(f"/api/v1/alerts/{circle}.cap")).content)
    assert circled.findtext(f"{CAP}info/{CAP}area/{CAP}circle") == "43.740000,7.420000 2.5"
    national = _cap_valid((await client.get(f"/api/v1/alerts/{everywhere}.cap")).content)
    assert national.findtext(f"{CAP}info/{CAP}area/{CAP}areaDesc") == "Tout le territoire"


async def test_the_atom_feed_lists_public_alerts_in_the_language_asked(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    recall = await _publish(client, tenants, "admin", alert_body())
    await _publish(client, tenants, "coordinator_a", safety_body())
    for lang, title in (("en", "Condom recall"), ("ro", "Rappel de préservatifs")):
        response = await client.get("/alerts.atom", params={"lang": lang})
        assert response.headers["content-type"] == "application/atom+xml"
        feed = ET.fromstring(response.content)
        for required in ("id", "title", "updated", "author/" + ATOM + "name"):
            assert feed.find(ATOM + required) is not None, required
        entries = feed.findall(f"{ATOM}entry")
        assert [e.findtext(f"{ATOM}id") for e in entries] == [f"urn:uuid:{recall}"]
        assert entries[0].findtext(f"{ATOM}title") == title
        link = entries[0].find(f"{ATOM}link")
        assert link is not None
        assert link.get("href", "").endswith(f"/api/v1/alerts/{recall}.cap")
        assert "Agressions" not in response.text
    bad = await client.get("/alerts.atom", params={"lang": "xx"})
    assert bad.status_code == 422


@pytest.mark.parametrize(
    ("who", "body", "status", "words"),
    [
        ("coordinator_a", alert_body(), 403, "only an admin publishes public alerts"),
        ("admin", safety_body(), 403, "has no teams"),
        ("admin", alert_body(batch=None), 422, "names the product and the batch"),
        (
            "coordinator_a",
            safety_body(expires=(NOW + timedelta(days=5)).isoformat()),
            422,
            "at most 72 hours",
        ),
        ("coordinator_a", safety_body(audience="public"), 422, "association's teams only"),
        (
            "admin",
            alert_body(messages={"en": {"headline": "Recall", "description": "Faulty"}}),
            422,
            "French message is required",
        ),
        (
            "admin",
            alert_body(expires=(NOW - timedelta(days=1)).isoformat()),
            422,
            "expires must be after onset",
        ),
        (
            "admin",
            alert_body(polygon={"type": "Point", "coordinates": [7.4, 43.7]}),
            422,
            "Polygon is expected",
        ),
        ("worker_a", safety_body(), 403, "only coordinators and admins"),
    ],
)
async def test_bad_alerts_are_refused(
    client: httpx.AsyncClient,
    tenants: Tenants,
    who: str,
    body: dict[str, Any],
    status: int,
    words: str,
) -> None:
    response = await client.post("/api/v1/alerts", json=body, headers=tenants.headers(who))
    assert response.status_code == status, response.text
    assert words in response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert (await _seen(client, tenants, "coordinator_a")) == {}


async def test_a_cancelled_alert_is_gone(client: httpx.AsyncClient, tenants: Tenants) -> None:
    safety = await _publish(client, tenants, "coordinator_a", safety_body())
    public = await _publish(client, tenants, "admin", alert_body())
    refused = await client.delete(
        f"/api/v1/alerts/{public}", headers=tenants.headers("coordinator_a")
    )
    assert refused.status_code == 403
    for who, alert_id in (("coordinator_a", safety), ("admin", public)):
        done = await client.delete(f"/api/v1/alerts/{alert_id}", headers=tenants.headers(who))
        assert done.status_code == 204
    assert await _seen(client, tenants, "worker_a") == {}
    withdrawn = _cap_valid((await client.get(f"/api/v1/alerts/{public}.cap")).content)
    assert withdrawn.findtext(f"{CAP}msgType") == "Cancel"
    references = withdrawn.findtext(f"{CAP}references") or ""
    assert f",maraude-alert-{public}," in references


async def test_an_association_session_cannot_write_public_alerts(
    client: httpx.AsyncClient, tenants: Tenants, database: Database
) -> None:
    public = await _publish(client, tenants, "admin", alert_body())
    async with database.tenant(tenants.associations["a"]) as session:
        changed = await session.execute(
            text("UPDATE alert SET cancelled_at = now() WHERE id = :id RETURNING id"),
            {"id": public},
        )
        assert changed.all() == []  # row-level security, not only the application
        with pytest.raises(DBAPIError, match="row-level security"):
            await session.execute(
                text(
                    "INSERT INTO alert (kind, severity, urgency, certainty, onset, expires, "
                    "messages) VALUES ('toxic-substance', 'Minor', 'Future', 'Possible', now(), "
                    "now() + interval '1 day', '{}')"
                )
            )


def test_the_feed_s_languages_are_the_page_languages() -> None:
    assert get_args(PageLanguage) == PAGE_LANGUAGES
