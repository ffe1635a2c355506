"""Open-data exports of the directory: data·inclusion and HSDS, written to a directory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from datasets import data_inclusion, hsds
from geo.db import Database
from geo.directory.queries.export import exportable_services


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

    def line(self) -> str:
        """The report as a person reads it."""
        return (
            f"{self.format}: {self.services} public services written to {self.directory} "
            f"({', '.join(self.files)})"
        )


async def run_export(
    database: Database, format: ExportFormat, directory: Path, *, shown_since: date | None = None
) -> ExportReport:
    """Write every public, listed service in `format` into `directory` (with `shown_since`,
    those the public sees: checked since then)."""
    async with database.session() as session:
        services = await exportable_services(session, shown_since=shown_since)
    if format is ExportFormat.DATA_INCLUSION:
        data_inclusion.write_export(directory, services)
        files: tuple[str, ...] = ("structures.json", "services.json")
    else:
        hsds.write_export(directory, services)
        files = ("services.json", "datapackage.json", *hsds.FILES.values())
    return ExportReport(format, directory, len(services), files)
