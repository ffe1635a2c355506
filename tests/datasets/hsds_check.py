"""An HSDS 3.1 checker written from the specification's field list (`schema.csv`): every table
and field known, required fields filled, enumerations and formats respected, ids unique,
references resolved. Independent of the exporter: it reads only the specification."""

from __future__ import annotations

import csv
import functools
import json
from collections import defaultdict
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator, Draft202012Validator

SPEC = Path(__file__).resolve().parents[2] / "datasets" / "formats" / "hsds" / "schema.csv"
SCHEMA = SPEC.with_name("service.schema.json")

# Nested members of the JSON form and the table each holds (the examples' names).
NESTED = {
    "organization": "organization",
    "phones": "phone",
    "schedules": "schedule",
    "languages": "language",
    "attributes": "attribute",
    "taxonomy_term": "taxonomy_term",
    "taxonomy_detail": "taxonomy",
    "service_at_locations": "service_at_location",
    "location": "location",
    "addresses": "address",
    "accessibility": "accessibility",
    "contacts": "contact",
    "service_areas": "service_area",
    "fundings": "funding",
    "cost_options": "cost_option",
    "required_documents": "required_document",
    "program": "program",
    "metadata": "metadata",
}


def spec() -> dict[str, dict[str, dict[str, str]]]:
    """table → field → its row in the specification."""
    found: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    with SPEC.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            found[row["table_name"]][row["name"]] = row
    return dict(found)


def _value_problems(table: str, name: str, value: Any, field: Mapping[str, str]) -> Iterator[str]:
    empty = value is None or value == ""
    if field["constraints_required"] == "true" and empty:
        yield f"{table}.{name} is required"
    if empty:
        return
    if field["enum"] and str(value) not in field["enum"].split(","):
        yield f"{table}.{name}: {value!r} not in {field['enum']}"
    checker = Draft202012Validator.FORMAT_CHECKER
    if field["format"] in ("email", "uri") and not checker.conforms(str(value), field["format"]):
        yield f"{table}.{name}: {value!r} is not a valid {field['format']}"
    if field["type"] == "number":
        try:
            float(value)
        except (TypeError, ValueError):
            yield f"{table}.{name}: {value!r} is not a number"


def json_problems(table: str, record: Mapping[str, Any]) -> list[str]:
    """Problems of one object of the JSON form, nested members included."""
    fields = spec()[table]
    found = []
    for name, value in record.items():
        if name in NESTED and isinstance(value, (dict, list)):
            items = value if isinstance(value, list) else [value]
            for item in items:
                found += json_problems(NESTED[name], item)
            continue
        if name not in fields:
            found.append(f"{table}.{name} is not a field of HSDS 3.1")
            continue
        found += list(_value_problems(table, name, value, fields[name]))
    for name, field in fields.items():
        if field["constraints_required"] == "true" and name not in record:
            found.append(f"{table}.{name} is required")
    return found


def _table_problems(
    table: str, resource: Mapping[str, Any], header: list[str], rows: list[dict[str, str]]
) -> Iterator[str]:
    fields = spec()[table]
    if [x["name"] for x in resource["schema"]["fields"]] != header:
        yield f"{table}: the descriptor's fields are not the file's columns"
    yield from (f"{table}.{n} is not a field of HSDS 3.1" for n in header if n not in fields)
    for name, field in fields.items():
        if field["constraints_tablular_required"] == "true" and name not in header:
            yield f"{table}.{name} column is required in tabular form"
    for row in rows:
        for name, value in row.items():
            if name in fields:
                yield from _value_problems(table, name, value, fields[name])
    if len({r["id"] for r in rows}) != len(rows):
        yield f"{table}: ids are not unique"


def tabular_problems(directory: Path) -> list[str]:
    """Problems of a tabular datapackage directory."""
    descriptor = json.loads((directory / "datapackage.json").read_text("utf-8"))
    found: list[str] = []
    rows_of: dict[str, list[dict[str, str]]] = {}
    for resource in descriptor["resources"]:
        table = resource["name"]
        if table not in spec():
            found.append(f"{table} is not an HSDS table")
            continue
        with (directory / resource["path"]).open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            rows_of[table] = list(reader)
            found += _table_problems(table, resource, list(reader.fieldnames or []), rows_of[table])
    ids = {table: {r["id"] for r in rows} for table, rows in rows_of.items()}
    for resource in descriptor["resources"]:
        for key in resource["schema"].get("foreignKeys", []):
            target = key["reference"]["resource"]
            for row in rows_of.get(resource["name"], []):
                value = row[key["fields"]]
                if value and value not in ids.get(target, set()):
                    found.append(f"{resource['name']}.{key['fields']}: {value} not in {target}")
    return found


@functools.cache
def _schema_validator(kind: str) -> Draft7Validator:
    compiled = json.loads(SCHEMA.read_text("utf-8"))
    if kind == "service":
        return Draft7Validator(compiled)
    return Draft7Validator(
        {"$ref": f"#/definitions/{kind}", "definitions": compiled["definitions"]}
    )


def schema_problems(kind: str, record: Mapping[str, Any]) -> list[str]:
    """What the official HSDS 3.1 JSON Schema finds wrong with a record (`service`, or one of
    its definitions: `taxonomy`, `taxonomy_term`, …)."""
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in _schema_validator(kind).iter_errors(record)
    ]
