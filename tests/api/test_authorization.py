"""Every operation of the OpenAPI document × every kind of caller × own and other objects.

Each cell names the exact status expected; any 2xx that the table does not expect fails.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from api.main import create_app
from api.settings import Settings
from geo.alerts.drafts import AlertDraft, FieldAlertDraft
from geo.alerts.queries import create_alert, raise_field_alert
from geo.db import Database
from geo.directory import campaigns, suggestions
from geo.imports.queries import create_import_job
from geo.versions import version_tag
from geo.vocab import SuggestionKind
from geo.zones.models import Team, Zone
from tests.api.test_alerts import alert_body, safety_body
from tests.api.test_field_alerts import field_body
from tests.api.test_reports import report
from tests.conftest import NOW, TEAM, ZONE, Tenants, add, draft

CALLERS = ("anonymous", "worker_a", "coordinator_a", "worker_b", "coordinator_b", "admin")
ALL = dict.fromkeys(CALLERS)


def _by_role(
    anonymous: int, worker: int, coordinator: int, admin: int, other: int | None = None
) -> dict[str, tuple[int, int]]:
    """Expected (own object, other association's object) status per caller."""

    def cell(status: int) -> tuple[int, int]:
        return status, other if other is not None and 200 <= status < 300 else status

    return {
        "anonymous": (anonymous, anonymous),
        "worker_a": cell(worker),
        "worker_b": cell(worker),
        "coordinator_a": cell(coordinator),
        "coordinator_b": cell(coordinator),
        "admin": (admin, admin),
    }


def _everyone(status: int) -> dict[str, tuple[int, int]]:
    return dict.fromkeys(CALLERS, (status, status))


EXPECTED: dict[tuple[str, str], dict[str, tuple[int, int]]] = {
    ("get", "/healthz"): _everyone(200),
    ("get", "/readyz"): _everyone(200),
    ("get", "/api/v1/categories"): _everyone(200),
    ("post", "/api/v1/opening-hours/check"): _everyone(200),
    ("get", "/api/v1/basemap"): _everyone(200),
    ("get", "/api/v1/basemap/tilesets"): _everyone(200),
    ("get", "/api/v1/info"): _everyone(200),
    ("post", "/api/v1/info/{slug}/reviews"): _by_role(401, 403, 403, 201),
    ("put", "/api/v1/info/local/{slug}"): _by_role(401, 403, 403, 204),
    ("delete", "/api/v1/info/local/{slug}"): _by_role(401, 403, 403, 404),
    # A tile set no streets loaded here were built into: not found, whoever asks.
    ("get", "/api/v1/basemap/tiles/{tileset}/{z}/{x}/{y}.mvt"): _everyone(404),
    ("get", "/api/v1/services"): _everyone(200),
    # Open data, the same for everyone. The open-data role reads only what is committed: the
    # service this test adds (in its rolled-back transaction) is not found there.
    ("get", "/ogc"): _everyone(200),
    ("get", "/ogc/conformance"): _everyone(200),
    ("get", "/ogc/api"): _everyone(200),
    ("get", "/ogc/collections"): _everyone(200),
    ("get", "/ogc/collections/{collection_id}"): _everyone(200),
    ("get", "/ogc/collections/{collection_id}/items"): _everyone(200),
    ("get", "/ogc/collections/{collection_id}/items/{feature_id}"): _everyone(404),
    ("get", "/tiles/services.json"): _everyone(200),
    ("get", "/tiles/services/{z}/{x}/{y}.mvt"): _everyone(200),
    ("get", "/tiles/services/{z}/{x}/{y}.geojson"): _everyone(200),
    ("get", "/hsds"): _everyone(200),
    ("get", "/hsds/services"): _everyone(200),
    ("get", "/hsds/services/{service_id}"): _everyone(404),
    ("get", "/hsds/taxonomies"): _everyone(200),
    ("get", "/hsds/taxonomy_terms"): _everyone(200),
    ("get", "/api/v1/services/nearest"): _everyone(200),
    ("get", "/api/v1/services/{service_id}"): _everyone(200),
    ("get", "/api/v1/services/to-check"): _by_role(401, 403, 200, 200),
    ("post", "/api/v1/services"): _by_role(401, 403, 201, 201),
    ("patch", "/api/v1/services/{service_id}"): _by_role(401, 403, 200, 200),
    ("get", "/api/v1/services/{service_id}/history"): _by_role(401, 403, 200, 200),
    ("delete", "/api/v1/services/{service_id}"): _by_role(401, 403, 204, 204),
    ("post", "/api/v1/auth/token"): _everyone(401),
    ("post", "/api/v1/auth/refresh"): _everyone(401),
    ("post", "/api/v1/auth/logout"): _everyone(204),
    ("get", "/api/v1/me"): _by_role(401, 200, 200, 200),
    ("get", "/api/v1/zones"): _by_role(401, 200, 200, 403),
    ("get", "/api/v1/zones/{zone_id}"): _by_role(401, 200, 200, 403, other=404),
    ("post", "/api/v1/zones"): _by_role(401, 403, 201, 403),
    ("patch", "/api/v1/zones/{zone_id}"): _by_role(401, 403, 200, 403, other=404),
    ("delete", "/api/v1/zones/{zone_id}"): _by_role(401, 403, 204, 403, other=404),
    ("get", "/api/v1/teams"): _by_role(401, 200, 200, 403),
    ("get", "/api/v1/teams/{team_id}"): _by_role(401, 200, 200, 403, other=404),
    ("post", "/api/v1/teams"): _by_role(401, 403, 201, 403),
    ("patch", "/api/v1/teams/{team_id}"): _by_role(401, 403, 200, 403, other=404),
    ("delete", "/api/v1/teams/{team_id}"): _by_role(401, 403, 204, 403, other=404),
    ("get", "/api/v1/associations"): _by_role(401, 403, 403, 200),
    ("post", "/api/v1/associations"): _by_role(401, 403, 403, 201),
    ("delete", "/api/v1/associations/{association_id}"): _by_role(401, 403, 403, 204),
    ("get", "/api/v1/users"): _by_role(401, 403, 200, 200),
    ("post", "/api/v1/users"): _by_role(401, 403, 403, 201),
    ("post", "/api/v1/users/{user_id}/disable"): _by_role(401, 403, 204, 204, other=404),
    ("post", "/api/v1/me/password"): _by_role(401, 422, 422, 422),
    ("get", "/api/v1/audit"): _by_role(401, 403, 200, 200),
    ("get", "/api/v1/alerts"): _everyone(200),
    ("post", "/api/v1/alerts"): _by_role(401, 403, 201, 403),
    ("post", "/api/v1/alerts/preview"): _by_role(401, 403, 200, 403),
    ("post", "/api/v1/alerts/field"): _by_role(401, 201, 201, 403),
    # The alert is a field alert raised by the association's worker: its coordinator confirms.
    ("post", "/api/v1/alerts/{alert_id}/confirm"): _by_role(401, 403, 204, 403, other=404),
    # The alert is its coordinator's: a worker withdraws only a field alert they raised.
    ("delete", "/api/v1/alerts/{alert_id}"): {
        **_by_role(401, 403, 204, 404, other=404),
        "worker_a": (403, 404),
        "worker_b": (403, 404),
    },
    ("get", "/api/v1/alerts/{alert_id}.cap"): _everyone(200),
    ("get", "/alerts.atom"): _everyone(200),
    ("post", "/api/v1/reports"): _by_role(401, 201, 201, 403, other=422),
    ("get", "/api/v1/reports"): _by_role(401, 200, 200, 403),
    ("get", "/api/v1/stock"): _by_role(401, 200, 200, 403),
    ("post", "/api/v1/stock/deliveries"): _by_role(401, 403, 204, 403),
    ("put", "/api/v1/stock/thresholds/{item}"): _by_role(401, 403, 204, 403),
    ("get", "/api/v1/stats"): _by_role(401, 403, 200, 403),
    ("get", "/api/v1/stats.csv"): _by_role(401, 403, 200, 403),
    ("get", "/api/v1/stats.ods"): _by_role(401, 403, 200, 403),
    ("get", "/api/v1/stats/public"): _everyone(200),
    ("post", "/api/v1/imports"): _by_role(401, 403, 403, 202),
    ("get", "/api/v1/imports"): _by_role(401, 403, 403, 200),
    ("get", "/api/v1/imports/{import_id}"): _by_role(401, 403, 403, 200),
    ("post", "/api/v1/plans"): _by_role(401, 403, 202, 403),
    ("get", "/api/v1/plans"): _by_role(401, 200, 200, 403),
    ("post", "/api/v1/plans/{plan_id}/revisions"): _by_role(401, 403, 200, 403, other=404),
    ("get", "/api/v1/jobs/{job_id}"): _by_role(401, 200, 200, 403, other=404),
    ("get", "/api/v1/plans/{plan_id}"): _by_role(401, 200, 200, 403, other=404),
    ("get", "/api/v1/plans/{plan_id}/rounds/{index}.gpx"): _by_role(401, 200, 200, 403, other=404),
    ("get", "/api/v1/plans/{plan_id}/week.ics"): _by_role(401, 200, 200, 403, other=404),
    ("get", "/api/v1/plans/{plan_id}/rounds/{index}/sheet"): _by_role(
        401, 200, 200, 403, other=404
    ),
    # The directory is the instance's: its suggestions and campaigns belong to no association.
    ("post", "/api/v1/suggestions"): _everyone(202),
    ("get", "/api/v1/suggestions"): _by_role(401, 403, 200, 200),
    ("get", "/api/v1/suggestions/{reference}"): _everyone(200),
    ("post", "/api/v1/suggestions/{reference}/accept"): _by_role(401, 403, 200, 200),
    ("post", "/api/v1/suggestions/{reference}/reject"): _by_role(401, 403, 200, 200),
    ("post", "/api/v1/campaigns"): _by_role(401, 403, 201, 201),
    ("get", "/api/v1/campaigns"): _by_role(401, 403, 200, 200),
    ("get", "/api/v1/campaigns/{campaign_id}"): _by_role(401, 403, 200, 200),
    # This instance has no SMTP server: reminders cannot be sent, and it says so.
    ("post", "/api/v1/campaigns/{campaign_id}/reminders"): _by_role(401, 403, 409, 409),
}

BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/api/v1/info/{slug}/reviews"): {"lang": "fr", "reviewer_role": "physician"},
    ("put", "/api/v1/info/local/{slug}"): {"lang": "fr", "title": "Local", "body": "Text."},
    ("post", "/api/v1/services"): {
        "name": "New",
        "categories": ["cegidd"],
        "lon": 7.4,
        "lat": 43.7,
    },
    ("patch", "/api/v1/services/{service_id}"): {"name": "Renamed"},
    ("post", "/api/v1/zones"): {**ZONE, "name": "New zone"},
    ("patch", "/api/v1/zones/{zone_id}"): {"priority": 5},
    ("post", "/api/v1/teams"): {**TEAM, "label": "New team"},
    ("patch", "/api/v1/teams/{team_id}"): {"skills": ["nurse"]},
    ("post", "/api/v1/associations"): {"name": "Another"},
    ("post", "/api/v1/users"): {
        "username": "new-admin",
        "password": "Another-pass-2026",
        "role": "admin",
    },
    ("post", "/api/v1/auth/refresh"): {"refresh_token": "x" * 43},
    ("post", "/api/v1/plans"): {"week_start": "2026-12-14", "seconds": 1},
    ("post", "/api/v1/alerts"): safety_body(),
    ("post", "/api/v1/alerts/preview"): safety_body(),
    ("post", "/api/v1/alerts/field"): field_body(),
    ("post", "/api/v1/stock/deliveries"): {"item": "lubricant", "quantity": 10},
    ("put", "/api/v1/stock/thresholds/{item}"): {"threshold": 10},
    ("post", "/api/v1/auth/logout"): {"refresh_token": "x" * 43},
    ("post", "/api/v1/suggestions/{reference}/accept"): {"patch": {"phone": "04 00 00 00 00"}},
    ("post", "/api/v1/suggestions/{reference}/reject"): {"reason": "Already fixed"},
    ("post", "/api/v1/campaigns"): {"title": "Winter check"},
    ("post", "/api/v1/opening-hours/check"): {"expression": "Mo-Fr 20:00-02:00"},
    ("post", "/api/v1/plans/{plan_id}/revisions"): {"rounds": [], "dry_run": True},
    ("post", "/api/v1/me/password"): {"current": "Not-my-password-1", "new": "Whatever-2026!"},
}


