"""Open Referral's Human Services Data Specification 3.1, both ways.

Export, in the two forms the specification defines:
- JSON: `services.json`, one page of full services as the HSDS API returns them (each with
  its organization, phones, schedules, languages, attributes and service_at_locations holding
  the location, its addresses and accessibility);
- tabular: a directory of CSV files (`services.csv`, `organizations.csv`, `locations.csv`…)
  with a `datapackage.json` describing each table from the specification's own field list
  (`datasets/formats/hsds/schema.csv`).

Each public service is one organization, one service and, when it has a position, one
location. Maraude's categories, publics, conditions and wheelchair access are terms of one
taxonomy (`maraude`) attached as attributes, so another Maraude reads them back exactly.
Opening hours are a schedule whose description is the opening_hours expression, with one
weekly row (byday, opens_at, closes_at, local time) per opening of a week without holidays.

Import reads either form (a `services.json` page or list, or the tabular directory).

This module is the entry point (the `Hsds` source and `write_export`); the work lives in
`hsds_vocabulary` (ids, taxonomy), `hsds_json` (full services), `hsds_tabular` (CSV tables
and datapackage.json), `hsds_reading` (files to full services) and `hsds_drafts` (full
services to drafts). Their public names are re-exported here for existing callers.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path

from datasets.hsds_drafts import categories_of, checked_draft, codes_of, draft_of, hours_of
from datasets.hsds_json import REFERENCE_WEEK, service_full, service_id, write_json
from datasets.hsds_reading import read_json, read_tabular
from datasets.hsds_tabular import (
    FILES,
    SPEC,
    Field,
    columns,
    datapackage,
    table_rows,
    tables,
    write_tabular,
)
from datasets.hsds_vocabulary import (
    CONDITION_WORDS,
    DAYS,
    NAMESPACE,
    OSM_DAYS,
    SOURCE,
    TAXONOMY,
    TAXONOMY_ID,
    WHEELCHAIR_WORDS,
    Term,
    term_attribute,
    terms,
)
from datasets.importing import Progress, Reading, Rejected
from geo.directory.queries.writes import WRITABLE
from geo.values import ServiceRecord

__all__ = [
    "CONDITION_WORDS",
    "DAYS",
    "FILES",
    "NAMESPACE",
    "OSM_DAYS",
    "REFERENCE_WEEK",
    "SPEC",
    "TAXONOMY",
    "TAXONOMY_ID",
    "WHEELCHAIR_WORDS",
    "Field",
    "Hsds",
    "Term",
    "categories_of",
    "columns",
    "datapackage",
    "draft_of",
    "hours_of",
    "service_full",
    "service_id",
    "table_rows",
    "tables",
    "term_attribute",
    "terms",
    "write_export",
    "write_json",
    "write_tabular",
]


def write_export(directory: Path, services: Iterable[ServiceRecord]) -> int:
    """Write `services.json` and the tabular datapackage; return how many services."""
    full = [service_full(s) for s in services]
    write_json(directory / "services.json", full)
    write_tabular(directory, full)
    return len(full)


class Hsds:
    """HSDS 3.1 services, as JSON or as a tabular datapackage."""

    name = SOURCE
    owned = WRITABLE
    enriches = None

    def read(self, path: Path, progress: Progress | None = None) -> Reading:
        """Read full services from a JSON file or a tabular datapackage directory."""
        if path.is_dir():
            services = read_tabular(path)
        elif path.name == "datapackage.json":
            services = read_tabular(path.parent)
        else:
            services = read_json(path)
        reading = Reading()
        total = len(services)
        for index, service in enumerate(services, 1):
            if not isinstance(service, dict):
                reading.rejected.append(Rejected(index, "service: not a JSON object"))
                continue
            if service.get("status") not in (None, "", "active"):
                reading.skipped += 1
                continue
            try:
                categories = categories_of(codes_of(service))
            except (AttributeError, TypeError):
                reading.rejected.append(Rejected(index, "attributes: not HSDS attributes"))
                continue
            if not categories:
                reading.skipped += 1
                continue
            reading.keep(index, partial(checked_draft, service, categories))
            if progress is not None and (index % 5000 == 0 or index == total):
                progress(index, total)
        return reading
