"""The association's own statistics as CSV and as an OpenDocument spreadsheet, for its
activity report: the same counts as the JSON, the association's alone."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from xml.etree import ElementTree as ET

import httpx

from geo.db import Database
from tests.api.test_reports import _report_on, _set_commune
from tests.conftest import Tenants

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


async def test_own_tables_download_as_csv_and_ods_with_the_same_counts(
    client: httpx.AsyncClient, tenants: Tenants, database: Database
) -> None:
    await _set_commune(database, tenants, "a", "06088")
    await _report_on(database, tenants, "a", date(2026, 8, 11), 7)
    await _report_on(database, tenants, "a", date(2026, 9, 8), 12)
    await _report_on(database, tenants, "b", date(2026, 9, 8), 40)
    h = tenants.headers("coordinator_a")
    params = {"period": "quarter", "by": "departement"}
    own = (await client.get("/api/v1/stats", params=params, headers=h)).json()
    people = next(t for t in own["tables"] if t["indicator"] == "people-met")
    assert people["total"] == 19

    got = await client.get("/api/v1/stats.csv", params=params, headers=h)
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/csv")
    assert 'filename="activity-quarter-departement.csv"' in got.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(got.text)))
    assert rows[0] == ["indicator", "quarter", "departement", "value"]
    assert ["people-met", "total", "total", "19"] in rows

    ods = await client.get("/api/v1/stats.ods", params=params, headers=h)
    assert ods.status_code == 200
    assert ods.headers["content-type"] == "application/vnd.oasis.opendocument.spreadsheet"
    with zipfile.ZipFile(io.BytesIO(ods.content)) as z:
        assert z.namelist()[0] == "mimetype"
        assert z.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        assert z.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        ET.fromstring(z.read("META-INF/manifest.xml"))
        content = ET.fromstring(z.read("content.xml"))
    sheets = {t.get(f"{TABLE}name"): t for t in content.iter(f"{TABLE}table")}
    assert len(sheets) == len(own["tables"])
    sheet = sheets["people-met"]
    last = list(sheet.iter(f"{TABLE}table-row"))[-1]
    cells = list(last.iter(f"{TABLE}table-cell"))
    assert cells[-1].get(f"{OFFICE}value") == "19"
    assert cells[-1].get(f"{OFFICE}value-type") == "float"

    for who, status in (("worker_a", 403), ("admin", 403)):
        r = await client.get("/api/v1/stats.ods", headers=tenants.headers(who))
        assert r.status_code == status
    theirs = await client.get(
        "/api/v1/stats.csv", params=params, headers=tenants.headers("coordinator_b")
    )
    assert ["people-met", "total", "total", "40"] in list(csv.reader(io.StringIO(theirs.text)))
