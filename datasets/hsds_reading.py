"""Read full HSDS services from a JSON file or a tabular datapackage directory."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from datasets.cells import restored
from datasets.hsds_tabular import FILES
from datasets.importing import ImportFileError, decode_text


def _read_csv(path: Path) -> list[dict[str, str]]:
    text = decode_text(path.read_bytes(), path.name)
    try:
        rows = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        return [{k: restored(v) if isinstance(v, str) else v for k, v in r.items()} for r in rows]
    except csv.Error as e:
        raise ImportFileError(f"{path.name}: {e}; nothing was imported") from None


def _table_rows(directory: Path, name: Any) -> list[dict[str, str]]:
    """A table's rows, from a file inside the package's directory only."""
    if not isinstance(name, str):
        raise ImportFileError("datapackage.json: a resource's path must be a file name")
    path = (directory / name).resolve()
    if not path.is_relative_to(directory.resolve()):
        raise ImportFileError(f"datapackage.json: {name!r} is outside the package")
    return _read_csv(path) if path.is_file() else []


def read_tabular(directory: Path) -> list[dict[str, Any]]:
    """Assemble full services from a tabular datapackage directory."""
    files = dict(FILES)
    package = directory / "datapackage.json"
    if package.is_file():
        try:
            descriptor = json.loads(package.read_text(encoding="utf-8"))
            files.update({r["name"]: r["path"] for r in descriptor.get("resources", [])})
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as e:
            raise ImportFileError(f"datapackage.json: not a data package ({e})") from None
    if not isinstance(files["service"], str) or not (directory / files["service"]).is_file():
        raise ImportFileError(f"{directory.name}: no services table in this directory")
    rows = {table: _table_rows(directory, files[table]) for table in FILES}
    by: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for table, key in (
        ("phone", "service_id"),
        ("schedule", "service_id"),
        ("language", "service_id"),
        ("attribute", "link_id"),
        ("service_at_location", "service_id"),
        ("address", "location_id"),
        ("accessibility", "location_id"),
    ):
        for row in rows[table]:
            by[(table, key)][row.get(key) or ""].append(row)
    term_by_id = {t["id"]: t for t in rows["taxonomy_term"]}
    location_by_id = {loc["id"]: loc for loc in rows["location"]}
    services = []
    for s in rows["service"]:
        sid = s["id"]
        sals = []
        for sal in by[("service_at_location", "service_id")][sid]:
            location: dict[str, Any] = dict(location_by_id.get(sal.get("location_id") or "", {}))
            if location:
                location["addresses"] = by[("address", "location_id")][location["id"]]
                location["accessibility"] = by[("accessibility", "location_id")][location["id"]]
            sals.append({**sal, "location": location or None})
        services.append(
            {
                **s,
                "phones": by[("phone", "service_id")][sid],
                "schedules": by[("schedule", "service_id")][sid],
                "languages": by[("language", "service_id")][sid],
                "attributes": [
                    {**a, "taxonomy_term": term_by_id.get(a.get("taxonomy_term_id") or "")}
                    for a in by[("attribute", "link_id")][sid]
                ],
                "service_at_locations": sals,
            }
        )
    return services


def read_json(path: Path) -> list[Any]:
    """Return the services of a JSON file: an API page, a list or one service."""
    try:
        doc = json.loads(decode_text(path.read_bytes(), path.name))
    except json.JSONDecodeError as e:
        raise ImportFileError(
            f"{path.name}: not valid JSON ({e}): the file may be truncated; nothing was imported"
        ) from None
    if isinstance(doc, dict) and isinstance(doc.get("contents"), list):
        return list(doc["contents"])
    if isinstance(doc, dict) and "id" in doc and "name" in doc:
        return [doc]
    if isinstance(doc, list):
        return doc
    raise ImportFileError(
        f"{path.name}: expected HSDS services (a page with 'contents', a list or one service)"
    )
