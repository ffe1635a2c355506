"""Hostile names in every field that reaches a page, a sheet, a feed or an export come out as
text: escaped in HTML, well-formed in XML, inert in calendars and spreadsheets."""

from __future__ import annotations

import csv
import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx

from datasets.exporting import ExportFormat, run_export
from geo.db import Database
from tests.api.test_alerts import alert_body
from tests.conftest import Tenants

HOSTILE = "<script>window.pwned=1</script>\"'&`${x}"
RAW = "<script>window.pwned"


async def _hostile_world(client: httpx.AsyncClient, tenants: Tenants) -> str:
    coordinator, admin = tenants.headers("coordinator_a"), tenants.headers("admin")
    zone = f"/api/v1/zones/{tenants.zones['a']}"
    etag = (await client.get(zone, headers=coordinator)).headers["etag"]
    renamed = await client.patch(
        zone, json={"name": HOSTILE}, headers={**coordinator, "If-Match": etag}
    )
    assert renamed.status_code == 200, renamed.text
    service = await client.post(
        "/api/v1/services",
        json={
            "name": HOSTILE,
            "categories": ["pharmacy"],
            "lon": 7.42,
            "lat": 43.74,
            "address": HOSTILE,
            "description": HOSTILE,
            "opening_hours": "24/7",
        },
        headers=coordinator,
    )
    assert service.status_code == 201, service.text
    messages = {"fr": {"headline": HOSTILE, "description": HOSTILE, "instruction": HOSTILE}}
    alert = await client.post(
        "/api/v1/alerts",
        json=alert_body(messages=messages, product=HOSTILE, batch=HOSTILE),
        headers=admin,
    )
    assert alert.status_code == 201, alert.text
    return str(service.json()["id"])


async def test_hostile_names_are_text_everywhere(
    client: httpx.AsyncClient, tenants: Tenants, database: Database, tmp_path: Path
) -> None:
    service = await _hostile_world(client, tenants)
    worker = tenants.headers("worker_a")
    plan = f"/api/v1/plans/{tenants.plans['a']}"

    # Pages and sheets: escaped in HTML.
    for url, headers in (
        ("/", {}),
        ("/embed", {}),
        (f"/app/orientation?service={service}&lang=ar", worker),
        (f"{plan}/rounds/0/sheet", worker),
    ):
        page = await client.get(url, headers=headers)
        assert page.status_code == 200, (url, page.text[:200])
        assert RAW not in page.text, url
        assert "content-security-policy" in page.headers
    sheet = (await client.get(f"{plan}/rounds/0/sheet", headers=worker)).text
    assert "&lt;script&gt;window.pwned" in sheet
    srcdoc = re.search(r'srcdoc="([^"]*)"', sheet)
    assert srcdoc is not None
    map_page = html.unescape(srcdoc.group(1))  # the map's own page, as its frame reads it
    assert RAW not in map_page  # the tooltip in its script holds the name as inert text
    assert "${x}" not in map_page

    # Feeds: well-formed XML whose text is the name as written.
    atom = await client.get("/alerts.atom?lang=fr")
    titles = [
        e.text for e in ET.fromstring(atom.content).iter("{http://www.w3.org/2005/Atom}title")
    ]
    assert HOSTILE in titles
    alerts = (await client.get("/api/v1/alerts")).json()["alerts"]
    cap = await client.get(str(alerts[0]["cap"]))
    headline = ET.fromstring(cap.content).find(".//{urn:oasis:names:tc:emergency:cap:1.2}headline")
    assert headline is not None
    assert headline.text == HOSTILE

    # Round files: well-formed GPX, a calendar whose text stays in its property.
    gpx = await client.get(f"{plan}/rounds/0.gpx", headers=worker)
    names = [
        e.text for e in ET.fromstring(gpx.content).iter("{http://www.topografix.com/GPX/1/1}name")
    ]
    assert HOSTILE in names
    ics = (await client.get(f"{plan}/week.ics", headers=worker)).text
    unfolded = ics.replace("\r\n ", "")
    assert all(":" in line for line in unfolded.split("\r\n") if line)

    # Open data: JSON as written, CSV cells never a formula.
    await run_export(database, ExportFormat.HSDS, tmp_path / "hsds")
    await run_export(database, ExportFormat.DATA_INCLUSION, tmp_path / "di")
    services = json.loads((tmp_path / "hsds" / "services.json").read_text())
    items = services["contents"] if isinstance(services, dict) else services
    assert HOSTILE in [s["name"] for s in items]
    di = json.loads((tmp_path / "di" / "services.json").read_text())
    assert HOSTILE in [s["nom"] for s in di]
    with (tmp_path / "hsds" / "services.csv").open(newline="", encoding="utf-8") as f:
        cells = [c for row in csv.reader(f) for c in row]
    assert HOSTILE in cells
    assert not [c for c in cells if c[:1] in ("=", "@", "+", "-") and "(" in c]
