"""Round reports, stock and statistics: counts only (no table or API field can hold anything
about a person), a retried submission counts once, stock follows deliveries and reports,
statistics come by fixed buckets and the public ones show no count from 1 to 10."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text, update

from api.main import create_app
from api.settings import Settings
from geo.db import Database
from geo.reports.drafts import ReportDraft
from geo.reports.models import StatsCount, ZoneReport
from geo.reports.queries import submit_report
from geo.zones.models import Zone
from tests.api.test_alerts import safety_body
from tests.conftest import NOW, Tenants

REPORT_TABLES = (
    "round_report",
    "zone_report",
    "referral_count",
    "stock_movement",
    "stock_threshold",
    "stats_count",
)
NUMERIC = {"uuid", "integer", "smallint", "bigint", "date", "timestamp with time zone"}
TODAY = date(2026, 12, 14)


def report(zone_id: uuid.UUID, **fields: Any) -> dict[str, Any]:
    """A round's report for one zone, overridable."""
    body: dict[str, Any] = {
        "key": str(uuid.uuid4()),
        "visited_on": TODAY.isoformat(),
        "zones": [
            {
                "zone_id": str(zone_id),
                "people_met": 7,
                "rapid_tests": 2,
                "material": {"male-condoms": 40, "lubricant": 12, "hiv-self-tests": 1},
                "referrals": {"cegidd": 2, "csapa": 1},
            }
        ],
    }
    body.update(fields)
    return body


async def _set_commune(database: Database, tenants: Tenants, key: str, commune: str) -> None:
    async with database.tenant(tenants.associations[key]) as session:
        await session.execute(
            update(Zone).where(Zone.id == tenants.zones[key]).values(commune=commune)
        )
        await session.commit()


async def test_no_report_table_can_hold_anything_about_a_person(database: Database) -> None:
    async with database.session() as session:
        rows = await session.execute(
            text(
                "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
                "WHERE c.table_schema = 'public' AND c.table_name = ANY(:tables)"
            ),
            {"tables": list(REPORT_TABLES)},
        )
        checked = {
            r[0]
            for r in await session.execute(
                text("SELECT conname FROM pg_constraint WHERE contype = 'c'")
            )
        }
    textual = set()
    for table, column, kind in rows:
        if kind not in NUMERIC:
            textual.add((table, column))
            # Text only where a check allows a closed list or a code pattern.
            assert f"ck_{table}_{column}" in checked, (table, column, kind)
    assert textual == {
        ("zone_report", "commune"),
        ("stock_movement", "item"),
        ("stock_threshold", "item"),
        ("stats_count", "commune"),
        ("stats_count", "indicator"),
    }


def _leaves(schemas: dict[str, Any], schema: dict[str, Any], where: str) -> list[str]:
    """Every value a document of this schema can hold: `where:type:format`."""
    if "$ref" in schema:
        return _leaves(schemas, schemas[schema["$ref"].split("/")[-1]], where)
    if "anyOf" in schema:
        return [x for sub in schema["anyOf"] for x in _leaves(schemas, sub, where)]
    if schema.get("type") == "array":
        return _leaves(schemas, schema["items"], f"{where}[]")
    if schema.get("type") != "object":
        return [f"{where}:{schema.get('type')}:{schema.get('format', '')}"]
    found = []
    for name, sub in schema.get("properties", {}).items():
        found += _leaves(schemas, sub, f"{where}.{name}")
    extra = schema.get("additionalProperties")
    assert extra is not True, where
    if isinstance(extra, dict):
        keys = schema.get("propertyNames", {})
        if "$ref" in keys:
            keys = schemas[keys["$ref"].split("/")[-1]]
        assert "enum" in keys, where  # keys come from a closed list
        found += _leaves(schemas, extra, f"{where}.*")
    return found


def test_no_report_field_can_hold_anything_about_a_person() -> None:
    app = create_app(Settings(secret_key="x" * 40))  # type: ignore[arg-type]
    schemas = app.openapi()["components"]["schemas"]
    for found in _leaves(schemas, schemas["ReportDraft"], "report"):
        assert found.split(":", 1)[1] in {"integer:", "string:uuid", "string:date"}, found


