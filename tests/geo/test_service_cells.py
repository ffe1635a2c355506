"""The counts per cell the zoomed-out tiles read stay exact through every change of the
directory (added, edited, moved, withdrawn, made professionals-only, deleted), in the
transaction that makes the change: recomputed here from the services themselves."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from sqlalchemy import text

from geo.db import Database
from tests.conftest import add, draft

GRID = 2048


def _cell(lon: float, lat: float) -> tuple[int, int]:
    lat = max(-85.05, min(85.05, lat))
    x = math.floor((lon + 180) / 360 * GRID)
    y = math.floor((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * GRID)
    return min(GRID - 1, max(0, x)), min(GRID - 1, max(0, y))


async def _expected_and_kept(database: Database) -> tuple[Counter[Any], Counter[Any]]:
    async with database.session() as session:
        services = (
            await session.execute(
                text(
                    "SELECT ST_X(geom), ST_Y(geom), category_ids, languages, publics, "
                    "conditions, date_trunc('month', coalesce(last_verified, "
                    "created_at::date))::date FROM service WHERE geom IS NOT NULL "
                    "AND withdrawn_at IS NULL AND visibility = 'public'"
                )
            )
        ).all()
        cells = (
            await session.execute(
                text(
                    "SELECT x, y, category_ids, languages, publics, conditions, checked, "
                    "services FROM service_cell"
                )
            )
        ).all()
        totals = (
            await session.execute(text("SELECT x, y, checked, services FROM service_cell_total"))
        ).all()
    expected: Counter[Any] = Counter()
    expected_totals: Counter[Any] = Counter()
    for lon, lat, cats, langs, publics, conds, month in services:
        x, y = _cell(lon, lat)
        expected[(x, y, tuple(cats), tuple(langs), tuple(publics), tuple(conds), month)] += 1
        expected_totals[(x, y, month)] += 1
    kept: Counter[Any] = Counter(
        {
            (x, y, tuple(c), tuple(la), tuple(p), tuple(co), m): n
            for x, y, c, la, p, co, m, n in cells
        }
    )
    kept_totals: Counter[Any] = Counter({(x, y, m): n for x, y, m, n in totals})
    assert kept_totals == expected_totals
    return expected, kept


async def _run(database: Database, sql: str, **params: Any) -> None:
    async with database.session() as session:
        await session.execute(text(sql), params)
        await session.commit()


async def test_the_cells_follow_every_change_of_the_directory(database: Database) -> None:
    await add(
        database,
        *(
            draft(name=f"S{i}", lon=7.40 + i * 0.01, lat=43.72 + i * 0.005, source_id=f"c{i}")
            for i in range(8)
        ),
        draft(name="Paris", categories=("caarud", "csapa"), lon=2.35, lat=48.85, source_id="p"),
        draft(name="Lines", categories=("police",), lon=None, lat=None, source_id="line"),
    )
    expected, kept = await _expected_and_kept(database)
    assert kept == expected
    assert sum(kept.values()) >= 9
    steps = [
        "UPDATE service SET categories = ARRAY['caarud'] WHERE source_id = 'c1'",
        "UPDATE service SET geom = ST_SetSRID(ST_MakePoint(5.37, 43.30), 4326) "
        "WHERE source_id = 'c2'",
        "UPDATE service SET withdrawn_at = now() WHERE source_id = 'c3'",
        "UPDATE service SET visibility = 'professionals' WHERE source_id = 'c4'",
        "UPDATE service SET phone = '0102030405' WHERE source_id LIKE 'c%'",
        "DELETE FROM service WHERE source_id IN ('c5', 'p')",
        "UPDATE service SET withdrawn_at = NULL WHERE source_id = 'c3'",
        "UPDATE service SET last_verified = DATE '2025-01-15' WHERE source_id = 'c6'",
    ]
    for sql in steps:
        await _run(database, sql)
        expected, kept = await _expected_and_kept(database)
        assert kept == expected, sql
