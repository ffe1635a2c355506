"""What clients and people see does not move unless a change means it to: the OpenAPI document,
and every page, sheet and export for the demo data at a fixed instant, compared with snapshots.

After a change that means to alter them, write the snapshots anew and read the diff:
`MARAUDE_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/api/test_unchanged.py`.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import httpx
import pyotp
import pytest

from api.main import create_app
from api.settings import Settings
from datasets import demo_activity
from datasets.demo_accounts import load_demo_accounts
from datasets.demo_activity import load_demo_activity
from datasets.demo_loader import load_demo
from geo.db import Database
from geo.planning.queries import store_plan
from tests.conftest import HORIZON, NOW, small_plan

SNAPSHOTS = Path(__file__).resolve().parents[1] / "fixtures" / "snapshots"
UPDATE = os.environ.get("MARAUDE_UPDATE_SNAPSHOTS") == "1"

# Ids and the map library's element names are drawn afresh on every load: the rest must match.
_VOLATILE = (
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"),
    (re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])"), "<hex>"),
    (re.compile(r"DTSTAMP:\d{8}T\d{6}Z"), "DTSTAMP:<now>"),
    # A QR code draws a service's id (checked by decoding it in the browser tests).
    (re.compile(r'(<svg [^>]*class="segno">).*?(</svg>)', re.S), r"\1<qr>\2"),
)


_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:?\d{2}|Z)?")


def _written_now(match: re.Match[str]) -> str:
    """Hide the instants rows were written at (the database's clock, not the fixed one)."""
    when = datetime.fromisoformat(match.group(0).replace("Z", "+00:00"))
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return "<written>" if abs(when - datetime.now(UTC)) < timedelta(hours=2) else match.group(0)


def _stable(text: str) -> str:
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return _INSTANT.sub(_written_now, text)


def _same(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode())
    assert path.exists(), f"no snapshot {name}: write it with MARAUDE_UPDATE_SNAPSHOTS=1"
    expected = path.read_bytes().decode()
    assert text == expected, f"{name} changed (MARAUDE_UPDATE_SNAPSHOTS=1 writes it anew)"


def test_the_openapi_document_is_unchanged(settings: Settings) -> None:
    document = create_app(settings).openapi()
    _same("openapi.json", json.dumps(document, ensure_ascii=False, indent=1) + "\n")


PUBLIC_PAGES = {
    "public-fr.html": "/?lang=fr",
    "public-ar.html": "/?lang=ar",
    "embed-ro.html": "/embed?lang=ro&category=pharmacy&category=cegidd",
    "embed-bbox.html": "/embed?lang=en&bbox=7.40,43.72,7.45,43.75",
    "builder-fr.html": "/embed/builder?lang=fr",
    "login-bg.html": "/app/login?lang=bg",
    "alerts-fr.atom": "/alerts.atom?lang=fr",
    "alerts-zh.atom": "/alerts.atom?lang=zh",
    "stats-public.csv": "/api/v1/stats/public?period=quarter&by=departement&format=csv",
}
PASSWORDS = {
    "worker-riviera": "Demo-worker-Riviera-2026",
    "coord-riviera": "Demo-coord-Riviera-2026",
}
TOTP = {"coord-riviera": "MARAUDEDEMOCOORAMARAUDEDEMOCOORA"}


async def _cookie(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    form = {"username": username, "password": PASSWORDS[username]}
    if username in TOTP:
        form["totp"] = pyotp.TOTP(TOTP[username]).now()
    response = await client.post("/app/login?lang=fr", data=form)
    assert response.status_code == 303
    token = response.cookies["maraude_session"]
    return {"Cookie": f"maraude_session={token}"}


async def _bearer(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    form = {"username": username, "password": PASSWORDS[username]}
    if username in TOTP:  # a code works once: the next one (accepted early) for this login
        form["totp"] = pyotp.TOTP(TOTP[username]).at(time.time() + 30)
    response = await client.post("/api/v1/auth/token", data=form)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def _get(client: httpx.AsyncClient, url: str, headers: dict[str, str] | None = None) -> str:
    response = await client.get(url, headers=headers or {})
    assert response.status_code == 200, (url, response.status_code, response.text[:300])
    return _stable(response.text)


@pytest.mark.parametrize("lang", ["fr", "ar"])
async def test_every_page_and_export_of_the_demo_is_unchanged(
    client: httpx.AsyncClient, database: Database, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo's counts are drawn from a seed naming the association, whose id is new on
    # every load: seed them by the day alone here, so the statistics are the same every time.
    by_day = SimpleNamespace(Random=lambda seed: random.Random(seed.split(":", 1)[1]))
    monkeypatch.setattr(demo_activity, "random", by_day)
    await load_demo(database, horizon=HORIZON)
    await load_demo_accounts(database)
    await load_demo_activity(database, today=NOW.date())
    if lang == "fr":
        for name, url in PUBLIC_PAGES.items():
            _same(name, await _get(client, url))
    worker = await _cookie(client, "worker-riviera")
    coordinator = await _cookie(client, "coord-riviera")
    _same(f"team-map-worker-{lang}.html", await _get(client, f"/app?lang={lang}", worker))
    _same(f"team-map-coord-{lang}.html", await _get(client, f"/app?lang={lang}", coordinator))
    _same(f"stats-{lang}.html", await _get(client, f"/app/stats?lang={lang}", coordinator))
    bearer = await _bearer(client, "coord-riviera")
    services = await client.get(
        "/api/v1/services/nearest?lon=7.4246&lat=43.7384&category=pharmacy&limit=1"
    )
    service = services.json()["features"][0]["id"]
    orientation = f"/app/orientation?service={service}&lang={lang}&lon=7.4246&lat=43.7384"
    _same(f"orientation-{lang}.html", await _get(client, orientation, worker))
    if lang != "fr":
        return
    zone = (await client.get("/api/v1/zones", headers=bearer)).json()["features"][0]["id"]
    team = (await client.get("/api/v1/teams", headers=bearer)).json()["teams"][0]["id"]
    association = (await client.get("/api/v1/me", headers=bearer)).json()["association_id"]
    scenario, result = small_plan(uuid.UUID(zone), uuid.UUID(team))
    async with database.tenant(uuid.UUID(association)) as session:
        plan = await store_plan(
            session,
            association_id=uuid.UUID(association),
            week_start=NOW.date(),
            scenario=scenario,
            result=result,
            paths=None,
        )
        await session.commit()
    base = f"/api/v1/plans/{plan}"
    _same("plan.json", await _get(client, base, bearer))
    _same("round-sheet.html", await _get(client, f"{base}/rounds/0/sheet", bearer))
    _same("round.gpx", await _get(client, f"{base}/rounds/0.gpx", bearer))
    _same("week.ics", await _get(client, f"{base}/week.ics", bearer))
    _same("alerts.json", await _get(client, "/api/v1/alerts", bearer))
    _same("stats.json", await _get(client, "/api/v1/stats?period=month&by=commune", bearer))
