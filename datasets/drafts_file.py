"""Read service drafts from a GeoJSON FeatureCollection whose properties are draft fields."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from geo.directory.drafts import ServiceDraft


class DraftFileError(ValueError):
    """A feature of a drafts file is not a valid service."""


def drafts_from_feature(feature: dict[str, Any], *, where: str) -> ServiceDraft:
    """Turn one GeoJSON Feature into a draft, naming the feature in any error."""
    props = dict(feature.get("properties") or {})
    geometry = feature.get("geometry")
    if geometry is not None:
        if geometry.get("type") != "Point":
            raise DraftFileError(f"{where}: geometry must be a Point or null")
        lon, lat = geometry["coordinates"][:2]
        props["lon"], props["lat"] = lon, lat
    try:
        return ServiceDraft.model_validate(props)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "feature"
        raise DraftFileError(f"{where}: {field}: {first['msg']}") from exc


def read_drafts(path: Path) -> list[ServiceDraft]:
    """Read every feature of a drafts file."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    if doc.get("type") != "FeatureCollection":
        raise DraftFileError(f"{path.name}: not a GeoJSON FeatureCollection")
    return [
        drafts_from_feature(f, where=f"{path.name} feature {i}")
        for i, f in enumerate(doc["features"])
    ]
