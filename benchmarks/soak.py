"""Soak the app with public reads at a fixed rate, and watch its latency and memory.

    .venv/bin/python benchmarks/soak.py [--rate 50] [--minutes 10] [--workers 2]

Loads the demo (services, streets, alerts) into a throwaway database, serves it with uvicorn
on loopback, then sends a mix of public reads on an open loop: requests leave at `--rate` per
second whatever the answers' pace (a slow server is not given time to catch up, as a closed
loop would). Prints, per minute and for the whole run, the requests sent, p50/p95/p99 latency,
errors (5xx, and requests that got no answer), and the resident memory of the server's
processes at the start and the end. Traffic goes to 127.0.0.1 only. The database is dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.harness import bench_settings, create_database, drop, serve, stop_server  # noqa: E402
from datasets.demo_activity import load_demo_activity  # noqa: E402
from datasets.demo_loader import DEMO_ROADS, demo_dir, load_demo  # noqa: E402
from datasets.road_import import import_roads  # noqa: E402
from geo.db import Database  # noqa: E402
from geo.directory.queries.schedules import Horizon  # noqa: E402

PORT = 8932
# The public reads a night of use makes, weighted: a map load, filters, nearest, one service.
MIX = (
    (30, "/api/v1/services/nearest?lon={lon}&lat={lat}&limit=5&open_now=true"),
    (15, "/api/v1/services/nearest?lon={lon}&lat={lat}&limit=5&category=pharmacy&by=foot"),
    (20, "/api/v1/services?bbox=7.39,43.71,7.50,43.78&limit=200"),
    (10, "/api/v1/services?category=cegidd&category=csapa&open_now=true"),
    (10, "/api/v1/categories"),
    (5, "/api/v1/alerts"),
    (5, "/embed?lang=ro"),
    (5, "/?lang=ar"),
)


@dataclass
class Minute:
    """What one minute of the run saw."""

    sent: int = 0
    latencies: list[float] = field(default_factory=list)
    server_errors: int = 0
    unanswered: int = 0


def _url(rng: random.Random) -> str:
    weights = [w for w, _ in MIX]
    template = rng.choices([t for _, t in MIX], weights=weights)[0]
    return template.format(
        lon=round(rng.uniform(7.41, 7.44), 5), lat=round(rng.uniform(43.72, 43.75), 5)
    )


def _rss_kib(pid: int) -> int:
    """Resident memory of a process and its children (uvicorn's workers), in KiB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


async def _one(client: httpx.AsyncClient, url: str, minute: Minute) -> None:
    started = time.perf_counter()
    try:
        response = await client.get(url)
    except httpx.HTTPError:
        minute.unanswered += 1
        return
    minute.latencies.append((time.perf_counter() - started) * 1000)
    if response.status_code >= 500:
        minute.server_errors += 1


async def soak(rate: float, minutes: float, seed: int) -> list[Minute]:
    """Send requests at `rate` per second for `minutes`, on an open loop."""
    rng = random.Random(seed)
    periods = [Minute() for _ in range(max(1, int(minutes + 0.999)))]
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
    timeout = httpx.Timeout(10.0)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{PORT}", limits=limits, timeout=timeout
    ) as client:
        start = time.perf_counter()
        total = int(rate * minutes * 60)
        tasks = []
        for i in range(total):
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            minute = periods[min(int((due - start) // 60), len(periods) - 1)]
            minute.sent += 1
            tasks.append(asyncio.create_task(_one(client, _url(rng), minute)))
        await asyncio.gather(*tasks)
    return periods


def _row(label: str, m: Minute) -> str:
    lat = sorted(m.latencies)
    if not lat:
        return f"{label:>8} sent {m.sent:6d}  no answer"
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [lat[0]] * 99
    return (
        f"{label:>8} sent {m.sent:6d}  p50 {q[49]:7.1f} ms  p95 {q[94]:7.1f} ms  "
        f"p99 {q[98]:7.1f} ms  5xx {m.server_errors}  unanswered {m.unanswered}"
    )


async def _load(settings: object) -> None:
    database = Database.from_url(settings.owner_database_url, pool_size=2)  # type: ignore[attr-defined]
    try:
        now = datetime.now(UTC)
        await load_demo(database, horizon=Horizon.around(now, past_days=7, future_days=120))
        await import_roads(database, demo_dir() / DEMO_ROADS)
        await load_demo_activity(database, today=now.date())
    finally:
        await database.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=50.0, help="requests per second")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    settings = bench_settings("soak")
    asyncio.run(create_database(settings))
    try:
        asyncio.run(_load(settings))
        server = serve(settings, PORT, args.workers)
        try:
            time.sleep(2)
            before = _rss_kib(server.pid)
            periods = asyncio.run(soak(args.rate, args.minutes, args.seed))
            after = _rss_kib(server.pid)
        finally:
            stop_server(server)
    finally:
        drop(settings)
    print(f"open loop, {args.rate:g} requests/s for {args.minutes:g} min, {args.workers} workers")
    for i, m in enumerate(periods, start=1):
        print(_row(f"min {i}", m))
    whole = Minute(
        sent=sum(m.sent for m in periods),
        latencies=[x for m in periods for x in m.latencies],
        server_errors=sum(m.server_errors for m in periods),
        unanswered=sum(m.unanswered for m in periods),
    )
    print(_row("all", whole))
    print(f"server memory (RSS): {before / 1024:.0f} MiB at start, {after / 1024:.0f} MiB at end")
    return 0 if whole.server_errors == 0 and whole.unanswered == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
