"""`maraude import osm FILE --roads`: an extract's street network into pgRouting, in one
transaction."""

from __future__ import annotations

import re
from pathlib import Path

from datasets.osm_roads import read_roads
from geo.db import Database
from geo.errors import InvalidField
from geo.streets.roads import AreaImport, replace_area

_SUFFIXES = re.compile(r"(\.osm\.pbf|\.osm|\.pbf)$", re.IGNORECASE)
_LATEST = re.compile(r"[-_](latest|\d{6,8})$")


def area_name(path: Path) -> str:
    """Name an area after its file: `monaco-latest.osm.pbf` and `monaco-260101.osm.pbf` are
    both `monaco`, so a newer extract replaces the older one."""
    stem = _SUFFIXES.sub("", path.name)
    return _LATEST.sub("", stem) or stem


async def import_roads(database: Database, path: Path, *, area: str | None = None) -> AreaImport:
    """Read `path` and store its network as the area `area` (by default named after it)."""
    if not path.is_file():
        raise InvalidField("file", f"{path} is not a file")
    if not _SUFFIXES.search(path.name):
        raise InvalidField("file", f"{path.name}: expected an .osm.pbf or .osm extract")
    try:
        network = read_roads(path)
    except RuntimeError as exc:  # osmium reports unreadable or truncated files so
        raise InvalidField("file", f"{path.name} is not a readable OSM extract ({exc})") from exc
    if not network.edges:
        raise InvalidField("file", f"{path.name} holds no street a team could use")
    async with database.session() as session:
        result = await replace_area(
            session,
            name=area or area_name(path),
            source_file=path.name,
            sha256=network.sha256,
            bbox=network.bbox,
            edges=network.edges,
        )
        await session.commit()
    return result