async def test_a_retried_report_counts_once(
    client: httpx.AsyncClient, tenants: Tenants, database: Database
) -> None:
    await _set_commune(database, tenants, "a", "06088")
    body = report(tenants.zones["a"])
    first = await client.post("/api/v1/reports", json=body, headers=tenants.headers("worker_a"))
    assert first.status_code == 201, first.text
    again = await client.post("/api/v1/reports", json=body, headers=tenants.headers("worker_a"))
    assert again.status_code == 200
    assert again.json() == {**first.json(), "created": False}
    async with database.tenant(tenants.associations["a"]) as session:
        reports = await session.scalar(select(func.count()).select_from(ZoneReport))
        people = await session.scalar(
            select(StatsCount.value).where(StatsCount.indicator == "people-met")
        )
    assert (reports, people) == (1, 7)
    stock = await client.get("/api/v1/stock", headers=tenants.headers("worker_a"))
    levels = {s["item"]: s["quantity"] for s in stock.json()["items"]}
    assert levels["male-condoms"] == -40
    listed = await client.get("/api/v1/reports", headers=tenants.headers("worker_b"))
    assert listed.json()["reports"] == []  # B sees none of A's


@pytest.mark.parametrize(
    ("change", "status", "where"),
    [
        ({"visited_on": (TODAY + timedelta(days=1)).isoformat()}, 422, "visited_on"),
        ({"visited_on": (TODAY - timedelta(days=90)).isoformat()}, 422, "visited_on"),
        ({"notes": "met Jane, 24, from Sofia"}, 422, "notes"),
        ({"zones": []}, 422, "zones"),
    ],
)
async def test_bad_reports_are_refused_and_store_nothing(
    client: httpx.AsyncClient,
    tenants: Tenants,
    database: Database,
    change: dict[str, Any],
    status: int,
    where: str,
) -> None:
    body = {**report(tenants.zones["a"]), **change}
    response = await client.post("/api/v1/reports", json=body, headers=tenants.headers("worker_a"))
    assert response.status_code == status, response.text
    assert where in response.text
    assert "Jane" not in response.text
    async with database.tenant(tenants.associations["a"]) as session:
        assert await session.scalar(select(func.count()).select_from(ZoneReport)) == 0


async def test_a_zone_of_another_association_is_refused(
    client: httpx.AsyncClient, tenants: Tenants, database: Database
) -> None:
    body = report(tenants.zones["b"])
    response = await client.post("/api/v1/reports", json=body, headers=tenants.headers("worker_a"))
    assert response.status_code == 422
    assert "zones/0/zone_id" in response.text
    extra = report(tenants.zones["a"])
    extra["zones"][0]["age"] = 24
    response = await client.post("/api/v1/reports", json=extra, headers=tenants.headers("worker_a"))
    assert response.status_code == 422
    async with database.session() as session:
        assert await session.scalar(select(func.count()).select_from(StatsCount)) == 0


