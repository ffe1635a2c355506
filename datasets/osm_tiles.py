"""Vector tiles of an extract for the basemap, built with tilemaker (Debian's package): streets
with their names, water, the sea closed from the coastline, land cover and place names.

The sea is no OpenStreetMap object, so it is assembled here from the coastline
(`geo.streets.coast`) and handed to tilemaker as one more polygon in a copy of the extract.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import osmium
from osmium.osm import mutable
from shapely.geometry import Polygon

from datasets.osm_roads import file_sha256
from geo.streets.coast import Coast, split_coast
from geo.streets.tiles import default_tiles_dir, tileset_path

logger = logging.getLogger(__name__)

TILEMAKER_TIMEOUT_S = 1800
"""A country's extract takes minutes; a stuck run must not hold the import forever."""


def _profile(name: str) -> Path:
    return Path(str(resources.files("geo.streets") / "tilemaker" / name))


@dataclass
class _Scan:
    """What one pass over the extract tells: its highest ids, coastlines and extent."""

    max_ids: dict[str, int] = field(default_factory=lambda: {"n": 0, "w": 0, "r": 0})
    coastlines: list[list[tuple[float, float]]] = field(default_factory=list)
    extent: list[float] = field(default_factory=lambda: [180.0, 90.0, -180.0, -90.0])


def _scan(extract: Path) -> _Scan:
    scan = _Scan()
    for obj in osmium.FileProcessor(str(extract)).with_locations():
        kind = obj.type_str()
        scan.max_ids[kind] = max(scan.max_ids[kind], obj.id)
        if isinstance(obj, osmium.osm.Node) and obj.location.valid():
            lon, lat, e = obj.location.lon, obj.location.lat, scan.extent
            e[0], e[1], e[2], e[3] = min(e[0], lon), min(e[1], lat), max(e[2], lon), max(e[3], lat)
        elif isinstance(obj, osmium.osm.Way) and obj.tags.get("natural") == "coastline":
            line = [(n.lon, n.lat) for n in obj.nodes if n.location.valid()]
            scan.coastlines.append(line)
    return scan


def extract_bbox(extract: Path, scan_extent: list[float]) -> tuple[float, float, float, float]:
    """Return the extract's declared box (west, south, east, north), else its nodes' extent."""
    header = osmium.io.Reader(str(extract), osmium.osm.osm_entity_bits.NOTHING)
    try:
        declared = header.header().box()
    finally:
        header.close()
    if declared.valid():
        return (
            declared.bottom_left.lon,
            declared.bottom_left.lat,
            declared.top_right.lon,
            declared.top_right.lat,
        )
    west, south, east, north = scan_extent
    return west, south, east, north


@dataclass
class _Synthetic:
    """New objects numbered above the extract's own, so that none collides with them."""

    next_ids: dict[str, int]
    nodes: list[mutable.Node] = field(default_factory=list)
    ways: list[mutable.Way] = field(default_factory=list)
    relations: list[mutable.Relation] = field(default_factory=list)

    def _id(self, kind: str) -> int:
        self.next_ids[kind] += 1
        return self.next_ids[kind]

    def _ring(self, coords: Iterable[tuple[float, float]]) -> int:
        points = list(coords)[:-1]  # a ring repeats its first position last: one node
        ids = [self._id("n") for _ in points]
        for node_id, (lon, lat) in zip(ids, points, strict=True):
            self.nodes.append(mutable.Node(id=node_id, location=(lon, lat), version=1))
        way_id = self._id("w")
        self.ways.append(mutable.Way(id=way_id, nodes=[*ids, ids[0]], version=1))
        return way_id

    def polygon(self, polygon: Polygon, tags: dict[str, str]) -> None:
        """Add a polygon with its holes as a multipolygon relation."""
        members = [("w", self._ring(polygon.exterior.coords), "outer")]
        members += [("w", self._ring(ring.coords), "inner") for ring in polygon.interiors]
        tags = {"type": "multipolygon", **tags}
        self.relations.append(
            mutable.Relation(id=self._id("r"), members=members, tags=tags, version=1)
        )


def _with_coast(extract: Path, out: Path, coast: Coast, max_ids: dict[str, int]) -> None:
    """Copy the extract to `out` with the sea and the land as tagged polygons, keeping the
    order tilemaker reads (nodes, ways, relations, each by id)."""
    extra = _Synthetic(dict(max_ids))
    for polygon in coast.sea:
        extra.polygon(polygon, {"maraude:sea": "yes"})
    for polygon in coast.land:
        extra.polygon(polygon, {"maraude:earth": "yes"})
    pending: list[list[Any]] = [extra.nodes, extra.ways, extra.relations]
    order = ("n", "w", "r")
    writer = osmium.SimpleWriter(str(out))
    try:
        done = 0  # how many kinds have had their new objects written
        for obj in osmium.FileProcessor(str(extract)):
            while order.index(obj.type_str()) > done:
                for new in pending[done]:
                    writer.add(new)
                done += 1
            writer.add(obj)
        for later in pending[done:]:
            for new in later:
                writer.add(new)
    finally:
        writer.close()


def _build(extract: Path, tilemaker: str, target: Path) -> bool:
    scan = _scan(extract)
    bbox = extract_bbox(extract, scan.extent)
    coast = split_coast(scan.coastlines, bbox)
    with tempfile.TemporaryDirectory(prefix="maraude-tiles-") as tmp:
        copy = Path(tmp) / "extract.osm.pbf"
        _with_coast(extract, copy, coast, scan.max_ids)
        built = Path(tmp) / "tiles.mbtiles"
        command = [tilemaker, "--input", str(copy), "--output", str(built)]
        command += ["--config", str(_profile("config.json"))]
        command += ["--process", str(_profile("process.lua"))]
        command += ["--bbox", ",".join(f"{v:.7f}" for v in bbox)]
        done = subprocess.run(
            command, cwd=tmp, capture_output=True, text=True, timeout=TILEMAKER_TIMEOUT_S
        )
        if done.returncode != 0 or not built.is_file():
            logger.error("tilemaker failed on %s: %s", extract.name, done.stderr[-2000:])
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        # Into place in one rename: a server reading the tiles never sees half a file.
        staged = target.with_name(f".{target.name}.{os.getpid()}")
        shutil.move(built, staged)
        staged.replace(target)
    return True


def build_tiles(extract: Path, *, directory: Path | None = None) -> Path | None:
    """Build the basemap tiles of an extract unless they exist; return their file, or None
    when they cannot be built (no tilemaker, an unreadable extract, no room to keep them):
    the map then draws the streets without tiles, and nothing else fails for it."""
    target = tileset_path(file_sha256(extract), directory=directory or default_tiles_dir())
    if target.is_file():
        return target
    tilemaker = shutil.which("tilemaker")
    if tilemaker is None:
        logger.warning("tilemaker is not installed: no basemap tiles for %s", extract.name)
        return None
    try:
        built = _build(extract, tilemaker, target)
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        logger.error("no basemap tiles for %s: %s", extract.name, type(exc).__name__)
        return None
    if built:
        logger.info("basemap tiles of %s: %s", extract.name, target)
    return target if built else None
