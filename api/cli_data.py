"""`maraude import SOURCE FILE`: the directory's importers on the command line."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url

from api.settings import Settings

if TYPE_CHECKING:
    from datasets.importing import Source


def source_named(name: str, args: argparse.Namespace) -> Source:
    """Return the importer of a source (a mapped list's mapping read from its file)."""
    from datasets.sources import source_named as named
    from datasets.tabular import ColumnMapping, MappedFile

    if name == "table":
        return MappedFile(ColumnMapping.load(Path(args.mapping)))
    return named(name)


def _progress() -> tuple[Callable[[int, int], None] | None, Callable[[], None]]:
    """A progress bar on an interactive terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        return None, lambda: None

    def update(done: int, total: int) -> None:
        share = done / total if total else 1.0
        bar = "#" * int(30 * share)
        sys.stderr.write(f"\r[{bar:<30}] {100 * share:5.1f} % ({done:,}/{total:,})")
        sys.stderr.flush()

    def close() -> None:
        sys.stderr.write("\n")

    return update, close


def run_source(settings: Settings, name: str, args: argparse.Namespace) -> int:
    """Import a file with a source's importer; print the report; 0, or 1 when refused."""
    from datasets.importing import ImportFileError, run_import
    from geo.db import Database

    try:
        source = source_named(name, args)
    except ImportFileError as e:
        print(f"refused, nothing imported: {e}", file=sys.stderr)  # noqa: T201
        return 1
    progress, close = _progress()

    async def run() -> int:
        database = Database.from_url(settings.owner_database_url, pool_size=1)
        horizon = settings.hours_horizon()
        try:
            report = await run_import(
                database,
                source,
                Path(args.file),
                horizon=horizon,
                dry_run=args.dry_run,
                progress=progress,
            )
        except ImportFileError as e:
            close()
            print(f"refused, nothing imported: {e}", file=sys.stderr)  # noqa: T201
            return 1
        finally:
            await database.dispose()
        close()
        if args.json:
            print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))  # noqa: T201
        else:
            for line in report.lines():
                print(line)  # noqa: T201
        return 0

    return asyncio.run(run())


def run_export(settings: Settings, args: argparse.Namespace) -> int:
    """Write the directory's public services in an open-data format; print what was written."""
    from datasets.exporting import ExportFormat
    from datasets.exporting import run_export as export
    from geo.db import Database

    async def run() -> int:
        database = Database.from_url(settings.owner_database_url, pool_size=1)
        try:
            shown_since = settings.freshness.shown_since(date.today())
            since = getattr(args, "modified_after", None)
            report = await export(
                database,
                ExportFormat(args.format),
                Path(args.out),
                shown_since=shown_since,
                modified_after=None if since is None else datetime.fromisoformat(since),
                hide_after_days=settings.freshness.hide_after_days,
            )
        finally:
            await database.dispose()
        print(report.line())  # noqa: T201
        return 0

    return asyncio.run(run())


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every importer takes."""
    parser.add_argument("file")
    parser.add_argument(
        "--dry-run", action="store_true", help="report what would change, change nothing"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def backup_command(settings: Settings, args: argparse.Namespace) -> int:
    """`maraude backup FILE`: the whole database, every association's rows included."""
    from geo.backup import BackupError, backup

    database = make_url(settings.owner_database_url).database or ""
    try:
        backup(settings.admin_database_url, database, Path(args.file))
    except BackupError as e:
        sys.stderr.write(f"{e}\n")
        return 1
    sys.stderr.write(f"backed up {database} to {args.file}\n")
    return 0


def restore_command(settings: Settings, args: argparse.Namespace) -> int:
    """`maraude restore FILE`: into the configured database, set up and still empty."""
    from geo.backup import BackupError, is_empty, restore

    database = make_url(settings.owner_database_url).database or ""
    if not asyncio.run(is_empty(settings.admin_database_url, database)):
        sys.stderr.write(
            f"{database} already holds data: restore into a new database "
            "(maraude db setup, without upgrade); nothing was changed\n"
        )
        return 1
    try:
        restore(settings.admin_database_url, database, Path(args.file))
    except BackupError as e:
        sys.stderr.write(f"{e}\n")
        return 1
    sys.stderr.write(f"restored {args.file} into {database}\n")
    return 0
