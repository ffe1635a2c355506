"""A week that follows the guidelines: online zones planned, weekend visits asked for, and each
zone weighed by how long it went unvisited (its last visit from reports and kept plans)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from api.settings import Settings
from geo.db import Database
from geo.planning.queries import build_scenario, build_week, get_plan, store_plan
from geo.planning.scenario_io import rounds_from_dict, scenario_from_dict
from geo.planning.travel_model import network_travel, round_paths
from geo.planning.weighting import weeks_unvisited, zone_weight
from planner.validate import violations
from tests.api.test_planning_flow import _plan, world
from tests.conftest import ZONE, Tenants, small_plan, throwaway_database

__all__ = ["world"]

MONDAY = date(2026, 12, 14)  # the fixed clock's week (conftest.NOW)
ONLINE = {**ZONE, "name": "Annonces", "kind": "online", "geometry": None, "platform": "Forum"}


async def _zone(client: httpx.AsyncClient, tenants: Tenants, body: dict[str, Any]) -> str:
    created = await client.post(
        "/api/v1/zones", json=body, headers=tenants.headers("coordinator_a")
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def _report(client: httpx.AsyncClient, tenants: Tenants, zone: str, day: str) -> None:
    body = {"key": str(uuid.uuid4()), "visited_on": day, "zones": [{"zone_id": zone}]}
    stored = await client.post("/api/v1/reports", json=body, headers=tenants.headers("worker_a"))
    assert stored.status_code == 201, stored.text


async def _keep(
    database: Database, tenants: Tenants, week: date, *stops: tuple[str, str]
) -> uuid.UUID:
    """Keep a plan of `week` whose one round stops at each (zone, ISO start)."""
    scenario, result = small_plan(tenants.zones["a"], tenants.teams["a"])
    scenario["week_start"] = week.isoformat()
    result["rounds"][0]["stops"] = [
        {"zone": zone, "arrive": start, "start": start, "end": start} for zone, start in stops
    ]
    association = tenants.associations["a"]
    async with database.tenant(association) as session:
        plan = await store_plan(
            session, association_id=association, week_start=week, scenario=scenario, result=result
        )
        await session.commit()
    return plan


async def _scenario(database: Database, tenants: Tenants, week: date = MONDAY) -> dict[str, Any]:
    association = tenants.associations["a"]
    async with database.tenant(association) as session:
        scenario = await build_scenario(
            session, association_id=association, week_start=week, zone_ids=None, team_ids=None
        )
    scenario_from_dict(scenario)  # the planner reads it as it is
    return scenario


def _entry(scenario: dict[str, Any], zone: str | uuid.UUID) -> dict[str, Any]:
    [entry] = [z for z in scenario["zones"] if z["id"] == str(zone)]
    return entry


async def test_an_online_zone_is_planned_with_no_position(
    client: httpx.AsyncClient, database: Database, tenants: Tenants
) -> None:
    online = await _zone(client, tenants, ONLINE)
    scenario = await _scenario(database, tenants)
    entry = _entry(scenario, online)
    assert entry["online"] is True
    assert "lon" not in entry
    assert "lat" not in entry
    located = _entry(scenario, tenants.zones["a"])
    assert "online" not in located
    assert {"lon", "lat"} <= located.keys()


async def test_an_online_round_is_read_drawn_and_exported_from_the_office(
    client: httpx.AsyncClient, database: Database, tenants: Tenants
) -> None:
    online = await _zone(client, tenants, ONLINE)
    association = tenants.associations["a"]
    async with database.tenant(association) as session:
        week = await build_week(
            session, association_id=association, week_start=MONDAY, zone_ids=None, team_ids=None
        )
        # The street network's matrix has the online zone's row and column (ignored).
        travel, why = await network_travel(session, week.scenario)
        assert why is None
        assert travel is not None
        assert len(travel["seconds"]["foot"]) == 2 + len(week.scenario["zones"])
        _, result = small_plan(tenants.zones["a"], tenants.teams["a"])
        result["rounds"][0]["stops"][0]["zone"] = online
        paths = await round_paths(session, week.scenario, result["rounds"])
        plan = await store_plan(
            session,
            association_id=association,
            week_start=MONDAY,
            scenario=week.scenario,
            result=result,
            paths=paths,
        )
        await session.commit()
    h = tenants.headers("coordinator_a")
    read = await client.get(f"/api/v1/plans/{plan}", headers=h)
    assert read.status_code == 200, read.text
    office = [7.42, 43.73]  # the team's start (conftest.TEAM)
    feature = read.json()["rounds"]["features"][0]
    assert feature["properties"]["stops"][0]["name"] == "Annonces"
    assert feature["geometry"]["coordinates"][0] == office
    gpx = await client.get(f"/api/v1/plans/{plan}/rounds/0.gpx", headers=h)
    assert gpx.status_code == 200
    assert "Annonces" in gpx.text
    sheet = await client.get(f"/api/v1/plans/{plan}/rounds/0/sheet", headers=h)
    assert sheet.status_code == 200


async def test_min_weekend_visits_round_trips_and_is_checked(
    client: httpx.AsyncClient, database: Database, tenants: Tenants
) -> None:
    h = tenants.headers("coordinator_a")
    body = {**ZONE, "max_visits": 3, "min_weekend_visits": 2}
    created = await client.post("/api/v1/zones", json=body, headers=h)
    assert created.status_code == 201, created.text
    assert created.json()["properties"]["min_weekend_visits"] == 2
    location, tag = created.headers["location"], created.headers["etag"]
    assert (await client.get(location, headers=h)).json()["properties"]["min_weekend_visits"] == 2
    patched = await client.patch(
        location, json={"min_weekend_visits": 1}, headers={**h, "If-Match": tag}
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["properties"]["min_weekend_visits"] == 1
    zone = created.json()["id"]
    assert _entry(await _scenario(database, tenants), zone)["min_weekend_visits"] == 1
    # A zone written without it asks for none.
    assert _entry(await _scenario(database, tenants), tenants.zones["a"])["min_weekend_visits"] == 0

    refused = await client.post("/api/v1/zones", json={**body, "min_weekend_visits": 4}, headers=h)
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert "min_weekend_visits is above max_visits" in refused.text
    too_many = await client.patch(
        location, json={"max_visits": 0}, headers={**h, "If-Match": patched.headers["etag"]}
    )
    assert too_many.status_code == 422, too_many.text

    # The database keeps the rule too, whatever writes to it.
    async with database.tenant(tenants.associations["a"]) as session:
        with pytest.raises(IntegrityError, match="ck_zone_weekend_visits"):
            async with session.begin_nested():
                await session.execute(
                    text("UPDATE zone SET min_weekend_visits = max_visits + 1 WHERE id = :id"),
                    {"id": zone},
                )


async def test_last_visit_is_the_later_of_reports_and_kept_plans_before_the_week(
    client: httpx.AsyncClient, database: Database, tenants: Tenants
) -> None:
    zone = str(tenants.zones["a"])
    # No visit on record yet: the plan conftest keeps is this very week's.
    assert "last_visit" not in _entry(await _scenario(database, tenants), zone)

    await _report(client, tenants, zone, "2026-12-10")
    assert _entry(await _scenario(database, tenants), zone)["last_visit"] == (
        "2026-12-10T00:00:00+01:00"  # a report gives the day: its start, local time
    )

    last_week = date(2026, 12, 7)
    await _keep(database, tenants, last_week, (zone, "2026-12-12T21:30:00+01:00"))
    assert _entry(await _scenario(database, tenants), zone)["last_visit"] == (
        "2026-12-12T21:30:00+01:00"  # the plan's stop is later
    )

    await _report(client, tenants, zone, "2026-12-13")
    assert _entry(await _scenario(database, tenants), zone)["last_visit"] == (
        "2026-12-13T00:00:00+01:00"  # the report is later
    )

    # Visits inside the week are not before it: today's report, a stop of last week's plan
    # past Monday 00:00 (a Sunday night shift), and this week's own plan (conftest's).
    await _report(client, tenants, zone, "2026-12-14")
    await _keep(database, tenants, last_week, (zone, "2026-12-14T00:30:00+01:00"))
    assert _entry(await _scenario(database, tenants), zone)["last_visit"] == (
        "2026-12-13T00:00:00+01:00"
    )


async def test_a_week_planned_again_replaces_the_first_as_a_record_of_visits(
    database: Database, tenants: Tenants
) -> None:
    zone = str(tenants.zones["a"])
    last_week = date(2026, 12, 7)
    await _keep(database, tenants, last_week, (zone, "2026-12-12T21:30:00+01:00"))
    again = await _keep(database, tenants, last_week, (zone, "2026-12-08T21:00:00+01:00"))
    async with database.tenant(tenants.associations["a"]) as session:
        # One test is one transaction, where now() stands still: made a minute later.
        await session.execute(
            text("UPDATE plan SET created_at = created_at + interval '1 minute' WHERE id = :id"),
            {"id": again},
        )
        await session.commit()
    assert _entry(await _scenario(database, tenants), zone)["last_visit"] == (
        "2026-12-08T21:00:00+01:00"
    )


@pytest.mark.parametrize(
    ("days", "m"),
    [(1, 0), (7, 0), (8, 1), (14, 1), (15, 2), (60, 2), (None, 2)],
)
def test_the_weight_rule_at_its_boundaries(days: int | None, m: int) -> None:
    last = None if days is None else date.fromordinal(MONDAY.toordinal() - days)
    assert weeks_unvisited(last, MONDAY) == m
    assert zone_weight(4, last_visit=last, week_start=MONDAY) == 4 * (1 + m)


@pytest.mark.parametrize(
    ("visited", "week", "weight"),
    [
        ("2026-12-07", "2026-12-14", 3),  # 7 days: visited last week
        ("2026-12-13", "2026-12-21", 6),  # 8 days
        ("2026-12-07", "2026-12-21", 6),  # 14 days
        ("2026-12-13", "2026-12-28", 9),  # 15 days
        (None, "2026-12-14", 9),  # none on record
    ],
)
async def test_a_zone_left_out_last_week_weighs_more_this_week(
    client: httpx.AsyncClient,
    database: Database,
    tenants: Tenants,
    visited: str | None,
    week: str,
    weight: int,
) -> None:
    zone = await _zone(client, tenants, {**ZONE, "name": "Port", "priority": 3})
    if visited is not None:
        await _report(client, tenants, zone, visited)
    entry = _entry(await _scenario(database, tenants, date.fromisoformat(week)), zone)
    assert entry["weight"] == weight


async def test_the_plan_says_which_zones_weighed_more_and_why(
    client: httpx.AsyncClient, database: Database, tenants: Tenants
) -> None:
    port = await _zone(client, tenants, {**ZONE, "name": "Port", "priority": 2})
    await _report(client, tenants, port, "2026-12-04")  # 10 days before the week
    await _report(client, tenants, str(tenants.zones["a"]), "2026-12-09")  # last week
    association = tenants.associations["a"]
    async with database.tenant(association) as session:
        week = await build_week(
            session, association_id=association, week_start=MONDAY, zone_ids=None, team_ids=None
        )
        _, result = small_plan(tenants.zones["a"], tenants.teams["a"])
        plan = await store_plan(
            session,
            association_id=association,
            week_start=MONDAY,
            scenario=week.scenario,
            result=result,
            weighted=week.weighted,
        )
        await session.commit()
    h = tenants.headers("worker_a")
    body = (await client.get(f"/api/v1/plans/{plan}", headers=h)).json()
    assert body["weighted"] == [
        {
            "zone": port,
            "name": "Port",
            "priority": 2,
            "weight": 4,
            "last_visit": "2026-12-04T00:00:00+01:00",
        }
    ]
    assert datetime.fromisoformat(body["weighted"][0]["last_visit"]).date() == date(2026, 12, 4)
    # A plan where every zone weighed its priority lists none.
    older = await client.get(f"/api/v1/plans/{tenants.plans['a']}", headers=h)
    assert older.json()["weighted"] == []


@pytest.fixture(scope="module")
def own_database() -> Iterator[Settings]:
    """A migrated database for the queued plan (the queue and worker commit)."""
    with throwaway_database() as settings:
        yield settings


async def test_a_queued_week_plans_an_online_zone_and_keeps_its_weights(
    world: tuple[httpx.AsyncClient, Tenants], own_database: Settings
) -> None:
    client, tenants = world
    online = await _zone(client, tenants, {**ONLINE, "presence": "Mo-Su 20:00-23:00"})
    body = await _plan(client, tenants, own_database)
    # Nothing is on record yet: every zone weighed three times its priority (3).
    weighted = {w["name"]: (w["weight"], w["last_visit"]) for w in body["weighted"]}
    assert weighted == dict.fromkeys(("Annonces", "Rue 0", "Rue 1", "Zone a"), (9, None))
    database = Database.from_url(own_database.database_url, pool_size=1)
    try:
        association = tenants.associations["a"]
        async with database.tenant(association) as session:
            stored = await get_plan(session, association_id=association, plan_id=body["id"])
    finally:
        await database.dispose()
    assert _entry(stored.scenario, online)["online"] is True
    assert violations(scenario_from_dict(stored.scenario), rounds_from_dict(stored.result)) == []
