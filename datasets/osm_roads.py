"""Read the street network of an OpenStreetMap extract into routable edges.

Every way some mode may use is cut at the nodes it shares with another such way (and at its
ends), so that edges meet only at junctions. Vertices keep their OSM node ids, which makes the
topology the same on every import of the same data and lets neighbouring extracts join up.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import osmium

from datasets.road_profile import Passage, passage
from geo.streets.lengths import line_metres
from geo.streets.roads import RoadEdge
from geo.vocab import Mode

MODES = (Mode.FOOT, Mode.BIKE, Mode.CAR)
# Tags that decide routing; the rest of a way's tags are not kept.
_ROUTING_KEYS = (
    "highway",
    "oneway",
    "oneway:foot",
    "oneway:bicycle",
    "junction",
    "maxspeed",
    "access",
    "foot",
    "bicycle",
    "vehicle",
    "motor_vehicle",
    "motorcar",
    "motorroad",
    "area",
    "cycleway",
    "cycleway:left",
    "cycleway:right",
)


@dataclass(frozen=True, slots=True)
class _Way:
    way_id: int
    nodes: tuple[int, ...]
    coords: tuple[tuple[float, float], ...]
    passages: dict[Mode, Passage]


class _Ways(osmium.SimpleHandler):
    """Collect the ways at least one mode may use, with their node ids and positions."""

    def __init__(self) -> None:
        super().__init__()
        self.ways: list[_Way] = []
        self.missing_nodes = 0

    def way(self, w: osmium.osm.Way) -> None:
        if "highway" not in w.tags:
            return
        tags = {k: w.tags[k] for k in _ROUTING_KEYS if k in w.tags}
        passages = {mode: passage(tags, mode) for mode in MODES}
        if not any(p.usable for p in passages.values()):
            return
        nodes: list[int] = []
        coords: list[tuple[float, float]] = []
        for nd in w.nodes:
            if not nd.location.valid():  # cut off by the extract's boundary
                self.missing_nodes += 1
                continue
            if nodes and nodes[-1] == nd.ref:
                continue
            nodes.append(nd.ref)
            coords.append((nd.location.lon, nd.location.lat))
        if len(nodes) >= 2:
            self.ways.append(_Way(w.id, tuple(nodes), tuple(coords), passages))


def _seconds(p: Passage, length_m: float) -> tuple[float | None, float | None]:
    return (
        None if p.forward is None else length_m / p.forward,
        None if p.backward is None else length_m / p.backward,
    )


def _split(ways: list[_Way]) -> Iterator[RoadEdge]:
    uses = Counter(n for way in ways for n in way.nodes)
    for way in ways:
        last = len(way.nodes) - 1
        start = 0
        for i in range(1, last + 1):
            if i != last and uses[way.nodes[i]] < 2:
                continue
            coords = way.coords[start : i + 1]
            length = line_metres(coords)
            if length > 0:
                yield RoadEdge(
                    way_id=way.way_id,
                    source=way.nodes[start],
                    target=way.nodes[i],
                    coords=coords,
                    length_m=length,
                    seconds={m: _seconds(way.passages[m], length) for m in MODES},
                )
            start = i


@dataclass(frozen=True, slots=True)
class RoadNetwork:
    """The edges of one extract, and what identifies the file they came from."""

    sha256: str
    edges: tuple[RoadEdge, ...]
    missing_nodes: int

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """Return (west, south, east, north) around every edge."""
        lons = [c[0] for e in self.edges for c in e.coords]
        lats = [c[1] for e in self.edges for c in e.coords]
        return min(lons), min(lats), max(lons), max(lats)


def file_sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_roads(path: Path) -> RoadNetwork:
    """Read an `.osm.pbf` or `.osm` extract's street network."""
    reader = _Ways()
    reader.apply_file(str(path), locations=True)
    return RoadNetwork(file_sha256(path), tuple(_split(reader.ways)), reader.missing_nodes)
