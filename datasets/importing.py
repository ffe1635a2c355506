"""The one interface every importer shares, and the import itself.

A source reads a file into drafts (one per record it keeps), the rows it rejects (line and
reason) and notes about the file as a whole; it refuses a file it cannot trust at all
(`ImportFileError`: wrong format, wrong encoding, truncated). `run_import` writes what a source
read in one transaction: created, updated, unchanged and withdrawn counted, the database left
untouched by a dry run or a refused file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pydantic import ValidationError

from geo.db import Database
from geo.directory.drafts import ServiceDraft
from geo.directory.queries.schedules import Horizon
from geo.directory.queries.writes import enrich_services, import_services

Progress = Callable[[int, int], None]
"""Called with (bytes read, bytes in all) as a file is read."""


class ImportFileError(ValueError):
    """The whole file is refused: nothing of it is imported."""


def decode_text(data: bytes, name: str) -> str:
    """Return a file's text: UTF-8 (with or without BOM), else Latin-1; refuse what is
    neither (NUL bytes: UTF-16 or not text at all)."""
    if b"\x00" in data[:4096]:
        raise ImportFileError(f"{name}: not a text file in UTF-8 or Latin-1 (NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def csv_rows(text: str, *, delimiter: str, name: str) -> list[tuple[int, list[str]]]:
    """Return (line number, fields) of every non-blank line, quotes honoured; refuse a file
    whose quoting is broken (a quote left open by a cut)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"', strict=True)
    rows = []
    try:
        for fields in reader:
            if any(x.strip() for x in fields):
                rows.append((reader.line_num, fields))
    except csv.Error as e:
        raise ImportFileError(f"{name}: line {reader.line_num}: {e}") from None
    return rows


@dataclass(frozen=True, slots=True)
class Rejected:
    """A record left out, where and why."""

    line: int
    reason: str


@dataclass(slots=True)
class Reading:
    """What a source made of a file."""

    drafts: list[ServiceDraft] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    skipped: int = 0
    """Records of kinds Maraude does not list (an EHPAD in FINESS, a bench in OSM)."""
    notes: list[str] = field(default_factory=list)
    additions: list[tuple[str, ServiceDraft]] = field(default_factory=list)
    """Records that complete another source's service (by its id there), when it exists."""
    _seen: dict[str, int] = field(default_factory=dict)

    def keep(self, line: int, make: Callable[[], ServiceDraft]) -> None:
        """Add the draft `make` builds, or reject the record with the reason it fails."""
        try:
            draft = make()
        except ValidationError as e:
            self.rejected.append(Rejected(line, _reason(e)))
            return
        except ValueError as e:
            self.rejected.append(Rejected(line, str(e)))
            return
        self.add(line, draft)

    def add(self, line: int, draft: ServiceDraft) -> None:
        """Add a draft, or reject it when its id repeats an earlier record's."""
        first = self._seen.setdefault(draft.source_id, line)
        if first != line:
            self.rejected.append(Rejected(line, f"{draft.source_id} repeats line {first}"))
            return
        self.drafts.append(draft)


def _reason(error: ValidationError) -> str:
    parts = []
    for e in error.errors():
        where = ".".join(str(p) for p in e["loc"]) or "record"
        parts.append(f"{where}: {e['msg']}")
    return "; ".join(parts)


class Source(Protocol):
    """An importer: the `source` its services carry, the columns it owns (a re-import
    compares and writes only those), the source its additions complete, and how it reads a
    file."""

    @property
    def name(self) -> str:
        """The `source` of the services it imports."""
        ...

    @property
    def owned(self) -> tuple[str, ...]:
        """The service columns it writes."""
        ...

    @property
    def enriches(self) -> str | None:
        """The source whose services its additions complete, if any."""
        ...

    def read(self, path: Path, progress: Progress | None = None) -> Reading:
        """Read the file; raise ImportFileError when it cannot be trusted at all."""
        ...


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did (or, dry, would do)."""

    source: str
    file: str
    dry_run: bool
    created: int
    updated: int
    unchanged: int
    withdrawn: int
    merged: int
    skipped: int
    rejected: tuple[Rejected, ...]
    notes: tuple[str, ...]

    def lines(self) -> Iterator[str]:
        """The report as a person reads it."""
        verb = "would be" if self.dry_run else "were"
        yield (
            f"{self.source} from {self.file}: {self.created} {verb} created, {self.updated} "
            f"updated, {self.unchanged} unchanged, {self.withdrawn} withdrawn (gone from the "
            f"file), {len(self.rejected)} rejected, {self.skipped} skipped (not referral "
            "services)" + (f", {self.merged} completed" if self.merged else "")
        )
        yield from self.notes
        for r in self.rejected:
            yield f"line {r.line}: {r.reason}"

    def as_dict(self) -> dict[str, object]:
        """The report as JSON."""
        return {
            "source": self.source,
            "file": self.file,
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "withdrawn": self.withdrawn,
            "merged": self.merged,
            "skipped": self.skipped,
            "notes": list(self.notes),
            "rejected": [{"line": r.line, "reason": r.reason} for r in self.rejected],
        }


async def run_import(
    database: Database,
    source: Source,
    path: Path,
    *,
    horizon: Horizon,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Read `path` with `source` and write it in one transaction (rolled back when dry)."""
    if not path.exists():
        raise ImportFileError(f"{path}: no such file or directory")
    reading = source.read(path, progress)
    if not reading.drafts and not reading.additions:
        # Importing nothing would withdraw every service of the source: surely a wrong file.
        raise ImportFileError(
            f"{path.name}: no {source.name} record could be imported "
            f"({len(reading.rejected)} rejected, {reading.skipped} skipped)"
        )
    async with database.session() as session:
        merged = 0
        if reading.additions and source.enriches:
            found, merged = await enrich_services(
                session, source=source.enriches, additions=reading.additions, horizon=horizon
            )
            reading.notes.append(
                f"{len(found)} records completed {source.enriches} establishments "
                f"({merged} changed); {len(reading.additions) - len(found)} named one not loaded"
            )
            for ref, draft in reading.additions:
                if ref not in found:
                    reading.add(0, draft)
        counts = await import_services(
            session,
            source=source.name,
            drafts=reading.drafts,
            horizon=horizon,
            owned=source.owned,
        )
        if dry_run:
            await session.rollback()
        else:
            await session.commit()
    return ImportReport(
        source=source.name,
        file=path.name,
        dry_run=dry_run,
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged,
        withdrawn=counts.withdrawn,
        merged=merged,
        skipped=reading.skipped,
        notes=tuple(reading.notes),
        rejected=tuple(sorted(reading.rejected, key=lambda r: r.line)),
    )
