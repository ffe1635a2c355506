"""Alerts on the pages: the public map's banner (public alerts over its area, in the page's
language or French), the team map's list with the association's zones concerned, and the
coordinators' statistics page."""

from __future__ import annotations

import httpx

from tests.api.test_alerts import alert_body, safety_body
from tests.api.test_reports import report
from tests.conftest import Tenants


async def test_the_public_map_shows_public_alerts_over_its_area(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    await client.post("/api/v1/alerts", json=alert_body(), headers=tenants.headers("admin"))
    await client.post(
        "/api/v1/alerts",
        json=alert_body(
            polygon=None,
            circle={"lon": 2.35, "lat": 48.85, "radius_km": 3},
            messages={"fr": {"headline": "Paris seulement", "description": "Loin d'ici."}},
        ),
        headers=tenants.headers("admin"),
    )
    await client.post(
        "/api/v1/alerts", json=safety_body(), headers=tenants.headers("coordinator_a")
    )
    english = await client.get("/", params={"lang": "en"})
    assert 'class="alerts"' in english.text
    assert "Condom recall" in english.text
    assert "Paris seulement" not in english.text  # outside the map's area
    assert "Agressions" not in english.text  # a team alert never reaches the public
    romanian = await client.get("/embed", params={"lang": "ro"})
    assert '<p class="alert" role="alert" lang="fr">' in romanian.text  # French, marked so
    assert "Rappel de préservatifs" in romanian.text


async def test_the_team_map_lists_alerts_with_the_zones_concerned(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    await client.post(
        "/api/v1/alerts", json=safety_body(), headers=tenants.headers("coordinator_a")
    )
    mine = await client.get("/app", params={"lang": "fr"}, headers=tenants.headers("worker_a"))
    assert mine.status_code == 200
    assert "Agressions signalées" in mine.text
    assert "Vos lieux concernés : <bdi>Zone a</bdi>" in mine.text
    theirs = await client.get("/app", headers=tenants.headers("worker_b"))
    # (the form to raise a safety alert names the situations, on every team map)
    assert '<p class="alert"' not in theirs.text
    assert "Vos lieux concernés" not in theirs.text


async def test_coordinators_see_their_statistics_and_stock(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    await client.post(
        "/api/v1/reports", json=report(tenants.zones["a"]), headers=tenants.headers("worker_a")
    )
    page = await client.get(
        "/app/stats", params={"lang": "en"}, headers=tenants.headers("coordinator_a")
    )
    assert page.status_code == 200
    assert "People met per month" in page.text
    assert "<title>2026-12: 7</title>" in page.text
    assert "External condoms" in page.text
    refused = await client.get("/app/stats", headers=tenants.headers("worker_a"))
    assert refused.status_code == 403
    other = await client.get("/app/stats", headers=tenants.headers("coordinator_b"))
    assert "<title>2026-12" not in other.text
