"""A zone never leaks: not to the public, not to another association, not to admins, not to logs."""

from __future__ import annotations

import logging
import re
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.api.test_authorization import BODIES, EXPECTED
from tests.conftest import ZONE, Tenants

CANARY_NAME = "Canari-7f3a9c-zone-secrete"
CANARY_VERTICES = [
    [7.4123457, 43.7312349],
    [7.4135791, 43.7324683],
    [7.4146802, 43.7301572],
    [7.4123457, 43.7312349],
]
CANARY_NUMBERS = ["7.4123457", "43.7312349", "7.4135791", "43.7324683", "7.4146802", "43.7301572"]


async def _canary(client: httpx.AsyncClient, tenants: Tenants) -> str:
    body = {
        **ZONE,
        "name": CANARY_NAME,
        "geometry": {"type": "Polygon", "coordinates": [CANARY_VERTICES]},
    }
    created = await client.post(
        "/api/v1/zones", json=body, headers=tenants.headers("coordinator_a")
    )
    assert created.status_code == 201, created.text
    zone_id: str = created.json()["id"]
    return zone_id


def _secrets(zone_id: str) -> list[str]:
    return [zone_id, zone_id.replace("-", ""), CANARY_NAME, *CANARY_NUMBERS]


class _Ids(dict[str, object]):
    """Path parameters: those given, the canary's id for any other."""

    def __init__(self, default: object, **given: object) -> None:
        super().__init__(given)
        self.default = default

    def __missing__(self, key: str) -> object:
        return self.default


async def test_canary_zone_reaches_no_one_else_and_no_log(
    client: httpx.AsyncClient, tenants: Tenants, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    zone_id = await _canary(client, tenants)
    # Its owners use it: reads and a change; none of this may reach the logs.
    own = tenants.headers("coordinator_a")
    read = await client.get(f"/api/v1/zones/{zone_id}", headers=own)
    assert CANARY_NAME in read.text
    await client.patch(
        f"/api/v1/zones/{zone_id}",
        json={"priority": 4},
        headers={**own, "If-Match": read.headers["etag"]},
    )
    await client.get("/api/v1/zones", headers=tenants.headers("worker_a"))

    seen: list[str] = []
    for caller in ("anonymous", "worker_b", "coordinator_b", "admin"):
        headers = tenants.headers(caller)
        for method, path in sorted(EXPECTED):
            # Every id in a path is the canary's, but jobs and plans are A's own.
            url = path.format_map(
                _Ids(zone_id, job_id=tenants.jobs["a"], plan_id=tenants.plans["a"], index=0)
            )
            kwargs: dict[str, Any] = {"headers": {**headers, "If-Match": '"x"'}}
            if path.endswith("/nearest"):
                kwargs["params"] = {"lon": 7.4123457, "lat": 43.7312349}
            if path.endswith("/auth/token"):
                kwargs["data"] = {"username": "x", "password": "y"}
            elif (method, path) in BODIES:
                kwargs["json"] = BODIES[(method, path)]
            if method == "delete" and "association" in path:
                continue  # erasing association A would delete the canary itself
            response = await client.request(method.upper(), url, **kwargs)
            seen.append(
                f"{method} {path} {response.status_code} {response.headers} {response.text}"
            )
        for page in ("/openapi.json", "/docs", "/api/v1/zones?limit=500", "/api/v1/audit"):
            response = await client.get(page, headers=headers)
            seen.append(f"{page} {response.text}")
    everything = "\n".join(seen)
    logs = "\n".join(
        f"{r.name} {r.getMessage()} {r.exc_text or ''}"
        for r in caplog.records
        if not r.name.startswith(("httpx", "httpcore"))  # the test's own HTTP client
    )
    for secret in _secrets(zone_id):
        assert secret not in everything, f"{secret!r} leaked in a response"
        assert secret not in logs, f"{secret!r} leaked in the logs"
    assert re.search(r"/api/v1/zones/\{id\}", logs)  # the access log names the route only


async def test_admin_gets_no_zone_of_any_association(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    admin = tenants.headers("admin")
    assert (await client.get("/api/v1/zones", headers=admin)).status_code == 403
    for key in ("a", "b"):
        response = await client.get(f"/api/v1/zones/{tenants.zones[key]}", headers=admin)
        assert response.status_code == 403
    audit = (await client.get("/api/v1/audit", headers=admin)).json()
    assert all(e["object_type"] not in ("zone", "team") for e in audit["entries"])


async def test_row_level_security_without_and_with_an_association(
    connection: AsyncConnection, tenants: Tenants
) -> None:
    user = (await connection.execute(text("SELECT current_user"))).scalar()
    flags = (
        await connection.execute(
            text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        )
    ).one()
    assert user == "maraude_app"
    assert tuple(flags) == (False, False)
    owner = (
        await connection.execute(text("SELECT tableowner FROM pg_tables WHERE tablename = 'zone'"))
    ).scalar()
    assert owner != user

    await connection.execute(text("SELECT set_config('app.association_id', '', true)"))
    assert (await connection.execute(text("SELECT count(*) FROM zone"))).scalar() == 0
    assert (await connection.execute(text("SELECT count(*) FROM team"))).scalar() == 0
    for key in ("a", "b"):
        await connection.execute(
            text("SELECT set_config('app.association_id', :id, true)"),
            {"id": str(tenants.associations[key])},
        )
        owners = (await connection.execute(text("SELECT DISTINCT association_id FROM zone"))).all()
        assert [row[0] for row in owners] == [tenants.associations[key]]


async def test_erasing_an_association_takes_everything_it_owns(
    client: httpx.AsyncClient, connection: AsyncConnection, tenants: Tenants
) -> None:
    response = await client.delete(
        f"/api/v1/associations/{tenants.associations['a']}", headers=tenants.headers("admin")
    )
    assert response.status_code == 204
    await connection.execute(
        text("SELECT set_config('app.association_id', :id, true)"),
        {"id": str(tenants.associations["a"])},
    )
    for table in ("zone", "team"):
        count = (await connection.execute(text(f"SELECT count(*) FROM {table}"))).scalar()
        assert count == 0
    users = (
        await connection.execute(
            text("SELECT count(*) FROM app_user WHERE association_id = :id"),
            {"id": tenants.associations["a"]},
        )
    ).scalar()
    assert users == 0
    still = await client.get("/api/v1/zones", headers=tenants.headers("worker_b"))
    assert still.json()["number_returned"] == 1
