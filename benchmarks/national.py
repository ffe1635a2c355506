"""Benchmark a national instance: 1 000 000 synthetic public services across France.

    .venv/bin/python benchmarks/national.py [--services 1000000] [--workers 2] [--seconds 15]

Fills a throwaway database with `--services` services spread over metropolitan France (the
mix of categories and opening hours of benchmarks/nearest.py, 97 % public), serves the app
with uvicorn as a national instance (its map area is France: the public map and /embed load
fixed tiles), then measures in one run:

  (a) /embed in headless Chromium (Debian's), fresh context each run: bytes on the wire and
      time from navigation to the first marker, at national zoom (the whole of France: grouped
      counts) and at city zoom (Lyon, zoom 14: services); target <= 1.5 s at both;
  (b) vector tiles /tiles/services/{z}/{x}/{y}.mvt over a random set of tiles at zooms 5-14
      within France, one at a time: p50/p95 on the first pass (cold: right after the load and
      a server start) and on the second (warm), and the tiles' sizes;
  (c) OGC API Features items?bbox= for a city box (Lyon) under 32 connections (wrk): req/s,
      p50/p95;
  (d) GET /api/v1/services/nearest (k = 10), with and without open_now=true, under 32
      connections (wrk): req/s, p50/p95, and the open-now cost; then the plain query at a
      fixed offered load of 500 req/s (an open-loop generator: each request is sent at its
      scheduled time and timed from it, so a slow server cannot slow the load): p50/p95.

Needs `wrk` (installed with apt-get when missing). The database is dropped unless --keep.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.harness import bench_settings, database_name, drop, serve, stop_server  # noqa: E402
from benchmarks.nearest import FRANCE, _fill, _wrk, load_median, prepare  # noqa: E402

LYON = (4.80, 45.73, 4.88, 45.79)
FIRST_MARKER_BUDGET = 1.5

WATCH_FIRST_MARKER = """
window.__first = null;
new MutationObserver(function (changes, observer) {
  if (document.querySelector('.leaflet-marker-icon')) {
    window.__first = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""

WRK_FIXED = """
request = function() return wrk.format("GET", PATH) end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %f %f %f %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), summary.errors.status + summary.errors.timeout))
end
"""


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def embed_runs(origin: str, path: str, runs: int) -> list[tuple[float, int]]:
    """Open `path` in fresh contexts; return (seconds to the first marker, bytes) per run."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    found = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable, headless=True, args=["--no-sandbox"]
        )
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.add_init_script(WATCH_FIRST_MARKER)
            page = context.new_page()
            finished: list[Any] = []

            def keep(request: Any, into: list[Any] = finished) -> None:
                into.append(request)

            page.on("requestfinished", keep)
            page.goto(origin + path)
            page.wait_for_function("() => window.__first !== null", timeout=60_000)
            page.wait_for_selector("body[data-loaded=true]", timeout=60_000)
            page.wait_for_load_state("networkidle")
            first = page.evaluate("window.__first") / 1000
            wire = 0
            for r in finished:
                s = r.sizes()
                wire += s["responseBodySize"] + s["responseHeadersSize"]
            found.append((first, wire))
            context.close()
        browser.close()
    return found


def _tile(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 1 << z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def tile_passes(origin: str, per_zoom: int, rng: random.Random) -> None:
    """Fetch random tiles at zooms 5-14 twice; print p50/p95 and sizes per pass."""
    w, s, e, n = FRANCE
    paths = []
    for z in range(5, 15):
        for _ in range(per_zoom):
            x, y = _tile(rng.uniform(w, e), rng.uniform(s, n), z)
            paths.append(f"/tiles/services/{z}/{x}/{y}.mvt")
    for label in ("cold", "warm"):
        times, sizes = [], []
        for path in paths:
            t0 = time.perf_counter()
            with urllib.request.urlopen(origin + path, timeout=60) as r:
                body = r.read()
            times.append((time.perf_counter() - t0) * 1000)
            sizes.append(len(body))
        p50, p95 = _percentiles(times)
        s50, s95 = _percentiles([float(x) for x in sizes])
        print(
            f"(b) tiles {label}: {len(paths)} tiles, zooms 5-14   p50 {p50:6.1f} ms   "
            f"p95 {p95:6.1f} ms   size p50 {s50 / 1024:.1f} KB, p95 {s95 / 1024:.1f} KB"
        )


def wrk_fixed(port: int, path: str, seconds: int) -> tuple[float, float, float, int]:
    """Load one URL with 32 connections; return req/s, p50 ms, p95 ms, errors."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(f'PATH = "{path}"\n' + WRK_FIXED)
        script = f.name
    cmd = [_wrk(), "-t1", "-c32", f"-d{seconds}s", "-s", script, f"http://127.0.0.1:{port}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    os.unlink(script)
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    _, count, dur_us, p50_us, p95_us, errors = line.split()
    return (
        int(count) / (float(dur_us) / 1e6),
        float(p50_us) / 1000,
        float(p95_us) / 1000,
        int(errors),
    )


async def open_loop(port: int, rate: float, seconds: float, rng: random.Random) -> list[float]:
    """Send `rate` nearest requests a second for `seconds` over 32 keep-alive connections, each
    at its scheduled time; return each one's latency from that time (ms)."""
    w, s, e, n = FRANCE
    total = int(rate * seconds)
    queue: asyncio.Queue[tuple[float, str]] = asyncio.Queue()
    start = time.perf_counter() + 0.5
    for i in range(total):
        path = (
            f"/api/v1/services/nearest?lon={rng.uniform(w, e):.6f}"
            f"&lat={rng.uniform(s, n):.6f}&limit=10"
        )
        queue.put_nowait((start + i / rate, path))
    latencies: list[float] = []

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while not queue.empty():
                due, path = queue.get_nowait()
                wait = due - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
                writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
                await writer.drain()
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                await reader.readexactly(length)
                latencies.append((time.perf_counter() - due) * 1000)
        finally:
            writer.close()

    await asyncio.gather(*(connection() for _ in range(32)))
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3, help="browser runs per zoom")
    parser.add_argument("--tiles-per-zoom", type=int, default=30)
    parser.add_argument("--rate", type=float, default=500.0)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    settings = bench_settings("national")
    print(f"database {database_name(settings)}; {os.cpu_count()} cores; workers {args.workers}")
    results: dict[str, object] = {"services": args.services}
    try:
        schedule_ids = asyncio.run(prepare(settings))
        secs = asyncio.run(_fill(settings, args.services, 0, schedule_ids))
        print(f"{args.services:,} services generated in {secs:.0f} s")
        os.environ["MARAUDE_MAP_AREA"] = ",".join(str(v) for v in FRANCE)
        origin = f"http://127.0.0.1:{args.port}"
        proc = serve(settings, args.port, args.workers)
        try:
            tile_passes(origin, args.tiles_per_zoom, random.Random(5))
            lyon = ",".join(str(v) for v in LYON)
            for label, path in (
                ("national zoom", "/embed?lang=fr"),
                ("city zoom (Lyon, 14)", "/embed?lang=fr&lon=4.835&lat=45.76&zoom=14"),
            ):
                runs = embed_runs(origin, path, args.runs)
                first = statistics.median(r[0] for r in runs)
                wire = statistics.median(r[1] for r in runs)
                verdict = "ok" if first <= FIRST_MARKER_BUDGET else "OVER"
                print(
                    f"(a) /embed {label:22} first marker {first:5.2f} s ({verdict})   "
                    f"{wire / 1024:7.1f} KB on the wire   runs "
                    + ", ".join(f"{r[0]:.2f} s" for r in runs)
                )
                results[f"embed {label}"] = {"first_marker_s": first, "bytes": wire}
            rps, p50, p95, err = wrk_fixed(
                args.port, f"/ogc/collections/services/items?bbox={lyon}", 3
            )
            rps, p50, p95, err = wrk_fixed(
                args.port, f"/ogc/collections/services/items?bbox={lyon}", args.seconds
            )
            print(
                f"(c) OGC items?bbox=Lyon      {rps:7.0f} req/s   p50 {p50:6.2f} ms   "
                f"p95 {p95:6.2f} ms   errors {err}"
            )
            results["ogc_bbox"] = {"rps": rps, "p50_ms": p50, "p95_ms": p95, "errors": err}
            nearest = {}
            for label, extra in (("plain", ""), ("open_now", "&open_now=true")):
                load_median(args.port, extra, 3, 1)
                rps, p50, p95, err = load_median(args.port, extra, args.seconds, args.repeats)
                print(
                    f"(d) nearest {label:9}       {rps:7.0f} req/s   p50 {p50:6.2f} ms   "
                    f"p95 {p95:6.2f} ms   errors {err}"
                )
                nearest[label] = {"rps": rps, "p50_ms": p50, "p95_ms": p95, "errors": err}
            cost = nearest["plain"]["rps"] / nearest["open_now"]["rps"]
            print(f"    open-now cost (throughput) = {cost:.2f}x (target <= 1.3x)")
            latencies = asyncio.run(open_loop(args.port, args.rate, args.seconds, random.Random(9)))
            o50, o95 = _percentiles(latencies)
            print(
                f"    nearest at {args.rate:.0f} req/s offered (open loop, {len(latencies)} "
                f"requests): p50 {o50:6.2f} ms   p95 {o95:6.2f} ms (target p95 <= 20 ms)"
            )
            results["nearest"] = {
                **nearest,
                "open_now_cost": cost,
                "open_loop": {"rate": args.rate, "p50_ms": o50, "p95_ms": o95},
            }
        finally:
            stop_server(proc)
    finally:
        if not args.keep:
            drop(settings)
    print("\n" + json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
