"""Benchmark the importers on a throwaway database.

    .venv/bin/python benchmarks/imports.py [--establishments 100000] [--services 100000]

(a) a synthetic FINESS extract in the real format (`structureet` and `geolocalisation`
    sections, Lambert-93 and overseas systems, every Maraude category and others skipped) of
    `--establishments` lines: first import, then the same file again (nothing may change);
(b) the OpenStreetMap places of the demo's Monaco extract;
(c) the open-data exports of `--services` public services (the FINESS establishments topped
    up with generated services that have hours, languages, publics and conditions):
    data·inclusion (structures.json + services.json) and HSDS (JSON and tabular datapackage),
    a sample of each checked against the official schemas.

Prints seconds and counts; the database is dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.settings import Settings  # noqa: E402
from benchmarks.harness import bench_settings, create_database, drop  # noqa: E402
from datasets.demo_loader import DEMO_ROADS, demo_dir  # noqa: E402
from datasets.finess import CATEGORY_BY_CODE  # noqa: E402
from datasets.importing import ImportReport, Source, run_import  # noqa: E402
from datasets.osm_places import OsmPlaces  # noqa: E402
from geo.db import Database  # noqa: E402
from geo.directory.queries.schedules import Horizon  # noqa: E402

IMPORT_TARGET, REIMPORT_TARGET, EXPORT_TARGET = 60.0, 20.0, 30.0
HOURS = [
    "Mo-Fr 09:00-17:00",
    "Mo-Fr 09:00-12:30,13:30-17:00; Sa 09:00-12:00; PH off",
    "Mo-Su 21:00-02:00",
    "24/7",
    "Tu,Th 14:00-19:00",
    None,
]
# Lambert-93 box of metropolitan France, and two overseas systems.
SYSTEMS = [
    ("EPSG:2154 RGF93 / Lambert-93 (Métropole)", (100_000, 6_100_000, 1_200_000, 7_100_000)),
    ("EPSG:2975 RGR92/UTM zone 40S (Réunion)", (315_000, 7_635_000, 380_000, 7_690_000)),
    ("EPSG:5490 RGAF09/UTM Zone 20N (Antilles)", (640_000, 1_780_000, 700_000, 1_820_000)),
]
OTHER_CODES = ["500", "355", "101", "223", "189", "182", "209", "501"]  # EHPAD, hospitals, …


def synthetic_finess(path: Path, n: int, seed: int = 1) -> None:
    """Write an n-establishment FINESS extract in the real format."""
    rng = random.Random(seed)
    codes = list(CATEGORY_BY_CODE)
    structures, places = [], []
    for i in range(n):
        number = f"{rng.choice(['06', '13', '75', '69', '33'])}{i:07d}"
        code = rng.choice(codes) if rng.random() < 0.7 else rng.choice(OTHER_CODES)
        name = f"ETABLISSEMENT {i} {code}"
        label, (x0, y0, x1, y1) = SYSTEMS[0] if rng.random() < 0.95 else rng.choice(SYSTEMS[1:])
        postcode = "97400 ST DENIS" if "Réunion" in label else f"{number[:2]}000 VILLE {i % 997}"
        fields = [
            "structureet",
            number,
            f"{number[:2]}0000000",
            name[:38],
            name,
            "",
            "",
            str(rng.randint(1, 200)),
            "RUE",
            f"DE LA PAIX {i % 50}",
            "",
            "",
            "001",
            number[:2],
            "DEPARTEMENT",
            postcode,
            f"04{rng.randint(10_000_000, 99_999_999)}",
            "",
            code,
            "Libellé",
            "1000",
            "Agrégat",
            "",
            "",
            "",
            "",
            "",
            "",
            "2000-01-01",
            "2000-01-01",
            "2025-01-01",
            "",
        ]
        structures.append(";".join(fields))
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        places.append(
            f"geolocalisation;{number};{x:.1f};{y:.1f};1,ATLASANTE,96,BAN,{label};2026-05-04"
        )
    header = f"finess;etalab;{n};2026-05-12"
    path.write_text("\n".join([header, *structures, *places]) + "\n", encoding="utf-8")


async def _timed(database: Database, source: Source, path: Path) -> tuple[float, ImportReport]:
    horizon = Horizon.around(datetime.now(UTC), past_days=7, future_days=120)
    started = time.perf_counter()
    report = await run_import(database, source, path, horizon=horizon)
    return time.perf_counter() - started, report


def _counts(r: ImportReport) -> str:
    return (
        f"{r.created} created, {r.updated} updated, {r.unchanged} unchanged, "
        f"{r.withdrawn} withdrawn, {r.merged} completed another source, {r.skipped} skipped, "
        f"{len(r.rejected)} rejected"
    )


async def run(settings: Settings, establishments: int, services: int, folder: Path) -> None:
    """Provision, then time each import."""
    from datasets.finess import Finess

    await create_database(settings)
    finess = folder / "etalab-cs1100507-stock-synthetic.csv"
    started = time.perf_counter()
    synthetic_finess(finess, establishments)
    size = finess.stat().st_size / 1e6
    print(
        f"synthetic FINESS: {establishments:,} establishments, {size:.1f} MB, written in "
        f"{time.perf_counter() - started:.1f} s"
    )
    database = Database.from_url(settings.owner_database_url, pool_size=2)
    try:
        secs, report = await _timed(database, Finess(), finess)
        ok = "PASS" if secs <= IMPORT_TARGET else "FAIL"
        print(
            f"(a) FINESS import      {secs:6.1f} s  ({_counts(report)})  target <= "
            f"{IMPORT_TARGET:.0f} s: {ok}"
        )
        secs, report = await _timed(database, Finess(), finess)
        changed = report.created + report.updated + report.withdrawn
        ok = "PASS" if secs <= REIMPORT_TARGET and changed == 0 else "FAIL"
        print(
            f"    FINESS re-import   {secs:6.1f} s  ({_counts(report)})  target <= "
            f"{REIMPORT_TARGET:.0f} s and nothing changed: {ok}"
        )
        secs, report = await _timed(database, OsmPlaces(), demo_dir() / DEMO_ROADS)
        print(f"(b) OSM places, Monaco {secs:6.1f} s  ({_counts(report)})")
        await top_up(database, services)
        await exports(database, folder)
    finally:
        await database.dispose()


async def top_up(database: Database, total: int) -> int:
    """Add generated public services until `total` are exportable; return how many exist."""
    from geo.directory.drafts import ServiceDraft
    from geo.directory.queries.export import exportable_services
    from geo.directory.queries.writes import upsert_services

    async with database.session() as session:
        have = len(await exportable_services(session))
    rng = random.Random(2)
    slugs = sorted({*CATEGORY_BY_CODE.values(), "trod", "cegidd", "hygiene", "food"})
    horizon = Horizon.around(datetime.now(UTC), past_days=7, future_days=120)
    for start in range(have, total, 5000):
        drafts = [
            ServiceDraft(
                name=f"Service généré {i}",
                categories=(rng.choice(slugs),),
                lon=rng.uniform(-1.5, 7.5),
                lat=rng.uniform(43.3, 49.5),
                address=f"{i % 200} rue de la Paix",
                postcode=f"{rng.randint(1, 95):02d}000",
                city="Ville",
                phone="01 02 03 04 05",
                website=f"https://service-{i}.example/",
                description="Service de démonstration pour la mesure des exports.",
                opening_hours=rng.choice(HOURS),
                languages=("fr", "en")[: rng.randint(1, 2)],
                publics=("sex-workers",) if i % 3 else ("women", "trans"),
                conditions=("free", "anonymous") if i % 2 else (),
                source="bench",
                source_id=str(i),
            )
            for i in range(start, min(start + 5000, total))
        ]
        async with database.session() as session:
            await upsert_services(session, drafts=drafts, horizon=horizon)
            await session.commit()
    return max(have, total)


async def exports(database: Database, folder: Path) -> None:
    """Time each export and check a sample against the official schemas."""
    import json

    from datasets.data_inclusion import problems
    from datasets.exporting import ExportFormat, run_export

    for format in ExportFormat:
        started = time.perf_counter()
        report = await run_export(database, format, folder / format.value)
        secs = time.perf_counter() - started
        size = sum(f.stat().st_size for f in (folder / format.value).iterdir()) / 1e6
        ok = "PASS" if secs <= EXPORT_TARGET else "FAIL"
        print(
            f"(c) {format.value:<14} export {secs:6.1f} s  ({report.services:,} services, "
            f"{size:.0f} MB)  target <= {EXPORT_TARGET:.0f} s: {ok}"
        )
    out = folder / ExportFormat.DATA_INCLUSION.value
    sample = {
        kind: json.loads((out / f"{kind}s.json").read_bytes())[::100]
        for kind in ("structure", "service")
    }
    invalid = sum(bool(problems(k, r)) for k, rows in sample.items() for r in rows)  # type: ignore[arg-type]
    checked = sum(len(rows) for rows in sample.values())
    print(
        f"    data·inclusion records checked against the JSON Schemas: {checked:,}, "
        f"invalid: {invalid}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--establishments", type=int, default=100_000)
    parser.add_argument("--services", type=int, default=100_000, help="services to export")
    args = parser.parse_args()
    settings = bench_settings("imports")
    try:
        with tempfile.TemporaryDirectory() as folder:
            asyncio.run(run(settings, args.establishments, args.services, Path(folder)))
    finally:
        drop(settings)


if __name__ == "__main__":
    main()
