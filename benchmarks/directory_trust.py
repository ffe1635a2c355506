"""Benchmark the directory's trust features at scale: a verification campaign's links, and
the public list with the freshness filter.

    .venv/bin/python benchmarks/directory_trust.py [--services 100000] [--runs 500]

A throwaway database is filled with `--services` synthetic services over metropolitan France
(the mix of `benchmarks/nearest.py`), their last check spread over the last 900 days and an
e-mail address on 60 % of them. Then, in one run:

  (a) a campaign over every service: the links made in one statement (target <= 30 s), then
      every link signed as the campaign page lists them (HMAC per link), and a stale-only
      campaign;
  (b) the public list's query (a city-sized box, 100 rows ordered by name), p50/p95 over
      `--runs` random boxes, without and with the freshness filter that drops long-unchecked
      services — the same statement but for that clause;
  (c) `GET /api/v1/services?bbox=` through the real app in process (httpx), p50/p95.

The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
from pydantic import SecretStr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.main import create_app  # noqa: E402
from api.settings import Settings  # noqa: E402
from benchmarks.harness import bench_settings, drop, plain_url  # noqa: E402
from benchmarks.nearest import FRANCE, _fill, prepare  # noqa: E402
from geo.db import Database  # noqa: E402
from geo.directory import campaigns  # noqa: E402
from geo.values import Actor  # noqa: E402

TARGET_S = 30.0
CITY = 0.08  # degrees: a box about 6 km wide


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50, p95 = statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]
    return f"p50 {p50:.2f} ms, p95 {p95:.2f} ms"


def _box(rng: random.Random) -> tuple[float, float, float, float]:
    west, south, east, north = FRANCE
    x, y = rng.uniform(west, east - CITY), rng.uniform(south, north - CITY)
    return x, y, x + CITY, y + CITY


async def _age(url: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(
            "UPDATE service SET last_verified = current_date - (random() * 900)::int, "
            "email = CASE WHEN random() < 0.6 THEN 'contact' || source_id || '@example.org' END"
        )
        await conn.execute("ANALYZE service")
    finally:
        await conn.close()


async def _campaigns(owner_url: str) -> None:
    database = Database.from_url(owner_url, pool_size=1)
    actor = Actor(user_id=uuid.uuid4(), role="admin", association_id=None)
    expires = datetime.now(UTC) + timedelta(days=30)
    try:
        for title, scope in (
            ("every service", campaigns.CampaignScope()),
            (
                "not checked lately",
                campaigns.CampaignScope(stale_before=date.today() - timedelta(days=180)),
            ),
        ):
            t0 = time.perf_counter()
            async with database.session() as session:
                made = await campaigns.start(
                    session,
                    actor=actor,
                    title=title,
                    scope=scope,
                    moderated=True,
                    expires_at=expires,
                )
                await session.commit()
            made_s = time.perf_counter() - t0
            async with database.session() as session:
                summary = await campaigns.summary(session, made)
                t1 = time.perf_counter()
                signed, after = 0, 0
                while True:
                    page = await campaigns.links(session, made, after=after, limit=5000)
                    for link in page:
                        campaigns.link_path("k" * 40, link, made)
                    signed += len(page)
                    if len(page) < 5000:
                        break
                    after = page[-1].id
                listed_s = time.perf_counter() - t1
            verdict = "ok" if made_s <= TARGET_S else "OVER TARGET"
            print(
                f"(a) campaign over {title}: {summary.services} links "
                f"({summary.with_email} with e-mail) made in {made_s:.2f} s "
                f"(target <= {TARGET_S:.0f} s: {verdict}); {signed} links read and signed "
                f"in {listed_s:.2f} s"
            )
    finally:
        await database.dispose()


async def _list_sql(url: str, rng: random.Random, runs: int) -> None:
    conn = await asyncpg.connect(url, server_settings={"jit": "off"})
    base = (
        "SELECT id, name, categories, phone, opening_hours, last_verified, ST_X(geom), "
        "ST_Y(geom) FROM service WHERE withdrawn_at IS NULL AND visibility = 'public' "
        "AND geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) {fresh}"
        "ORDER BY name, id LIMIT 101"
    )
    fresh = "AND coalesce(last_verified, created_at::date) >= $5::date "
    try:
        plain = await conn.prepare(base.format(fresh=""))
        filtered = await conn.prepare(base.format(fresh=fresh))
        shown_since = date.today() - timedelta(days=730)
        boxes = [_box(rng) for _ in range(runs + 50)]
        results: dict[str, list[float]] = {"without": [], "with": []}
        rows = {"without": 0, "with": 0}
        for i, box in enumerate(boxes):
            for name, stmt, extra in (
                ("without", plain, ()),
                ("with", filtered, (shown_since,)),
            ):
                t0 = time.perf_counter()
                found = await stmt.fetch(*box, *extra)
                if i >= 50:
                    results[name].append((time.perf_counter() - t0) * 1000)
                    rows[name] += len(found)
        for name in ("without", "with"):
            print(
                f"(b) public list SQL {name} the freshness filter: {_ms(results[name])} "
                f"({rows[name] / runs:.1f} rows per box)"
            )
        ratio = statistics.median(results["with"]) / statistics.median(results["without"])
        print(f"    freshness filter cost: x{ratio:.2f} at the median")
    finally:
        await conn.close()


async def _list_api(settings: Settings, rng: random.Random, runs: int) -> None:
    database = Database.from_url(settings.database_url, pool_size=2)
    app = create_app(settings, database=database, queue=None)
    samples = []
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for i in range(runs + 20):
                w, s, e, n = _box(rng)
                t0 = time.perf_counter()
                box = ",".join(f"{v:.5f}" for v in (w, s, e, n))
                r = await client.get("/api/v1/services", params={"bbox": box})
                if i >= 20:
                    samples.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 200, r.text
    finally:
        await database.dispose()
    print(f"(c) GET /api/v1/services?bbox= (city box, with the filter): {_ms(samples)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    settings = bench_settings("trust")
    settings = settings.model_copy(update={"secret_key": SecretStr("b" * 40)})
    try:
        schedule_ids = asyncio.run(prepare(settings))
        fill_s = asyncio.run(_fill(settings, args.services, 0, schedule_ids))
        asyncio.run(_age(plain_url(settings.owner_database_url)))
        print(f"{args.services} services filled in {fill_s:.1f} s")
        asyncio.run(_campaigns(settings.owner_database_url))
        rng = random.Random(7)
        asyncio.run(_list_sql(plain_url(settings.database_url), rng, args.runs))
        asyncio.run(_list_api(settings, rng, args.runs))
    finally:
        drop(settings)


if __name__ == "__main__":
    main()
