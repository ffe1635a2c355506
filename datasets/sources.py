"""Every importer by the name the command line and the API give it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from datasets.data_inclusion import DataInclusion
from datasets.finess import Finess
from datasets.hsds import Hsds
from datasets.importing import ImportFileError, Source
from datasets.osm_places import OsmPlaces
from datasets.tabular import ColumnMapping, MappedFile

PLAIN: dict[str, Callable[[], Source]] = {
    "finess": Finess,
    "osm": OsmPlaces,
    "data-inclusion": DataInclusion,
    "hsds": Hsds,
}
MAPPED = ("csv", "geojson")
"""Sources read through a column mapping (an association's own list)."""
NAMES = (*PLAIN, *MAPPED)


def source_named(name: str, mapping: Mapping[str, Any] | None = None) -> Source:
    """Return the importer of a source; a mapped list needs its mapping."""
    if name in MAPPED:
        if mapping is None:
            raise ImportFileError(f"a {name} list needs a column mapping")
        return MappedFile(ColumnMapping(mapping, "mapping"))
    return PLAIN[name]()
