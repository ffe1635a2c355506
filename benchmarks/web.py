"""Benchmark the public pages in headless Chromium: bytes of /embed, time to the first marker.

    .venv/bin/python benchmarks/web.py [--services 5000] [--runs 5]

Fills a throwaway database with the demo data, the demo's street network and its basemap tiles
(built with tilemaker when it is installed; without them the map draws the streets as lines)
and synthetic public services up to `--services` in all, spread over the configured map area;
serves it with uvicorn on loopback; then, in Debian's Chromium driven by Playwright, each run
in a fresh browser context (cold cache):

  (a) transferred bytes of /embed — HTML, JavaScript and CSS as sent on the wire (gzip), the
      service data and the basemap reported beside them: the basemap's library (loaded after
      the page's own scripts), its tiles, and the street lines when there are no tiles
      (target for the page: <= 80 KB);
  (b) time from navigation start to the first marker on the map, and to the last of them,
      with every service of the area in view (target for the first: <= 1.5 s).

Prints each run and the medians. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.settings import Settings  # noqa: E402
from benchmarks.harness import (  # noqa: E402
    bench_settings,
    create_database,
    database_name,
    drop,
    plain_url,
    serve,
    stop_server,
)
from datasets.demo_loader import DEMO_ROADS, demo_dir, load_demo  # noqa: E402
from datasets.road_import import import_roads  # noqa: E402
from geo.db import Database  # noqa: E402
from geo.directory.queries.schedules import Horizon  # noqa: E402

KINDS = ("page", "data", "basemap", "library", "tiles")
PAGE_BUDGET = 80 * 1024
FIRST_MARKER_BUDGET = 1.5

# Records, in the page, when the first marker and the last expected one are drawn.
WATCH_MARKERS = """
window.__markers = { first: null, all: null };
new MutationObserver(function (changes, observer) {
  var n = document.querySelectorAll('.leaflet-marker-icon').length;
  if (n > 0 && window.__markers.first === null) window.__markers.first = performance.now();
  if (n >= window.__expected && window.__markers.all === null) {
    window.__markers.all = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""


async def prepare(settings: Settings, total: int) -> int:
    """Create the database with the demo, its streets and services up to `total`; return how
    many public located services the area holds."""
    await create_database(settings)
    database = Database.from_url(settings.owner_database_url, pool_size=1)
    try:
        horizon = Horizon.around(datetime.now(UTC), past_days=1, future_days=30)
        await load_demo(database, horizon=horizon)
        await import_roads(database, demo_dir() / DEMO_ROADS)
    finally:
        await database.dispose()
    west, south, east, north = (float(v) for v in settings.map_area.split(","))
    conn = await asyncpg.connect(plain_url(settings.owner_database_url))
    try:
        await conn.execute("SELECT setseed(0.7)")
        # Copies of the demo's located services (their categories and hours) at random
        # places of the area, until the area holds `total` public services.
        await conn.execute(
            """
            WITH model AS (
              SELECT row_number() OVER (ORDER BY id) AS k, categories, opening_hours, timezone,
                     holiday_country, schedule_id, languages
              FROM service WHERE geom IS NOT NULL AND visibility = 'public'),
            models AS (SELECT count(*) AS n FROM model),
            missing AS (SELECT $1::int - count(*) AS m FROM service WHERE visibility = 'public')
            INSERT INTO service (name, categories, geom, opening_hours, timezone,
                                 holiday_country, schedule_id, languages, visibility, source,
                                 source_id)
            SELECT 'Service ' || g, m.categories,
                   ST_SetSRID(ST_MakePoint(
                     $2::float8 + random() * ($4::float8 - $2::float8),
                     $3::float8 + random() * ($5::float8 - $3::float8)), 4326),
                   m.opening_hours, m.timezone, m.holiday_country, m.schedule_id, m.languages,
                   'public', 'bench', g::text
            FROM generate_series(1, (SELECT m FROM missing)) AS g
            JOIN model m ON m.k = 1 + g % (SELECT n FROM models)
            """,
            total,
            west,
            south,
            east,
            north,
        )
        await conn.execute("ANALYZE service")
        located: int = await conn.fetchval(
            "SELECT count(*) FROM service WHERE visibility = 'public' AND geom && "
            "ST_MakeEnvelope($1, $2, $3, $4, 4326)",
            west,
            south,
            east,
            north,
        )
    finally:
        await conn.close()
    return located


@dataclass(frozen=True, slots=True)
class Run:
    """One cold load of /embed."""

    page_bytes: int
    data_bytes: int
    basemap_bytes: int
    library_bytes: int
    tiles_bytes: int
    tiles: int
    other_bytes: int
    first_marker_s: float
    all_markers_s: float
    markers: int


def _kind(url: str, resource: str) -> str:
    if "/static/vendor/protomaps-leaflet" in url:
        return "library"
    if "/api/v1/basemap/tiles/" in url:
        return "tiles"
    if resource in {"document", "script", "stylesheet"}:
        return "page"
    if "/api/v1/services" in url:
        return "data"
    if "/api/v1/basemap" in url:
        return "basemap"
    return "other"


def _has_tiles(origin: str) -> bool:
    with urllib.request.urlopen(f"{origin}/api/v1/basemap/tilesets", timeout=10) as r:
        return bool(json.load(r)["tilesets"])


def one_run(browser: Browser, origin: str, expected: int, *, tiles: bool) -> Run:
    """Load /embed in a fresh context; return bytes on the wire and marker times."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(f"window.__expected = {expected};\n{WATCH_MARKERS}")
    page = context.new_page()
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(f"{origin}/embed?lang=fr")
    page.wait_for_function("() => window.__markers.all !== null", timeout=60_000)
    page.wait_for_selector("body[data-loaded=true]", timeout=60_000)
    first, last = page.evaluate("[window.__markers.first, window.__markers.all]")
    markers = page.locator(".leaflet-marker-icon").count()
    if tiles:  # the basemap comes after the markers: wait for it to count its bytes
        page.wait_for_selector("#map[data-basemap=tiles]", timeout=60_000)
    page.wait_for_load_state("networkidle")
    sizes: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    for request in responses:
        s = request.sizes()
        wire = s["responseBodySize"] + s["responseHeadersSize"]
        kind = _kind(request.url, request.resource_type)
        sizes[kind] += wire
        counts[kind] += 1
    context.close()
    return Run(
        sizes["page"],
        sizes["data"],
        sizes["basemap"],
        sizes["library"],
        sizes["tiles"],
        counts["tiles"],
        sizes["other"],
        first / 1000,
        last / 1000,
        markers,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    executable = shutil.which("chromium")
    if executable is None:
        sys.exit("chromium is not installed (apt-get install chromium, or make test)")

    settings = bench_settings("web")
    name = database_name(settings)
    try:
        located = asyncio.run(prepare(settings, args.services))
        print(f"database {name}: {located} public services located in {settings.map_area}")
        proc = serve(settings, args.port, 1)
        origin = f"http://127.0.0.1:{args.port}"
        runs: list[Run] = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=executable, headless=True, args=["--no-sandbox"]
                )
                tiles = _has_tiles(origin)
                one_run(browser, origin, located, tiles=tiles)  # warm the server, not the browser
                for i in range(args.runs):
                    r = one_run(browser, origin, located, tiles=tiles)
                    runs.append(r)
                    kb = {k: getattr(r, f"{k}_bytes") / 1024 for k in KINDS}
                    print(
                        f"run {i + 1}: page {kb['page']:5.1f} KB  data {kb['data']:6.1f} KB  "
                        f"basemap {kb['library']:5.1f} KB library + {kb['tiles']:6.1f} KB in "
                        f"{r.tiles} tiles + {kb['basemap']:5.1f} KB lines  "
                        f"first marker {r.first_marker_s:5.2f} s"
                        f"  all {r.markers} markers {r.all_markers_s:5.2f} s"
                    )
                browser.close()
        finally:
            stop_server(proc)
        page_kb = statistics.median(r.page_bytes for r in runs) / 1024
        first = statistics.median(r.first_marker_s for r in runs)
        last = statistics.median(r.all_markers_s for r in runs)
        data_kb = statistics.median(r.data_bytes for r in runs) / 1024
        basemap_kb = statistics.median(r.basemap_bytes for r in runs) / 1024
        library_kb = statistics.median(r.library_bytes for r in runs) / 1024
        tiles_kb = statistics.median(r.tiles_bytes for r in runs) / 1024
        tiles_n = statistics.median(r.tiles for r in runs)
        page_ok = "PASS" if page_kb * 1024 <= PAGE_BUDGET else "FAIL"
        first_ok = "PASS" if first <= FIRST_MARKER_BUDGET else "FAIL"
        print(
            f"\n/embed HTML+JS+CSS compressed: {page_kb:.1f} KB "
            f"(target <= {PAGE_BUDGET // 1024} KB: {page_ok})"
            f"\n  beside it (compressed): services {data_kb:.1f} KB; basemap: library "
            f"{library_kb:.1f} KB, tiles {tiles_kb:.1f} KB ({tiles_n:g} tiles), "
            f"tile list and street lines {basemap_kb:.1f} KB"
            f"\nfirst marker with {located} services in view: median {first:.2f} s "
            f"(target <= {FIRST_MARKER_BUDGET} s: {first_ok}); all drawn: median {last:.2f} s"
        )
    finally:
        drop(settings)


if __name__ == "__main__":
    main()