async def test_stock_follows_deliveries_and_reports(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    coordinator = tenants.headers("coordinator_a")
    delivered = await client.post(
        "/api/v1/stock/deliveries",
        json={"item": "male-condoms", "quantity": 100},
        headers=coordinator,
    )
    assert delivered.status_code == 204
    threshold = await client.put(
        "/api/v1/stock/thresholds/male-condoms", json={"threshold": 70}, headers=coordinator
    )
    assert threshold.status_code == 204
    await client.post(
        "/api/v1/reports", json=report(tenants.zones["a"]), headers=tenants.headers("worker_a")
    )
    stock = await client.get("/api/v1/stock", headers=tenants.headers("worker_a"))
    condoms = next(s for s in stock.json()["items"] if s["item"] == "male-condoms")
    assert condoms == {"item": "male-condoms", "quantity": 60, "threshold": 70, "low": True}
    refused = await client.post(
        "/api/v1/stock/deliveries",
        json={"item": "male-condoms", "quantity": 5},
        headers=tenants.headers("worker_a"),
    )
    assert refused.status_code == 403
    unknown = await client.put(
        "/api/v1/stock/thresholds/syringes-of-gold", json={"threshold": 1}, headers=coordinator
    )
    assert unknown.status_code == 422


async def _report_on(
    database: Database, tenants: Tenants, key: str, day: date, people: int
) -> None:
    """A report filed at the time (the API takes reports of the last 62 days only)."""
    actor = tenants.principals[f"worker_{key}"].actor()
    body = report(tenants.zones[key], visited_on=day.isoformat())
    body["zones"][0]["people_met"] = people
    async with database.tenant(tenants.associations[key]) as session:
        await submit_report(session, actor=actor, draft=ReportDraft.model_validate(body))
        await session.commit()


async def test_statistics_by_fixed_buckets_and_suppressed_for_the_public(
    client: httpx.AsyncClient, tenants: Tenants, database: Database
) -> None:
    await _set_commune(database, tenants, "a", "06088")
    await _set_commune(database, tenants, "b", "06083")
    august, september = date(2026, 8, 11), date(2026, 9, 8)
    await _report_on(database, tenants, "a", august, 7)
    await _report_on(database, tenants, "a", august, 30)
    await _report_on(database, tenants, "b", august, 40)
    await _report_on(database, tenants, "b", september, 25)
    await _report_on(database, tenants, "a", september, 12)
    await _report_on(database, tenants, "b", TODAY, 50)  # this quarter is still open
    own = await client.get(
        "/api/v1/stats",
        params={"period": "quarter", "by": "departement"},
        headers=tenants.headers("coordinator_a"),
    )
    assert own.status_code == 200
    people = next(t for t in own.json()["tables"] if t["indicator"] == "people-met")
    assert people["cells"] == [{"area": "06", "period": "2026-Q3", "value": 49}]
    public = await client.get("/api/v1/stats/public", params={"by": "commune"})
    tables = {t["indicator"]: t for t in public.json()["tables"]}
    people = tables["people-met"]
    assert {c["period"] for c in people["cells"]} == {"2026-08", "2026-09"}  # not December
    assert people["total"] == 114
    shown = [c["value"] for t in tables.values() for c in t["cells"]]
    shown += [c["value"] for t in tables.values() for c in t["area_totals"] + t["period_totals"]]
    shown += [t["total"] for t in tables.values()]
    assert not [v for v in shown if isinstance(v, int) and 1 <= v <= 10]
    assert "<11" in shown  # the hiv self-tests: 1 per report
    # A knows its own part of every count: no published count leaves it a small remainder.
    own_people = {("06088", "2026-08"): 37, ("06088", "2026-09"): 12}
    for cell in people["cells"]:
        mine = own_people.get((cell["area"], cell["period"]), 0)
        if isinstance(cell["value"], int):
            assert not 1 <= cell["value"] - mine <= 10
    coarse = await client.get(
        "/api/v1/stats/public", params={"period": "quarter", "by": "departement"}
    )
    quarter = next(t for t in coarse.json()["tables"] if t["indicator"] == "people-met")
    assert quarter["total"] == 114
    for cell in quarter["cells"]:  # a sum shows only when the monthly counts it adds do
        assert cell["value"] is None or cell["value"] >= 11
    as_csv = await client.get("/api/v1/stats/public", params={"format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.text)))
    assert rows[0] == ["indicator", "month", "commune", "value"]
    assert not [r for r in rows[1:] if r[3].isdigit() and 1 <= int(r[3]) <= 10]
    await client.post(
        "/api/v1/reports", json=report(tenants.zones["b"]), headers=tenants.headers("worker_b")
    )
    later = await client.get("/api/v1/stats/public", params={"by": "commune"})
    assert later.json() == public.json()  # a report of an open quarter changes nothing
    bad = await client.get("/api/v1/stats/public", params={"period": "week"})
    assert bad.status_code == 422
    assert NOW.date() == TODAY


async def test_the_round_sheet_lists_alerts_and_what_to_pack(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    for visited_on, condoms in ((TODAY - timedelta(days=7), 30), (TODAY, 45)):
        body = report(tenants.zones["a"], visited_on=visited_on.isoformat())
        body["zones"][0]["material"] = {"male-condoms": condoms, "brochures": 3}
        await client.post("/api/v1/reports", json=body, headers=tenants.headers("worker_a"))
    await client.post(
        "/api/v1/alerts", json=safety_body(), headers=tenants.headers("coordinator_a")
    )
    await client.post(
        "/api/v1/alerts",
        json={
            **safety_body(),
            "messages": {"fr": {"headline": "Ailleurs", "description": "Pas ici."}},
            "polygon": {
                "type": "Polygon",
                "coordinates": [[[2.3, 48.8], [2.4, 48.8], [2.4, 48.9], [2.3, 48.8]]],
            },
        },
        headers=tenants.headers("coordinator_a"),
    )
    sheet = await client.get(
        f"/api/v1/plans/{tenants.plans['a']}/rounds/0/sheet", headers=tenants.headers("worker_a")
    )
    assert sheet.status_code == 200
    assert "Alertes en cours" in sheet.text
    assert "Agressions signalées" in sheet.text
    assert "Ailleurs" not in sheet.text  # an alert elsewhere is not this round's
    assert "38 préservatifs externes" in sheet.text  # (30 + 45) / 2 visits, rounded up
    assert "3 brochures" in sheet.text
    other = await client.get(
        f"/api/v1/plans/{tenants.plans['b']}/rounds/0/sheet", headers=tenants.headers("worker_b")
    )
    assert "Agressions" not in other.text
    assert "Pas encore de comptes rendus" in other.text
