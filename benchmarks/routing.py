"""Benchmark the street network on Monaco: import, walking-time matrices, nearest by foot.

    .venv/bin/python benchmarks/routing.py [--pbf FILE] [--requests 500] [--repeats 5]

In a throwaway database it measures, in one run:

  (a) importing the extract's streets (`maraude import osm FILE --roads`), then re-importing it;
  (b) 100 × 100 and 200 × 200 walking-time matrices between points near the streets (snapping
      and pgRouting's many-to-many `pgr_withPointsCostMatrix`), median and worst of --repeats;
  (c) beside them, the same matrices by a plain Dijkstra in Python (scipy.sparse.csgraph over
      the same edges, cut at the same points): its time, and the largest difference of any
      cell (target: every cell within 1 s);
  (d) GET /api/v1/services/nearest?by=foot&limit=5 through uvicorn with the demo services,
      sequential requests from random origins: p50/p95 (target p95 ≤ 100 ms), and the
      straight-line nearest for comparison.

The extract is ../shared/data/osm/monaco/monaco.osm.pbf when present, else the demo's copy
(the same file). The database is dropped at the end unless --keep is given.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.settings import Settings  # noqa: E402
from benchmarks.harness import (  # noqa: E402
    bench_settings,
    create_database,
    database_name,
    drop,
    serve,
    stop_server,
)
from datasets.demo_loader import DEMO_ROADS, demo_dir, load_demo  # noqa: E402
from datasets.road_import import import_roads  # noqa: E402
from geo.db import Database  # noqa: E402
from geo.directory.queries.schedules import Horizon  # noqa: E402
from geo.streets.network import Snap, edges_sql, network_seconds, snap, travel_matrix  # noqa: E402
from geo.values import LonLat  # noqa: E402
from geo.vocab import Mode  # noqa: E402
from tests.routing_reference import reference_seconds  # noqa: E402

SHARED_PBF = ROOT.parent / "shared" / "data" / "osm" / "monaco" / "monaco.osm.pbf"
MONACO = (7.409, 43.724, 7.44, 43.752)


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


async def land_points(database: Database, n: int, seed: int) -> list[LonLat]:
    """Return `n` points within ~40 m of Monaco's streets (any mode), seeded."""
    async with database.reader() as reader:
        rows = (
            await reader.execute(
                text(
                    "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_LineInterpolatePoint(geom, 0.5) "
                    "AS p FROM road_edge WHERE foot_main AND bike_main AND car_main "
                    "AND geom && ST_MakeEnvelope(:w, :s, :e, :n, 4326) ORDER BY id) AS m"
                ),
                dict(zip("wsen", MONACO, strict=True)),
            )
        ).all()
    rng = random.Random(seed)
    return [
        LonLat(x + rng.uniform(-3e-4, 3e-4), y + rng.uniform(-3e-4, 3e-4))
        for x, y in rng.sample(rows, n)
    ]


async def import_figures(database: Database, pbf: Path) -> None:
    """Print (a): the first import and a re-import of the same file."""
    started = time.perf_counter()
    first = await import_roads(database, pbf, area="monaco")
    cold = time.perf_counter() - started
    started = time.perf_counter()
    again = await import_roads(database, pbf, area="monaco")
    warm = time.perf_counter() - started
    print(
        f"(a) import {pbf.name}: {first.edges} edges {first.outcome} in {cold:.2f} s; "
        f"re-import {again.outcome} in {warm:.2f} s"
    )


