"""Open data for GIS partners and data hubs, from outside: the app served over a throwaway
database holding the demo, read with real clients (OWSLib's OGC API Features client,
mapbox-vector-tile's decoder, the OpenAPI validator, an HSDS checker written from the
specification); and the open-data role, which the database itself keeps from reading
anything but the views of `opendata`."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import mapbox_vector_tile
import pytest
from openapi_spec_validator import validate
from owslib.ogcapi.features import Features
from sqlalchemy.engine import make_url

from api.settings import Settings
from datasets.data_inclusion import PRODUCER
from datasets.demo_loader import load_demo
from datasets.exporting import ExportFormat, ExportReport, run_export
from datasets.hsds_vocabulary import stable_id
from geo.db import Database
from tests.conftest import HORIZON, served_app, throwaway_database
from tests.datasets.hsds_check import json_problems, schema_problems

MONACO = "7.40,43.72,7.44,43.76"
# PostGIS's own catalogue, readable by every role by PostGIS's design: table and column names
# and reference systems, no row of Maraude's.
POSTGIS_CATALOGUE = {"spatial_ref_sys", "geography_columns", "geometry_columns"}


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _prepare(settings: Settings, tiles_dir: Any) -> None:
    owner = Database.from_url(settings.owner_database_url, pool_size=1)
    try:
        await load_demo(owner, horizon=HORIZON, tiles_dir=tiles_dir)
    finally:
        await owner.dispose()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    with throwaway_database() as settings:
        asyncio.run(_prepare(settings, tmp_path_factory.mktemp("tiles")))
        with served_app(settings, MARAUDE_LOG_LEVEL="WARNING") as origin:
            yield origin, settings


async def _owner_fetch(settings: Settings, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(_dsn(settings.owner_database_url))
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


def _public_ids(settings: Settings) -> set[str]:
    rows = asyncio.run(
        _owner_fetch(
            settings,
            "SELECT id::text FROM service WHERE visibility = 'public' AND withdrawn_at IS NULL",
        )
    )
    return {r[0] for r in rows}


def _hidden_ids(settings: Settings) -> set[str]:
    rows = asyncio.run(
        _owner_fetch(settings, "SELECT id::text FROM service WHERE visibility <> 'public'")
    )
    return {r[0] for r in rows}


# The role behind every open-data endpoint.


async def _as_open_role(settings: Settings) -> dict[str, str]:
    relations = await _owner_fetch(
        settings,
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm', 'p')",
    )
    outcome: dict[str, str] = {}
    conn = await asyncpg.connect(_dsn(settings.open_database_url))
    try:
        for (name,) in relations:
            if name in POSTGIS_CATALOGUE:
                continue
            try:
                await conn.fetch(f'SELECT 1 FROM public."{name}" LIMIT 1')
                outcome[name] = "read"
            except asyncpg.InsufficientPrivilegeError:
                outcome[name] = "refused"
        for label, sql in {
            "login function": "SELECT * FROM maraude_login_record('admin')",
            "become the app": f'SET ROLE "{make_url(settings.database_url).username}"',
            "write a view": "DELETE FROM opendata.service",
        }.items():
            try:
                await conn.execute(sql)
                outcome[label] = "done"
            except (asyncpg.InsufficientPrivilegeError, asyncpg.ReadOnlySQLTransactionError):
                outcome[label] = "refused"
        outcome["views"] = str(await conn.fetchval("SELECT count(*) FROM opendata.service"))
    finally:
        await conn.close()
    return outcome


def test_the_open_data_role_reads_the_views_and_nothing_else(
    served: tuple[str, Settings],
) -> None:
    _, settings = served
    outcome = asyncio.run(_as_open_role(settings))
    for table in ("service", "zone", "team", "plan", "app_user", "alert", "association"):
        assert outcome[table] == "refused", table
    assert {k for k, v in outcome.items() if v == "read"} == set()
    assert outcome["login function"] == "refused"
    assert outcome["become the app"] == "refused"
    assert outcome["write a view"] == "refused"
    assert int(outcome["views"]) == len(_public_ids(served[1]))


# OGC API Features.


def test_owslib_reads_the_collections_and_pages_through_every_service(
    served: tuple[str, Settings],
) -> None:
    origin, settings = served
    api = Features(f"{origin}/ogc")
    assert (
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"
        in (api.conformance()["conformsTo"])
    )
    assert {c["id"] for c in api.collections()["collections"]} == {"services", "categories"}
    west, south, east, north = api.collection("services")["extent"]["spatial"]["bbox"][0]
    assert 7.3 < west <= east < 7.6
    assert 43.6 < south <= north < 43.9
    seen: list[str] = []
    located: list[str] = []
    cursor: str | None = None
    for _ in range(50):
        extra = {"cursor": cursor} if cursor else {}
        page = api.collection_items("services", limit=25, **extra)
        assert page["numberReturned"] == len(page["features"]) <= 25
        seen += [f["id"] for f in page["features"]]
        located += [f["id"] for f in page["features"] if f["geometry"]]
        nxt = [link for link in page["links"] if link["rel"] == "next"]
        if not nxt:
            break
        cursor = httpx.URL(nxt[0]["href"]).params["cursor"]
    assert len(seen) == len(set(seen)) == page["numberMatched"]
    assert set(seen) == _public_ids(settings)
    assert not set(seen) & _hidden_ids(settings)
    # Ids are random, so the first may be a service without an address (a helpline).
    one = api.collection_item("services", located[0])
    assert one["id"] == located[0]
    assert one["geometry"]["type"] == "Point"
    categories = api.collection_items("categories")
    assert "cegidd" in {f["id"] for f in categories["features"]}


def test_the_ogc_api_definition_is_valid_openapi_3_0(served: tuple[str, Settings]) -> None:
    origin, _ = served
    document = httpx.get(f"{origin}/ogc/api").json()
    assert document["openapi"].startswith("3.0")
    validate(document)
    # And the application's own document (OpenAPI 3.1), which describes the same operations.
    validate(httpx.get(f"{origin}/openapi.json").json())


def test_items_are_filtered_by_box_time_and_properties(served: tuple[str, Settings]) -> None:
    origin, _ = served
    items = f"{origin}/ogc/collections/services/items"
    everything = httpx.get(items, params={"limit": 1000}).json()
    inside = httpx.get(items, params={"bbox": MONACO, "limit": 1000}).json()
    assert 0 < inside["numberMatched"] < everything["numberMatched"]
    for f in inside["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert 7.40 <= lon <= 7.44
        assert 43.72 <= lat <= 43.76
    cegidd = httpx.get(items, params={"category": "cegidd", "limit": 1000}).json()
    assert cegidd["features"]
    assert all("cegidd" in f["properties"]["categories"] for f in cegidd["features"])
    future = httpx.get(items, params={"datetime": "2999-01-01T00:00:00Z/.."}).json()
    assert future["numberMatched"] == 0
    past = httpx.get(items, params={"datetime": "../2999-01-01T00:00:00Z"}).json()
    assert past["numberMatched"] == everything["numberMatched"]
    free = httpx.get(items, params={"condition": "free", "language": "en"}).json()
    for f in free["features"]:
        assert "free" in f["properties"]["conditions"]
        assert "en" in f["properties"]["languages"]


@pytest.mark.parametrize(
    "params",
    [
        {"colour": "red"},
        {"limit": "0"},
        {"limit": "ten"},
        {"bbox": "7,43,6,44"},
        {"bbox": "1,2,3"},
        {"datetime": "yesterday"},
        {"datetime": "2026-12-02T00:00:00Z/2026-12-01T00:00:00Z"},
        {"category": "nothing"},
        {"bbox-crs": "http://www.opengis.net/def/crs/EPSG/0/2154", "bbox": MONACO},
        {"f": "html"},
    ],
)
def test_a_bad_items_request_is_a_400_problem(
    served: tuple[str, Settings], params: dict[str, str]
) -> None:
    origin, _ = served
    response = httpx.get(f"{origin}/ogc/collections/services/items", params=params)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


def test_unknown_collections_and_features_are_404(served: tuple[str, Settings]) -> None:
    origin, settings = served
    hidden = sorted(_hidden_ids(settings))
    assert hidden, "the demo holds services that are not public"
    for path in (
        "/ogc/collections/zones",
        "/ogc/collections/zones/items",
        f"/ogc/collections/services/items/{hidden[0]}",
        f"/ogc/collections/services/items/{uuid.uuid4()}",
        "/ogc/collections/services/items/not-an-id",
        "/ogc/collections/categories/items/nothing",
    ):
        response = httpx.get(origin + path)
        assert response.status_code in (404, 422), path
        assert response.headers["content-type"] == "application/problem+json"


# Tiles.


def _located(origin: str) -> list[dict[str, Any]]:
    """The public services with a place (national phone lines have none)."""
    found = httpx.get(f"{origin}/ogc/collections/services/items", params={"limit": 1000})
    return [f for f in found.json()["features"] if f["geometry"] is not None]


def _tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    import math

    n = 1 << z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def test_vector_tiles_decode_and_count_every_public_service(served: tuple[str, Settings]) -> None:
    origin, settings = served
    tilejson = httpx.get(f"{origin}/tiles/services.json").json()
    assert tilejson["tiles"][0].endswith("/tiles/services/{z}/{x}/{y}.mvt")
    located = _located(origin)
    lon, lat = located[0]["geometry"]["coordinates"]
    x, y = _tile_of(lon, lat, 5)
    coarse = httpx.get(f"{origin}/tiles/services/5/{x}/{y}.mvt")
    assert coarse.status_code == 200
    assert coarse.headers["content-type"] == "application/vnd.mapbox-vector-tile"
    layer = mapbox_vector_tile.decode(coarse.content)["services"]
    assert sum(f["properties"]["count"] for f in layer["features"]) == len(located)
    x, y = _tile_of(lon, lat, 15)
    fine = mapbox_vector_tile.decode(httpx.get(f"{origin}/tiles/services/15/{x}/{y}.mvt").content)
    assert located[0]["id"] in {f["properties"]["id"] for f in fine["services"]["features"]}
    assert not {f["properties"]["id"] for f in fine["services"]["features"]} & _hidden_ids(settings)
    empty = httpx.get(f"{origin}/tiles/services/5/0/0.mvt")
    assert empty.status_code == 200
    assert empty.content == b""
    assert httpx.get(f"{origin}/tiles/services/5/32/0.mvt").status_code == 404


def test_geojson_tiles_group_below_zoom_12_and_list_from_it(served: tuple[str, Settings]) -> None:
    origin, _ = served
    located = _located(origin)
    lon, lat = located[0]["geometry"]["coordinates"]
    x, y = _tile_of(lon, lat, 6)
    groups = httpx.get(f"{origin}/tiles/services/6/{x}/{y}.geojson").json()
    assert sum(f["properties"]["count"] for f in groups["features"]) == len(located)
    x, y = _tile_of(lon, lat, 12)
    detail = httpx.get(f"{origin}/tiles/services/12/{x}/{y}.geojson").json()
    assert located[0]["id"] in {f["id"] for f in detail["features"]}
    assert detail["truncated"] is False
    # The same features as the list gives, with their opening state.
    properties = detail["features"][0]["properties"]
    assert {"opening_state", "open_now", "opening_group", "quality"} <= set(properties)
    # Groups count services whatever their hours: open_now changes nothing below zoom 12.
    x, y = _tile_of(lon, lat, 6)
    hours = httpx.get(f"{origin}/tiles/services/6/{x}/{y}.geojson?open_now=true").json()
    assert hours == groups
    kinds = httpx.get(f"{origin}/tiles/services/6/{x}/{y}.geojson?category=cegidd").json()
    assert 0 < sum(f["properties"]["count"] for f in kinds["features"]) < len(located)


# HTTP caching.


@pytest.mark.parametrize(
    "path",
    [
        "/ogc/collections/services/items?limit=5",
        "/ogc/collections",
        "/tiles/services/5/16/11.mvt",
        "/tiles/services/5/16/11.geojson",
        "/hsds/services?per_page=5",
        f"/api/v1/services?bbox={MONACO}&limit=5",
        "/api/v1/categories",
        "/?lang=fr",
        "/embed?lang=ar",
    ],
)
def test_public_answers_are_the_same_for_all_and_revalidate(
    served: tuple[str, Settings], path: str
) -> None:
    origin, _ = served
    for attempt in range(2):
        first = httpx.get(origin + path)
        again = httpx.get(origin + path, cookies={"maraude_session": "someone"})
        if first.headers["etag"] == again.headers["etag"] or attempt:
            break
    assert first.status_code == 200
    assert first.content == again.content
    assert first.headers["etag"] == again.headers["etag"]
    assert "public" in first.headers["cache-control"]
    assert "set-cookie" not in first.headers
    # A page follows the browser's languages; nothing follows a person.
    assert set(first.headers.get("vary", "accept-encoding").lower().split(", ")) <= {
        "accept-encoding",
        "accept-language",
    }
    # What follows the clock is made at the start of its minute: at most once, a minute may
    # turn between two requests (then the new bytes have a new tag, and the next one holds).
    for attempt in range(2):
        tag = httpx.get(origin + path).headers["etag"]
        revalidated = httpx.get(origin + path, headers={"If-None-Match": tag})
        if revalidated.status_code == 304 or attempt:
            break
        assert revalidated.headers["etag"] != tag
    assert revalidated.status_code == 304
    assert revalidated.content == b""
    assert revalidated.headers["etag"] == tag


# The HSDS changes feed.


def test_hsds_services_are_valid_and_found_by_their_id(served: tuple[str, Settings]) -> None:
    origin, settings = served
    first = httpx.get(f"{origin}/hsds/services", params={"per_page": 500}).json()
    assert first["total_items"] == len(_public_ids(settings)) == len(first["contents"])
    for service in first["contents"]:
        assert json_problems("service", service) == []
        assert schema_problems("service", service) == []
    one = first["contents"][0]
    again = httpx.get(f"{origin}/hsds/services/{one['id']}").json()
    assert again == one
    terms = httpx.get(f"{origin}/hsds/taxonomy_terms").json()["contents"]
    for term in terms:
        assert json_problems("taxonomy_term", term) == []
        assert schema_problems("taxonomy_term", term) == []
    taxonomies = httpx.get(f"{origin}/hsds/taxonomies").json()["contents"]
    assert json_problems("taxonomy", taxonomies[0]) == []
    assert schema_problems("taxonomy", taxonomies[0]) == []


async def _export_changes(settings: Settings, out: Path, since: datetime) -> ExportReport:
    owner = Database.from_url(settings.owner_database_url, pool_size=1)
    try:
        return await run_export(
            owner, ExportFormat.DATA_INCLUSION, out, modified_after=since, hide_after_days=730
        )
    finally:
        await owner.dispose()


def test_a_hub_gets_the_changes_and_the_tombstones(tmp_path: Path) -> None:
    with throwaway_database() as settings:
        asyncio.run(_prepare(settings, None))
        with served_app(settings, MARAUDE_LOG_LEVEL="WARNING") as origin:
            start = asyncio.run(_owner_fetch(settings, "SELECT clock_timestamp()"))[0][0]
            rows = asyncio.run(
                _owner_fetch(
                    settings,
                    "SELECT id, source, source_id FROM service WHERE visibility = 'public' "
                    "AND withdrawn_at IS NULL ORDER BY id LIMIT 4",
                )
            )
            edited, withdrawn, deleted, hidden = rows
            statements = [
                (
                    "UPDATE service SET name = name || ' (Nice)', updated_at = now() WHERE id = $1",
                    edited[0],
                ),
                (
                    "UPDATE service SET withdrawn_at = now(), updated_at = now() WHERE id = $1",
                    withdrawn[0],
                ),
                ("DELETE FROM service WHERE id = $1", deleted[0]),
                (
                    "UPDATE service SET visibility = 'professionals', updated_at = now() "
                    "WHERE id = $1",
                    hidden[0],
                ),
            ]
            for sql, sid in statements:
                asyncio.run(_owner_fetch(settings, sql, sid))
            since = start.isoformat()
            changes = httpx.get(f"{origin}/hsds/services", params={"modified_after": since}).json()
            by_id = {c["id"]: c for c in changes["contents"]}
            ids = {r[0]: stable_id("service", r[1], r[2]) for r in rows}
            assert set(by_id) == set(ids.values())
            assert by_id[ids[edited[0]]]["status"] == "active"
            edited_name = by_id[ids[edited[0]]]["name"]
            assert edited_name.endswith("(Nice)")
            for gone in (withdrawn, deleted, hidden):
                tomb = by_id[ids[gone[0]]]
                assert tomb["status"] == "defunct"
                assert tomb["metadata"][0]["last_action_type"] == "deleted"
                assert json_problems("service", tomb) == []
                assert schema_problems("service", tomb) == []
                assert httpx.get(f"{origin}/hsds/services/{ids[gone[0]]}").status_code == 404
            later = httpx.get(
                f"{origin}/hsds/services",
                params={"modified_after": "2999-01-01T00:00:00+00:00"},
            ).json()
            assert later["total_items"] == 0
            assert later["empty"] is True
            # The data·inclusion export, incremental: the edited one, and the others' ids.
            out = tmp_path / "di"
            report = asyncio.run(_export_changes(settings, out, start))
            assert report.services == 1
            assert report.withdrawn == 3
            offers = json.loads((out / "services.json").read_text())
            assert [o["nom"] for o in offers] == [edited_name]
            gone = {g["id"] for g in json.loads((out / "withdrawn.json").read_text())}
            assert gone == {f"{PRODUCER}--{r[1]}-{r[2]}" for r in (withdrawn, deleted, hidden)}