def _operations() -> list[tuple[str, str]]:
    app = create_app(Settings(secret_key="x" * 40))  # type: ignore[arg-type]
    return [
        (method, path)
        for path, item in app.openapi()["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    ]


def test_the_table_covers_every_operation_of_the_openapi_document() -> None:
    assert sorted(_operations()) == sorted(EXPECTED)


def _association_of(caller: str, which: str) -> str:
    home = "b" if caller.endswith("_b") else "a"
    return home if which == "own" else ("a" if home == "b" else "b")


async def _etag(database: Database, tenants: Tenants, model: Any, key: str) -> str:
    objects = tenants.zones if model is Zone else tenants.teams
    async with database.tenant(tenants.associations[key]) as session:
        row = await session.scalar(select(model).where(model.id == objects[key]))
    assert row is not None
    return version_tag(row.id, row.updated_at)


def _arguments(method: str, path: str, headers: dict[str, str]) -> dict[str, Any]:
    """The query, form or body an operation is called with."""
    kwargs: dict[str, Any] = {"headers": headers}
    if path.endswith("/nearest"):
        kwargs["params"] = {"lon": 7.42, "lat": 43.74}
    if path.endswith("/basemap"):
        kwargs["params"] = {"bbox": "7.41,43.72,7.44,43.75"}
    if path.endswith("/auth/token"):
        kwargs["data"] = {"username": "nobody", "password": "wrong-password-2026"}
    elif path == "/api/v1/imports":
        kwargs["data"] = {"source": "finess", "dry_run": "true"}
        kwargs["files"] = {"file": ("finess.csv", b"finess;etalab\n")}
    elif (method, path) in BODIES:
        kwargs["json"] = BODIES[(method, path)]
    return kwargs


async def _alert_id(database: Database, tenants: Tenants, path: str, key: str) -> uuid.UUID | None:
    """A team alert of association `key`; for the CAP path, a public alert; to confirm, a
    field alert its worker raised."""
    if "{alert_id}" not in path:
        return None
    if path.endswith("/confirm"):
        worker = tenants.principals[f"worker_{key}"].actor()
        async with database.tenant(worker.association_id) as session:
            draft = FieldAlertDraft.model_validate(field_body())
            raised = await raise_field_alert(session, actor=worker, draft=draft, at=NOW)
            await session.commit()
        return raised.id
    public = path.endswith(".cap")
    actor = tenants.principals["admin" if public else f"coordinator_{key}"].actor()
    body = alert_body() if public else safety_body()
    async with database.tenant(actor.association_id) as session:
        alert = await create_alert(session, actor=actor, draft=AlertDraft.model_validate(body))
        await session.commit()
    return alert.id


async def _import_id(database: Database, path: str) -> uuid.UUID | None:
    if "{import_id}" not in path:
        return None
    async with database.tenant(None) as session:
        job = await create_import_job(
            session,
            user_id=uuid.uuid4(),
            source="finess",
            file_name="f.csv",
            content=b"x",
            mapping=None,
            dry_run=True,
        )
        await session.commit()
    return job.id


async def _reference(database: Database, path: str, service_id: str) -> str | None:
    if "{reference}" not in path:
        return None
    async with database.tenant(None) as session:
        receipt = await suggestions.submit(
            session,
            kind=SuggestionKind.PHONE,
            message="The number is wrong",
            service_id=uuid.UUID(service_id),
        )
        await session.commit()
    return receipt.reference


async def _campaign_id(database: Database, tenants: Tenants, path: str) -> uuid.UUID | None:
    if "{campaign_id}" not in path:
        return None
    async with database.tenant(None) as session:
        made = await campaigns.start(
            session,
            actor=tenants.principals["admin"].actor(),
            title="Check",
            scope=campaigns.CampaignScope(),
            moderated=True,
            expires_at=NOW + timedelta(days=30),
        )
        await session.commit()
    return made


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(("method", "path"), sorted(EXPECTED))
async def test_status(
    client: httpx.AsyncClient,
    database: Database,
    tenants: Tenants,
    method: str,
    path: str,
    caller: str,
    which: str,
) -> None:
    await add(database, draft(name="Shared service", source_id="matrix"))
    key = _association_of(caller, which)
    service = (await client.get("/api/v1/services", params={"q": "shared"})).json()
    service_id = service["features"][0]["id"]
    url = path.format(
        import_id=await _import_id(database, path),
        item="lubricant",
        alert_id=await _alert_id(database, tenants, path, key),
        service_id=service_id,
        zone_id=tenants.zones[key],
        team_id=tenants.teams[key],
        association_id=tenants.associations[key],
        job_id=tenants.jobs[key],
        plan_id=tenants.plans[key],
        user_id=tenants.principals[f"worker_{key}"].user_id,
        index=0,
        tileset="0" * 32,
        slug="local-test" if "/local/" in path else "sti-hiv-hepatitis",
        reference=await _reference(database, path, service_id),
        campaign_id=await _campaign_id(database, tenants, path),
        collection_id="services",
        feature_id=service_id,
        z=14,
        x=8529,
        y=5975,
    )
    headers = tenants.headers(caller)
    if method in ("patch", "delete"):
        if "{zone_id}" in path:
            headers["If-Match"] = f'"{await _etag(database, tenants, Zone, key)}"'
        elif "{team_id}" in path:
            headers["If-Match"] = f'"{await _etag(database, tenants, Team, key)}"'
        else:
            response = await client.get(f"/api/v1/services/{service_id}")
            headers["If-Match"] = response.headers["etag"]
    kwargs = _arguments(method, path, headers)
    if path == "/api/v1/reports" and method == "post":
        kwargs["json"] = report(tenants.zones[key])
    if path == "/api/v1/suggestions" and method == "post":
        kwargs["json"] = {"service_id": service_id, "kind": "closed", "message": "Closed now"}
    response = await client.request(method.upper(), url, **kwargs)
    own, other = EXPECTED[(method, path)][caller]
    expected = own if which == "own" else other
    assert response.status_code == expected, response.text
    if response.status_code >= 400:
        assert response.headers["content-type"] == "application/problem+json"
