"""Kept plans listed newest first, and revised by hand: checked by the planner's validator,
kept as a new plan naming its origin, refused with codes, locked rounds kept by a re-plan."""

from __future__ import annotations

from typing import Any

import httpx

from api.settings import Settings
from tests.api.test_planning_flow import _plan, own_database, world
from tests.conftest import Tenants

__all__ = ["own_database", "world"]  # the fixtures this module shares


def _edits(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """The plan's rounds as a coordinator's edit leaving them as they are."""
    return [
        {
            "team": r["team"],
            "shift_start": r["shift_start"],
            "zones": [s["zone"] for s in r["stops"]],
        }
        for r in plan["rounds"]
    ]


async def _plans(client: httpx.AsyncClient, tenants: Tenants, who: str, **params: Any) -> Any:
    r = await client.get("/api/v1/plans", params=params, headers=tenants.headers(who))
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    return r.json()


async def test_kept_plans_are_listed_newest_first_for_the_association_alone(
    world: tuple[httpx.AsyncClient, Tenants], own_database: Settings
) -> None:
    client, tenants = world
    first = await _plan(client, tenants, own_database)
    second = await _plan(client, tenants, own_database, seed=3)
    listed = await _plans(client, tenants, "worker_a")
    # (The tenants come with a plan of their own, made before.)
    assert [p["id"] for p in listed["plans"]][:2] == [second["id"], first["id"]]
    top = listed["plans"][0]
    assert top["rounds"] == len(second["plan"]["rounds"])
    assert top["revision_of"] is None
    assert top["objective"] == second["plan"]["objective"]
    assert top["unvisited"] == len(second["plan"]["unvisited"])
    # A page at a time.
    one = await _plans(client, tenants, "coordinator_a", limit=1)
    assert [p["id"] for p in one["plans"]] == [second["id"]]
    rest = await _plans(client, tenants, "coordinator_a", limit=1, cursor=one["next_cursor"])
    assert [p["id"] for p in rest["plans"]] == [first["id"]]
    assert rest["next_cursor"] is not None
    # The other association sees none of them.
    ours = {p["id"] for p in listed["plans"]}
    for who in ("worker_b", "coordinator_b"):
        theirs = {p["id"] for p in (await _plans(client, tenants, who))["plans"]}
        assert theirs
        assert not theirs & ours
    bad = await client.get(
        "/api/v1/plans", params={"cursor": "nope"}, headers=tenants.headers("worker_a")
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"


async def test_a_revision_is_checked_then_kept_as_a_new_plan_with_its_locked_rounds(
    world: tuple[httpx.AsyncClient, Tenants], own_database: Settings
) -> None:
    client, tenants = world
    body = await _plan(client, tenants, own_database)
    plan = body["plan"]
    url = f"/api/v1/plans/{body['id']}/revisions"
    h = tenants.headers("coordinator_a")
    same = await client.post(url, json={"rounds": _edits(plan), "dry_run": True}, headers=h)
    assert same.status_code == 200, same.text
    assert same.json()["valid"] is True
    assert same.json()["plan"]["rounds"] == plan["rounds"]  # left as they were: same times
    # Take the first zone out of the first round, lock the first round.
    edits = _edits(plan)
    gone = edits[0]["zones"].pop(0)
    edits[0]["locked"] = True
    check = (await client.post(url, json={"rounds": edits, "dry_run": True}, headers=h)).json()
    assert check["valid"] is True, check
    kept = await client.post(url, json={"rounds": edits}, headers=h)
    assert kept.status_code == 201, kept.text
    revised = kept.json()
    assert kept.headers["location"] == f"/api/v1/plans/{revised['id']}"
    assert revised["revision_of"] == body["id"]
    assert revised["locked"] == [0]
    first = revised["plan"]["rounds"][0]
    assert gone not in [s["zone"] for s in first["stops"]]
    assert first["depart"] == first["shift_start"]  # timed again from its shift's start
    assert revised["teams"]
    assert revised["zones"]
    # Listed first, and readable by the association's workers.
    listed = await _plans(client, tenants, "worker_a")
    assert listed["plans"][0]["id"] == revised["id"]
    assert listed["plans"][0]["locked"] == [0]
    again = await client.get(f"/api/v1/plans/{revised['id']}", headers=tenants.headers("worker_a"))
    assert again.json()["locked"] == [0]
    # Re-planning the rest keeps the locked round as it is.
    replanned = await _plan(
        client, tenants, own_database, locked={"plan_id": revised["id"], "rounds": [0]}, seed=5
    )
    assert first in replanned["plan"]["rounds"]


async def test_a_refused_revision_says_why_in_codes_and_keeps_nothing(
    world: tuple[httpx.AsyncClient, Tenants], own_database: Settings
) -> None:
    client, tenants = world
    body = await _plan(client, tenants, own_database)
    plan = body["plan"]
    # The same team twice in the same shift.
    edits = _edits(plan)
    edits.append({**edits[0], "zones": edits[0]["zones"][:1]})
    url = f"/api/v1/plans/{body['id']}/revisions"
    h = tenants.headers("coordinator_a")
    check = (await client.post(url, json={"rounds": edits, "dry_run": True}, headers=h)).json()
    assert check["valid"] is False
    team = plan["rounds"][0]["team"]
    assert {"code": "two-rounds-at-once", "params": {"team": team}} in [
        {k: v[k] for k in ("code", "params")} for v in check["violations"]
    ]
    before = len((await _plans(client, tenants, "coordinator_a"))["plans"])
    refused = await client.post(url, json={"rounds": edits}, headers=h)
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert "two-rounds-at-once" in {v["code"] for v in refused.json()["violations"]}
    assert len((await _plans(client, tenants, "coordinator_a"))["plans"]) == before
    # Another team that does not work then; workers and the other association may not revise.
    edits = _edits(plan)
    edits[0]["team"] = "no-such-team"
    odd = (await client.post(url, json={"rounds": edits, "dry_run": True}, headers=h)).json()
    assert [v["code"] for v in odd["violations"]] == ["unknown-team"]
    for who, status in (("worker_a", 403), ("coordinator_b", 404)):
        r = await client.post(url, json={"rounds": _edits(plan)}, headers=tenants.headers(who))
        assert r.status_code == status, r.text