async def matrix_figures(database: Database, points: list[LonLat], repeats: int) -> None:
    """Print (b) and (c) for 100 and 200 points."""
    for n in (100, 200):
        subset = points[:n]
        times = []
        async with database.reader() as reader:
            for _ in range(repeats):
                started = time.perf_counter()
                matrix = await travel_matrix(reader, Mode.FOOT, subset)
                times.append(time.perf_counter() - started)
            spots = [s for s in matrix.snaps if isinstance(s, Snap)]
            started = time.perf_counter()
            await snap(reader, Mode.FOOT, subset)
            snapping = time.perf_counter() - started
            inner = await network_seconds(reader, Mode.FOOT, spots, subset)
            edges = [tuple(r) for r in await reader.execute(text(edges_sql(Mode.FOOT, subset)))]
        started = time.perf_counter()
        reference = reference_seconds(edges, [(s.edge, s.fraction) for s in spots])  # type: ignore[arg-type]
        ref_time = time.perf_counter() - started
        worst, cells, disagree = 0.0, 0, 0
        for i in range(len(spots)):
            for j in range(len(spots)):
                a, b = inner[i][j], reference[i][j]
                if (a is None) != (b is None):
                    disagree += 1
                elif a is not None and b is not None:
                    worst, cells = max(worst, abs(a - b)), cells + 1
        target = 2.0 if n == 100 else 6.0
        median, slowest = statistics.median(times), max(times)
        verdict = "PASS" if slowest <= target else "FAIL"
        print(
            f"(b) {n}×{n} walking matrix: median {median:.3f} s, worst {slowest:.3f} s "
            f"(snapping {snapping:.3f} s; target ≤ {target:.0f} s: {verdict}); "
            f"{len(spots)} points on the network"
        )
        ok = "PASS" if worst <= 1.0 and disagree == 0 else "FAIL"
        print(
            f"(c)   Python Dijkstra (scipy) on the same {len(edges)} edges: {ref_time:.3f} s; "
            f"{cells} cells compared, largest difference {worst:.2e} s, "
            f"{disagree} cells reachable in one only (every cell within 1 s: {ok})"
        )


def nearest_figures(settings: Settings, origins: list[LonLat], port: int) -> None:
    """Print (d): sequential nearest requests through uvicorn, by foot and straight."""
    proc = serve(settings, port, workers=1)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for label, extra in (("by=foot", "&by=foot"), ("straight line", "")):
            samples, errors = [], 0
            for k, p in enumerate(origins):
                url = f"/api/v1/services/nearest?lon={p.lon:.6f}&lat={p.lat:.6f}&limit=5{extra}"
                started = time.perf_counter()
                conn.request("GET", url)
                response = conn.getresponse()
                response.read()
                elapsed = time.perf_counter() - started
                if response.status != 200:
                    errors += 1
                if k >= 10:  # warm-up
                    samples.append(elapsed)
            p50, p95 = _ms(samples)
            verdict = ""
            if extra:
                verdict = f" (target p95 ≤ 100 ms: {'PASS' if p95 <= 100 else 'FAIL'})"
            print(
                f"(d) nearest {label}, limit 5, {len(samples)} sequential requests: "
                f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, {errors} errors{verdict}"
            )
        conn.close()
    finally:
        stop_server(proc)


async def run(settings: Settings, args: argparse.Namespace) -> list[LonLat]:
    """Measure (a) to (c); return origins for (d)."""
    pbf = Path(args.pbf) if args.pbf else SHARED_PBF if SHARED_PBF.exists() else None
    if pbf is None:
        pbf = demo_dir() / DEMO_ROADS
        print(f"{SHARED_PBF} is absent: using the demo's copy of the same extract")
    database = Database.from_url(settings.owner_database_url, pool_size=2)
    try:
        await import_figures(database, pbf)
        now = Horizon.around(datetime.now(UTC), past_days=7, future_days=60)
        await load_demo(database, horizon=now)
        points = await land_points(database, 200, seed=args.seed)
        await matrix_figures(database, points, args.repeats)
        return await land_points(database, args.requests + 10, seed=args.seed + 1)
    finally:
        await database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pbf", help="the extract (default: the Monaco one)")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    settings = bench_settings("routing")
    print(f"database {database_name(settings)}; {os.cpu_count()} cores")
    asyncio.run(create_database(settings))
    try:
        origins = asyncio.run(run(settings, args))
        nearest_figures(settings, origins, args.port)
    finally:
        if not args.keep:
            drop(settings)


if __name__ == "__main__":
    main()
