"""Planning on the Monaco street network: the matrix travel model, rounds along the streets."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime

import httpx
import pytest

from api.settings import Settings
from geo.db import Database
from geo.planning.queries import get_plan
from geo.planning.scenario_io import rounds_from_dict, scenario_from_dict
from planner.travel import TravelTimes
from planner.validate import violations
from tests.api.test_planning_flow import _plan, world
from tests.conftest import Tenants, throwaway_database

__all__ = ["world"]

GPX = "{http://www.topografix.com/GPX/1/1}"


@pytest.fixture(scope="module")
def own_database() -> Iterator[Settings]:
    """A migrated database for this module alone, with the Monaco streets."""
    with throwaway_database(roads=True) as settings:
        yield settings


async def test_rounds_follow_the_street_matrix_and_the_streets(
    world: tuple[httpx.AsyncClient, Tenants], own_database: Settings
) -> None:
    client, tenants = world
    body = await _plan(client, tenants, own_database)
    plan = body["plan"]
    assert plan["rounds"], plan
    assert not any("straight lines" in w for w in plan["warnings"]), plan["warnings"]

    database = Database.from_url(own_database.database_url, pool_size=1)
    try:
        association = tenants.associations["a"]
        async with database.tenant(association) as session:
            stored = await get_plan(session, association_id=association, plan_id=body["id"])
    finally:
        await database.dispose()
    assert stored.scenario["travel"]["model"] == "matrix"
    scenario = scenario_from_dict(stored.scenario)
    rounds = rounds_from_dict(stored.result)
    assert violations(scenario, rounds) == []
    # Every leg takes at least the street time between its ends.
    times = TravelTimes(scenario)
    mode = {t.id: t.mode for t in scenario.teams}
    for r in stored.result["rounds"]:
        team = r["team"]
        here, clock = times.start_of(team), datetime.fromisoformat(r["depart"])
        for stop in r["stops"]:
            there = times.zone(stop["zone"])
            leg = (datetime.fromisoformat(stop["arrive"]) - clock).total_seconds()
            assert leg + 1 >= times.seconds(mode[team], here, there) > 0
            here, clock = there, datetime.fromisoformat(stop["end"])

    # The drawn rounds follow the streets: many more vertices than stops, from the base.
    feature = body["rounds"]["features"][0]
    line = feature["geometry"]["coordinates"]
    stops = feature["properties"]["stops"]
    assert len(line) > len(stops) + 2
    start = stored.scenario["teams"][0]["start"]
    assert line[0] == pytest.approx([start["lon"], start["lat"]])
    gpx = await client.get(
        f"/api/v1/plans/{body['id']}/rounds/0.gpx", headers=tenants.headers("worker_a")
    )
    track = ET.fromstring(gpx.text).findall(f"{GPX}trk/{GPX}trkseg/{GPX}trkpt")
    assert len(track) == len(line)
