"""Benchmark `nearest`: raw SQL KNN, then the API under load, with and without `open_now`.

    .venv/bin/python benchmarks/nearest.py [--sizes 100000 1000000] [--workers 2]

For each size N it fills a throwaway database with N synthetic services spread over
metropolitan France (a realistic mix of categories and a few hundred distinct opening-hours
rules), then measures in one run:

  (a) the KNN SQL query alone (k = 10), sequential, p50/p95 over 2 000 random points;
  (b) GET /api/v1/services/nearest (k = 10) through uvicorn, loaded by wrk from a separate
      process on loopback with 32 connections: requests/s, p50/p95;
  (c) the same with open_now=true;

and prints API p50 / SQL p50 and the open-now cost ratio. Needs `wrk` (installed with apt-get
when missing). The database is dropped at the end unless --keep is given.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import asyncpg

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
from geo.db import Database  # noqa: E402
from geo.directory.hours import HoursRule  # noqa: E402
from geo.directory.queries.schedules import Horizon, ensure_schedules  # noqa: E402

# Metropolitan France, roughly: west, south, east, north.
FRANCE = (-4.7, 42.4, 8.2, 51.0)
CATEGORY_WEIGHTS = {
    "pharmacy": 30,
    "hygiene": 22,
    "general-care": 14,
    "police": 8,
    "social-rights": 4,
    "food": 4,
    "emergency-shelter": 3,
    "mental-health": 3,
    "emergency-care": 2,
    "sexual-health-centre": 2,
    "vaccination": 2,
    "csapa": 1.5,
    "caarud": 1,
    "cegidd": 1,
    "community-health": 1,
    "trod": 0.5,
    "prep-pep": 0.5,
    "protection-assistance": 0.5,
    "exit-pathway": 0.3,
    "pregnancy-ivg": 0.3,
    "police-trained": 0.2,
    "scmr": 0.01,
}


def hours_pool(rng: random.Random, n: int = 300) -> list[str]:
    """Return n distinct, realistic opening-hours expressions."""
    templates = [
        "Mo-Fr {a}:{m}-{b}:00; PH off",
        "Mo-Fr {a}:{m}-12:30,14:00-{b}:00; Sa {a}:00-12:00; PH off",
        "Mo-Sa {a}:{m}-{b}:30",
        "Mo-Su {a}:{m}-{b}:00",
        "Mo,We,Fr {a}:{m}-{b}:00",
        "Tu,Th {a}:{m}-{b}:00; PH off",
        "Mo-Sa {c}:{m}-0{d}:00; PH off",
        "Mo-Fr {c}:{m}-0{d}:00; Sa,Su {c}:00-0{d}:00",
        "24/7",
        'Mo-Fr {a}:{m}-{b}:00; Sa "sur rendez-vous"',
    ]
    out: set[str] = {"24/7"}
    while len(out) < n:
        t = rng.choice(templates)
        out.add(
            t.format(
                a=f"{rng.randint(7, 10):02d}",
                b=f"{rng.randint(16, 20):02d}",
                c=f"{rng.randint(19, 22):02d}",
                d=rng.randint(1, 6),
                m=rng.choice(["00", "15", "30", "45"]),
            )
        )
    return sorted(out)


async def _fill(settings: Settings, total: int, start: int, schedule_ids: list[int]) -> float:
    """Insert services start..total-1 in SQL; return seconds."""
    t0 = time.perf_counter()
    conn = await asyncpg.connect(plain_url(settings.owner_database_url))
    try:
        slugs = list(CATEGORY_WEIGHTS)
        weights = [CATEGORY_WEIGHTS[s] for s in slugs]
        acc, cumulative = 0.0, []
        for w in weights:
            acc += w
            cumulative.append(acc / sum(weights))
        await conn.execute("SELECT setseed(0.42)")
        await conn.execute(
            """
            INSERT INTO service (name, categories, geom, opening_hours, timezone, holiday_country,
                                 schedule_id, languages, visibility, source, source_id)
            SELECT 'Service ' || g,
                   ARRAY[($1::text[])[
                     (SELECT min(i) FROM unnest($2::float8[]) WITH ORDINALITY u(c, i)
                      WHERE c >= r.cat)]],
                   ST_SetSRID(ST_MakePoint($3::float8 + random() * ($5::float8 - $3::float8),
                                           $4::float8 + random() * ($6::float8 - $4::float8)),
                              4326),
                   s.opening_hours, 'Europe/Paris', 'FR', s.id,
                   CASE WHEN random() < 0.2 THEN ARRAY['fr', 'en'] ELSE ARRAY['fr'] END,
                   CASE WHEN random() < 0.97 THEN 'public' ELSE 'professionals' END,
                   'bench', g::text
            FROM generate_series($7::int, $8::int) AS g
            CROSS JOIN LATERAL (SELECT random() AS cat, g AS keep) r
            JOIN opening_schedule s
              ON s.id = ($9::bigint[])[1 + (g::bigint * 7919) % cardinality($9)]
            """,
            slugs,
            cumulative,
            *FRANCE,
            start,
            total - 1,
            schedule_ids,
        )
        await conn.execute("ANALYZE service")
    finally:
        await conn.close()
    return time.perf_counter() - t0


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


async def sql_knn(
    settings: Settings, rng: random.Random, *, open_now: bool, runs: int = 2000
) -> tuple[float, float]:
    """Time the KNN query alone, sequentially; return p50, p95 in ms."""
    conn = await asyncpg.connect(plain_url(settings.database_url), server_settings={"jit": "off"})
    try:
        now = datetime.now(UTC)
        # As the API does: the schedules open now, looked up once, bound as an array.
        open_ids = await conn.fetchval(
            "SELECT coalesce(array_agg(schedule_id), '{}') FROM opening_interval "
            "WHERE during @> $1::timestamptz",
            now,
        )
        where = (
            "AND schedule_id = ANY($3::bigint[]) "
            "AND (closed_ranges IS NULL OR NOT closed_ranges @> $4::timestamptz)"
            if open_now
            else ""
        )
        stmt = await conn.prepare(
            f"""
            SELECT id, ST_Distance(geog, p, false) AS distance_m
            FROM service, (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography AS p) o
            WHERE geog IS NOT NULL AND visibility = 'public' {where}
            ORDER BY geog <-> p LIMIT 10
            """
        )
        extra = (open_ids, now) if open_now else ()
        samples = []
        for i in range(runs + 200):
            lon, lat = _point(rng)
            t0 = time.perf_counter()
            await stmt.fetch(lon, lat, *extra)
            if i >= 200:  # warm-up
                samples.append((time.perf_counter() - t0) * 1000)
    finally:
        await conn.close()
    return _percentiles(samples)


def _point(rng: random.Random) -> tuple[float, float]:
    w, s, e, n = FRANCE
    return round(rng.uniform(w, e), 6), round(rng.uniform(s, n), 6)


WRK_SCRIPT = """
math.randomseed(7)
request = function()
  local lon = -4.7 + math.random() * 12.9
  local lat = 42.4 + math.random() * 8.6
  return wrk.format("GET", string.format("/api/v1/services/nearest?lon=%.6f&lat=%.6f&limit=10%s",
                                         lon, lat, EXTRA))
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %f %f %f %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), summary.errors.status + summary.errors.timeout))
end
"""


def _wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("installing wrk (apt-get)", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "-q", "wrk"], check=True)
    return shutil.which("wrk") or "wrk"


def load(port: int, extra: str, seconds: int = 20) -> tuple[float, float, float, int]:
    """Run wrk with 32 connections; return requests/s, p50 ms, p95 ms, errors."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(f'EXTRA = "{extra}"\n' + WRK_SCRIPT)
        script = f.name
    cmd = [_wrk(), "-t1", "-c32", f"-d{seconds}s", "-s", script, f"http://127.0.0.1:{port}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    os.unlink(script)
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    _, n, dur_us, p50_us, p95_us, errors = line.split()
    return int(n) / (float(dur_us) / 1e6), float(p50_us) / 1000, float(p95_us) / 1000, int(errors)


def load_median(
    port: int, extra: str, seconds: int, repeats: int
) -> tuple[float, float, float, int]:
    """Run the load `repeats` times on fresh connections; return the median run by req/s.

    wrk's 32 keep-alive connections are spread over the workers when they connect, not always
    evenly: repeating shows the spread, the median is reported.
    """
    runs = sorted((load(port, extra, seconds) for _ in range(repeats)), key=lambda r: r[0])
    for rps, p50, p95, _ in runs:
        print(f"      run: {rps:7.0f} req/s   p50 {p50:6.2f} ms   p95 {p95:6.2f} ms")
    return runs[len(runs) // 2]


async def prepare(settings: Settings) -> list[int]:
    """Create the database and the opening schedules; return their ids."""
    await create_database(settings)
    rng = random.Random(1)
    now = datetime.now(UTC)
    horizon = Horizon.around(now, past_days=7, future_days=120)
    database = Database.from_url(settings.owner_database_url, pool_size=1)
    try:
        async with database.session() as session:
            ids = await ensure_schedules(
                session, rules=[HoursRule(e) for e in hours_pool(rng)], default=horizon
            )
            await session.commit()
    finally:
        await database.dispose()
    return sorted(ids.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    settings = bench_settings("nearest")
    name = database_name(settings)
    print(f"database {name}; {os.cpu_count()} cores; uvicorn workers: {args.workers}")
    results = []
    try:
        schedule_ids = asyncio.run(prepare(settings))
        print(f"{len(schedule_ids)} distinct opening-hours rules precomputed")
        filled = 0
        for size in sorted(args.sizes):
            secs = asyncio.run(_fill(settings, size, filled, schedule_ids))
            filled = size
            print(f"\n== N = {size:,} services (generated in {secs:.1f} s)")
            p50_sql, p95_sql = asyncio.run(sql_knn(settings, random.Random(size), open_now=False))
            print(f"(a) SQL KNN k=10            p50 {p50_sql:6.2f} ms   p95 {p95_sql:6.2f} ms")
            p50_sqo, p95_sqo = asyncio.run(sql_knn(settings, random.Random(size), open_now=True))
            print(f"    SQL KNN k=10 open now   p50 {p50_sqo:6.2f} ms   p95 {p95_sqo:6.2f} ms")
            proc = serve(settings, args.port, args.workers)
            try:
                load(args.port, "", 3)  # warm caches and pools
                rps, p50, p95, err = load_median(args.port, "", args.seconds, args.repeats)
                print(
                    f"(b) API nearest k=10        {rps:7.0f} req/s   p50 {p50:6.2f} ms   "
                    f"p95 {p95:6.2f} ms   errors {err}"
                )
                load(args.port, "&open_now=true", 3)
                rps_o, p50_o, p95_o, err_o = load_median(
                    args.port, "&open_now=true", args.seconds, args.repeats
                )
                print(
                    f"(c) API nearest open_now    {rps_o:7.0f} req/s   p50 {p50_o:6.2f} ms   "
                    f"p95 {p95_o:6.2f} ms   errors {err_o}"
                )
            finally:
                stop_server(proc)
            print(
                f"    API p50 / SQL p50 = {p50 / p50_sql:.1f}; "
                f"open_now cost (p50) = {p50_o / p50:.2f}x, (throughput) = {rps / rps_o:.2f}x"
            )
            results.append(
                {
                    "n": size,
                    "sql_p50_ms": p50_sql,
                    "sql_p95_ms": p95_sql,
                    "sql_open_p50_ms": p50_sqo,
                    "sql_open_p95_ms": p95_sqo,
                    "api_rps": rps,
                    "api_p50_ms": p50,
                    "api_p95_ms": p95,
                    "open_rps": rps_o,
                    "open_p50_ms": p50_o,
                    "open_p95_ms": p95_o,
                    "errors": err + err_o,
                }
            )
    finally:
        if not args.keep:
            drop(settings)
    print("\n" + json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
