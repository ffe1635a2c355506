"""Open-data exports of the directory: data·inclusion and HSDS, written to a directory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

import orjson

from datasets import data_inclusion, hsds
from geo.db import Database
from geo.directory.queries.export import exportable_services
from geo.opendata import feed


class ExportFormat(StrEnum):
    """The formats the directory is published in."""

    DATA_INCLUSION = "data-inclusion"
    HSDS = "hsds"


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What an export wrote."""

    format: ExportFormat
    directory: Path
    services: int
    files: tuple[str, ...]
    withdrawn: int | None = None

    def line(self) -> str:
        """The report as a person reads it."""
        gone = "" if self.withdrawn is None else f", {self.withdrawn} withdrawn"
        return (
            f"{self.format}: {self.services} public services{gone} written to "
            f"{self.directory} ({', '.join(self.files)})"
        )


async def run_export(
    database: Database,
    format: ExportFormat,
    directory: Path,
    *,
    shown_since: date | None = None,
    modified_after: datetime | None = None,
    hide_after_days: int = 730,
) -> ExportReport:
    """Write every public, listed service in `format` into `directory` (with `shown_since`,
    those the public sees: checked since then). With `modified_after` (data·inclusion only):
    those changed since then, and `withdrawn.json`, the ids of those that left the public
    directory since then, for a hub to delete."""
    if modified_after is not None:
        if format is not ExportFormat.DATA_INCLUSION:
            raise ValueError("the HSDS changes are served by /hsds/services?modified_after=")
        return await _changes(
            database,
            directory,
            since=modified_after,
            shown_since=shown_since or date(1900, 1, 1),
            hide_after_days=hide_after_days,
        )
    async with database.session() as session:
        services = await exportable_services(session, shown_since=shown_since)
    if format is ExportFormat.DATA_INCLUSION:
        data_inclusion.write_export(directory, services)
        files: tuple[str, ...] = ("structures.json", "services.json")
    else:
        hsds.write_export(directory, services)
        files = ("services.json", "datapackage.json", *hsds.FILES.values())
    return ExportReport(format, directory, len(services), files)


async def _changes(
    database: Database, directory: Path, *, since: datetime, shown_since: date, hide_after_days: int
) -> ExportReport:
    async with database.session() as session:
        page = await feed.changes(
            session,
            since=since,
            shown_since=shown_since,
            hide_after_days=hide_after_days,
            offset=0,
            limit=2**31 - 1,
        )
    live = [c.record for c in page.changes if c.record is not None]
    gone = [
        {"source": data_inclusion.PRODUCER, "id": data_inclusion.id_of(c.source, c.source_id)}
        for c in page.changes
        if c.record is None
    ]
    data_inclusion.write_export(directory, live)
    (directory / "withdrawn.json").write_bytes(orjson.dumps(gone))
    files = ("structures.json", "services.json", "withdrawn.json")
    return ExportReport(ExportFormat.DATA_INCLUSION, directory, len(live), files, len(gone))
