"""Benchmark the field app in headless Chromium: what a phone stores, and how fast it answers
"from here" with no network.

    .venv/bin/python benchmarks/field_app.py [--services 5000] [--runs 5]

For the demo area as it is, then with synthetic public services up to `--services` in all
(copies of the demo's, at random places of the map area): a throwaway database, the demo's
accounts, streets and basemap tiles (when tilemaker built them), a plan with a round tonight;
served with uvicorn on loopback. A worker logs in on a 360 px phone, the app syncs (directory
copy, basemap tiles of the area, tonight's rounds and sheets), then:

  (a) bytes the phone stores, by place: each Cache Storage cache (the app's files, the public
      copies, the private pages, tonight's round sheets) and IndexedDB, as the bodies' sizes,
      and the origin's usage as the browser estimates it;
  (b) cold offline start: a new tab with no network and the CPU slowed ×4 (Chromium's CPU
      throttling) opens /app, taps the map, and the time from navigation start to "from here"
      answering from the copy (target <= 1.5 s), median of the runs.

The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
from pathlib import Path

from playwright.sync_api import BrowserContext, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.harness import bench_settings, database_name, drop, serve, stop_server  # noqa: E402
from benchmarks.web import prepare  # noqa: E402
from datasets.demo_accounts import load_demo_accounts  # noqa: E402
from geo.db import Database  # noqa: E402
from tests.web.conftest import Live  # noqa: E402
from tests.web.test_field_app import _plan_tonight  # noqa: E402
from tests.web.test_team_map import _log_in as log_in  # noqa: E402

TARGET_S = 1.5
THROTTLE = 4

SIZES = """async () => {
  const out = {};
  for (const key of await caches.keys()) {
    const c = await caches.open(key);
    let bytes = 0, n = 0;
    for (const req of await c.keys()) {
      bytes += (await (await c.match(req)).arrayBuffer()).byteLength;
      n++;
    }
    out['cache ' + key.replace(/-[0-9a-f]{16}$/, '')] = [bytes, n];
  }
  for (const info of await indexedDB.databases()) {
    const db = await new Promise(ok => {
      const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result);
    });
    for (const name of db.objectStoreNames) {
      const rows = await new Promise(ok => {
        const r = db.transaction(name).objectStore(name).getAll(); r.onsuccess = () => ok(r.result);
      });
      out['indexeddb ' + name] = [new Blob([JSON.stringify(rows)]).size, rows.length];
    }
    db.close();
  }
  const estimate = await navigator.storage.estimate();
  out['origin usage (estimate)'] = [estimate.usage, 0];
  return out;
}"""


async def _prepare(live: Live, total: int) -> int:
    located = await prepare(live.settings, total)
    database = Database.from_url(live.settings.owner_database_url, pool_size=1)
    try:
        await load_demo_accounts(database)
    finally:
        await database.dispose()
    await _plan_tonight(live)
    return located


def _synced(context: BrowserContext, live: Live) -> dict[str, list[int]]:
    page = context.new_page()
    log_in(page, live, "worker-riviera", lang="fr")
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()  # now under the worker: the copies go through it
    page.wait_for_function("() => !!(Maraude.field.state.copy)", timeout=120_000)
    page.wait_for_timeout(8000)  # the basemap tiles and the round sheets, fetched behind
    sizes: dict[str, list[int]] = page.evaluate(SIZES)
    page.close()
    return sizes


def _cold_offline(context: BrowserContext, origin: str) -> float:
    context.set_offline(True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
    page.goto(f"{origin}/app?lang=fr")
    page.wait_for_function("() => !!(window.Maraude && Maraude.field && Maraude.field.state.copy)")
    page.locator("#map").click(position={"x": 180, "y": 150})
    page.wait_for_selector("#h-count[data-answered=offline]", timeout=60_000)
    marks = page.evaluate(
        "(() => { const n = performance.getEntriesByType('navigation')[0];"
        " const m = name => (performance.getEntriesByName(name)[0] || {}).startTime;"
        " return [n.responseEnd, n.domContentLoadedEventEnd, m('maraude-copy'),"
        " m('maraude-asked'), m('maraude-answered')]; })()"
    )
    page.close()
    context.set_offline(False)
    page_s, scripts_s, copy_s, asked_s, answered_s = (float(v) / 1000 for v in marks)
    # The tap comes when the test gets to it; a worker taps when the map shows. Count the
    # answer as if tapped the moment the copy was read: the copy's time and the answer's.
    at_once = copy_s + (answered_s - asked_s)
    print(
        f"    page {page_s:.2f} s, scripts run {scripts_s:.2f} s, copy read {copy_s:.2f} s, "
        f"tapped {asked_s:.2f} s, answered {answered_s:.2f} s (tapped at once: {at_once:.2f} s)"
    )
    return at_once


def measure(total: int, runs: int, port: int, executable: str) -> tuple[int, dict, list[float]]:
    settings = bench_settings("field")
    try:
        live = Live(f"http://127.0.0.1:{port}", settings, None)  # type: ignore[arg-type]
        located = asyncio.run(_prepare(live, total))
        proc = serve(settings, port, 1)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=executable, headless=True, args=["--no-sandbox"]
                )
                context = browser.new_context(
                    viewport={"width": 360, "height": 740}, locale="fr-FR", is_mobile=True
                )
                sizes = _synced(context, live)
                times = [_cold_offline(context, live.origin) for _ in range(runs)]
                browser.close()
        finally:
            stop_server(proc)
        return located, sizes, times
    finally:
        drop(settings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=8767)
    args = parser.parse_args()
    executable = shutil.which("chromium")
    if executable is None:
        sys.exit("chromium is not installed (apt-get install chromium, or make test)")
    areas = [("demo area", 0)]
    if args.services > 0:  # --services 0: the demo area only
        areas.append((f"synthetic area of {args.services} services", args.services))
    for label, total in areas:
        located, sizes, times = measure(total, args.runs, args.port, executable)
        print(f"\n{label}: {located} public services located in the map area")
        for place, (size, n) in sorted(sizes.items()):
            count = f" ({n} entries)" if n else ""
            print(f"  {place:32s} {size / 1024:9.1f} KB{count}")
        median = statistics.median(times)
        verdict = "PASS" if median <= TARGET_S else "FAIL"
        runs = " ".join(f"{t:.2f}" for t in times)
        print(
            f"  cold offline start to 'from here' answering, CPU ×{THROTTLE}: "
            f"median {median:.2f} s (runs {runs}; target <= {TARGET_S} s: {verdict})"
        )
    print(f"\n(database {database_name(bench_settings('field'))} dropped)")


if __name__ == "__main__":
    main()
