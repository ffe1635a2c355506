"""HSDS's tabular form: CSV tables and the `datapackage.json` describing them.

Each table's columns, types and constraints come from the specification's own field list
(`datasets/formats/hsds/schema.csv`).
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from datasets.cells import neutralised
from datasets.hsds_vocabulary import TAXONOMY, terms

SPEC = Path(__file__).parent / "formats" / "hsds" / "schema.csv"
FILES = {
    "organization": "organizations.csv",
    "service": "services.csv",
    "location": "locations.csv",
    "service_at_location": "service_at_location.csv",
    "address": "addresses.csv",
    "phone": "phones.csv",
    "schedule": "schedules.csv",
    "language": "languages.csv",
    "accessibility": "accessibility.csv",
    "taxonomy": "taxonomies.csv",
    "taxonomy_term": "taxonomy_terms.csv",
    "attribute": "attributes.csv",
}
"""The tables Maraude writes, in the file names of the specification's examples."""


@dataclass(frozen=True, slots=True)
class Field:
    """One field of an HSDS table, as the specification lists it."""

    name: str
    type: str
    description: str
    required: bool
    unique: bool
    format: str
    enum: tuple[str, ...]


@cache
def tables() -> dict[str, tuple[Field, ...]]:
    """Every HSDS table and its fields (arrays and nested objects included)."""
    found: dict[str, list[Field]] = defaultdict(list)
    with SPEC.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            found[row["table_name"]].append(
                Field(
                    row["name"],
                    row["type"],
                    row["description"],
                    row["constraints_required"] == "true",
                    row["constraints_unique"] == "true",
                    row["format"],
                    tuple(x for x in row["enum"].split(",") if x),
                )
            )
    return {name: tuple(fields) for name, fields in found.items()}


@cache
def columns(table: str) -> tuple[str, ...]:
    """The flat columns of a table (what a CSV of it holds)."""
    return tuple(f.name for f in tables()[table] if f.type in ("string", "number"))


def table_rows(full: Iterable[Mapping[str, Any]]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Flatten full services into (table, row) pairs."""
    yield "taxonomy", TAXONOMY
    for term in terms().values():
        yield "taxonomy_term", term.row()
    for s in full:
        yield "organization", s["organization"]
        yield "service", s
        for table, key in (
            ("phone", "phones"),
            ("schedule", "schedules"),
            ("language", "languages"),
            ("attribute", "attributes"),
        ):
            for row in s[key]:
                yield table, row
        for sal in s["service_at_locations"]:
            location = sal["location"]
            yield "location", location
            yield "service_at_location", sal
            for address in location["addresses"]:
                yield "address", address
            for item in location["accessibility"]:
                yield "accessibility", item


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else neutralised(str(value))


def write_tabular(directory: Path, full: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Write full services as the tabular datapackage; return the rows of each table."""
    directory.mkdir(parents=True, exist_ok=True)
    buffers = {t: io.StringIO(newline="") for t in FILES}
    writers = {}
    for table, buffer in buffers.items():
        writers[table] = csv.writer(buffer, lineterminator="\n")
        writers[table].writerow(columns(table))
    counts = dict.fromkeys(FILES, 0)
    for table, row in table_rows(full):
        writers[table].writerow([_cell(row.get(c)) for c in columns(table)])
        counts[table] += 1
    for table, buffer in buffers.items():
        (directory / FILES[table]).write_text(buffer.getvalue(), encoding="utf-8")
    descriptor = datapackage()
    (directory / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return counts


_FOREIGN = {
    "service": [("organization_id", "organization")],
    "location": [("organization_id", "organization")],
    "service_at_location": [("service_id", "service"), ("location_id", "location")],
    "address": [("location_id", "location")],
    "phone": [("service_id", "service")],
    "schedule": [("service_id", "service")],
    "language": [("service_id", "service")],
    "accessibility": [("location_id", "location")],
    "taxonomy_term": [("taxonomy_id", "taxonomy")],
    "attribute": [("taxonomy_term_id", "taxonomy_term")],
}


def datapackage() -> dict[str, Any]:
    """The Frictionless tabular data package descriptor of an export."""
    resources = []
    for table, file in FILES.items():
        spec = {f.name: f for f in tables()[table]}
        fields = []
        for name in columns(table):
            f = spec[name]
            field: dict[str, Any] = {"name": name, "type": f.type, "description": f.description}
            if f.format in ("email", "uri"):
                field["format"] = f.format
            constraints: dict[str, Any] = {}
            if f.required:
                constraints["required"] = True
            if f.unique:
                constraints["unique"] = True
            if f.enum:
                constraints["enum"] = list(f.enum)
            if constraints:
                field["constraints"] = constraints
            fields.append(field)
        resources.append(
            {
                "name": table,
                "path": file,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": fields,
                    "primaryKey": "id",
                    "foreignKeys": [
                        {"fields": column, "reference": {"resource": target, "fields": "id"}}
                        for column, target in _FOREIGN.get(table, [])
                    ],
                },
            }
        )
    return {
        "name": "maraude-hsds",
        "title": "Maraude referral services (HSDS 3.1)",
        "profile": "tabular-data-package",
        "licenses": [{"name": "ODbL-1.0", "title": "Open Data Commons Open Database License"}],
        "resources": resources,
    }
