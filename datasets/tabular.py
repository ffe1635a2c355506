"""An association's own list, as CSV or GeoJSON, read through a column mapping file.

The mapping (JSON) names the source the services will carry, the column holding each
record's id, and for each service field the column it comes from; optionally how to translate
the values of the categories column, the CSV delimiter, the separator of list cells and
values for fields every record shares:

    {"source": "riviera-list", "id": "code",
     "fields": {"name": "Nom", "categories": "Type", "lon": "Longitude", "lat": "Latitude",
                "phone": "Téléphone", "opening_hours": "Horaires", "languages": "Langues"},
     "values": {"categories": {"Dépistage": "trod", "Douches": "hygiene"}},
     "delimiter": ";", "list_separator": "|", "defaults": {"visibility": "public"}}

In GeoJSON the fields come from each feature's properties and the position from its Point.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from datasets.importing import ImportFileError, Progress, Reading, csv_rows, decode_text
from geo.directory.drafts import ServiceDraft, ServiceFields
from geo.directory.queries.writes import WRITABLE

Where = tuple[float, float] | str | None
"""A GeoJSON feature's position, or why it has none usable."""
LISTS = ("categories", "languages", "publics", "conditions")
FIELDS = set(ServiceFields.model_fields) - {"closures"}


def _shape_problems(doc: Mapping[str, Any], fields: Mapping[str, Any]) -> list[str]:
    """What of the mapping's optional parts is not of the expected kind."""
    problems = []
    if not all(isinstance(c, str) for c in fields.values()):
        problems.append("'fields' must map each field to a column name")
    values = doc.get("values") or {}
    if not isinstance(values, dict) or not all(
        isinstance(t, dict) and all(isinstance(v, str) for v in t.values()) for t in values.values()
    ):
        problems.append("'values' must map fields to tables of text replacements")
    if not isinstance(doc.get("defaults") or {}, dict):
        problems.append("'defaults' must be an object")
    for key in ("delimiter", "list_separator"):
        if key in doc and not (isinstance(doc[key], str) and len(doc[key]) == 1):
            problems.append(f"'{key}' must be one character")
    return problems


class ColumnMapping:
    """A column mapping file, checked."""

    def __init__(self, doc: Mapping[str, Any], name: str) -> None:
        problems = []
        if not isinstance(doc.get("source"), str) or not doc["source"].strip():
            problems.append("'source' (the name the services will carry) is missing")
        if not isinstance(doc.get("id"), str):
            problems.append("'id' (the column holding each record's id) is missing")
        fields = doc.get("fields")
        if not isinstance(fields, dict):
            fields = {}
        if "name" not in fields or "categories" not in fields:
            problems.append("'fields' must map at least name and categories to columns")
        unknown = sorted(set(fields) - FIELDS)
        if unknown:
            problems.append(f"unknown fields: {', '.join(unknown)}")
        problems += _shape_problems(doc, fields)
        if problems:
            raise ImportFileError(f"mapping {name}: " + "; ".join(problems))
        self.source: str = doc["source"].strip()
        self.id: str = doc["id"]
        self.fields: dict[str, str] = dict(fields)
        self.values: dict[str, dict[str, str]] = dict(doc.get("values") or {})
        self.delimiter: str = doc.get("delimiter", ",")
        self.list_separator: str = doc.get("list_separator", "|")
        self.defaults: dict[str, Any] = dict(doc.get("defaults") or {})

    @classmethod
    def load(cls, path: Path) -> ColumnMapping:
        """Read a mapping file."""
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ImportFileError(f"mapping {path.name}: not readable JSON ({e})") from None
        if not isinstance(doc, dict):
            raise ImportFileError(f"mapping {path.name}: not a JSON object")
        return cls(doc, path.name)

    def columns(self) -> set[str]:
        """Every column the mapping reads."""
        return {self.id, *self.fields.values()}

    def draft(self, cells: Mapping[str, Any], where: Where) -> ServiceDraft:
        """Build a draft from one record's cells (and its GeoJSON position, if any)."""
        if isinstance(where, str):
            raise ValueError(where)
        values: dict[str, Any] = dict(self.defaults)
        for field, column in self.fields.items():
            cell = cells.get(column)
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            if field in LISTS and isinstance(cell, str):
                cell = [x.strip() for x in cell.split(self.list_separator) if x.strip()]
            if field in self.values:
                table = self.values[field]
                if isinstance(cell, list):
                    cell = [table.get(x, x) for x in cell]
                else:
                    cell = table.get(cell, cell)
            if field in ("lon", "lat") and isinstance(cell, str):
                cell = cell.replace(",", ".")
            values[field] = cell
        if where is not None:
            values["lon"], values["lat"] = where
        ident = cells.get(self.id)
        if ident is None or not str(ident).strip():
            raise ValueError(f"no id in column {self.id!r}")
        return ServiceDraft.model_validate(
            {**values, "source": self.source, "source_id": str(ident).strip()}
        )


class MappedFile:
    """A CSV or GeoJSON list read through a mapping."""

    owned = WRITABLE
    enriches = None

    def __init__(self, mapping: ColumnMapping) -> None:
        self.mapping = mapping
        self.name = mapping.source

    def read(self, path: Path, progress: Progress | None = None) -> Reading:
        """Read the list; refuse a file of another format, missing columns or cut short."""
        text = decode_text(path.read_bytes(), path.name)
        records = _geojson(text, path.name) if text.lstrip().startswith("{") else None
        if records is None:
            records = _csv(text, path.name, self.mapping)
        reading = Reading()
        total = len(records)
        for index, (line, cells, where) in enumerate(records, 1):
            reading.keep(line, partial(self.mapping.draft, cells, where))
            if progress is not None and (index % 5000 == 0 or index == total):
                progress(index, total)
        return reading


Record = tuple[int, dict[str, Any], "Where"]


def _geojson(text: str, name: str) -> list[Record]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise ImportFileError(f"{name}: not valid JSON ({e}); nothing was imported") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise ImportFileError(f"{name}: not a GeoJSON FeatureCollection")
    records: list[Record] = []
    for i, feature in enumerate(doc.get("features") or [], 1):
        geometry = (feature or {}).get("geometry") or None
        where: Where = None
        if geometry is not None:
            if geometry.get("type") != "Point":
                where = f"geometry must be a Point or null, not {str(geometry.get('type'))[:20]}"
            else:
                lon, lat = geometry["coordinates"][:2]
                where = (lon, lat)
        records.append((i, dict(feature.get("properties") or {}), where))
    return records


def _csv(text: str, name: str, mapping: ColumnMapping) -> list[Record]:
    rows = csv_rows(text, delimiter=mapping.delimiter, name=name)
    if not rows:
        raise ImportFileError(f"{name}: empty file")
    header = [h.strip() for h in rows[0][1]]
    missing = sorted(mapping.columns() - set(header))
    if missing:
        raise ImportFileError(
            f"{name}: columns named in the mapping are missing: {', '.join(missing)} "
            f"(the header has {', '.join(header[:12])}); is the delimiter "
            f"{mapping.delimiter!r} right?"
        )
    records: list[Record] = []
    for index, (line, cells) in enumerate(rows[1:], 2):
        if len(cells) < len(header) and index == len(rows):
            raise ImportFileError(
                f"{name}: the last line ({line}) has {len(cells)} fields instead of "
                f"{len(header)}: the file looks truncated; nothing was imported"
            )
        records.append((line, dict(zip(header, cells, strict=False)), None))
    return records
