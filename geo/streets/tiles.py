"""The basemap's vector tiles: which tile sets exist for the loaded streets, and one tile.

A tile set is an MBTiles file built from the extract the streets came from
(`datasets.osm_tiles`), named after that file's SHA-256 and the build profile: tiles of
streets no longer loaded are never offered, and a new extract or profile gets new URLs, so a
browser may keep a tile for good.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from sqlalchemy import text

from geo.db import Reader
from geo.errors import NotFound

PROFILE_VERSION = 1
"""Raise it when the tiles' making changes outside the two profile files (the sea's)."""
TILESET_ID = re.compile(r"[0-9a-f]{32}")
ATTRIBUTION = "© OpenStreetMap contributors"

_AREAS = text("SELECT name, sha256 FROM road_area ORDER BY name")


@dataclass(frozen=True, slots=True)
class TileSet:
    """A tile set the map may draw: its id, the street area it shows, its extent and zooms."""

    id: str
    area: str
    bounds: tuple[float, float, float, float]
    minzoom: int
    maxzoom: int


def default_tiles_dir() -> Path:
    """Return where tile sets are kept: a cache, as each can be built again from its extract."""
    return Path.home() / ".cache" / "maraude" / "tiles"


@cache  # the profile is part of the installed package: read once
def _profile_digest() -> str:
    digest = hashlib.sha256(str(PROFILE_VERSION).encode())
    folder = resources.files("geo.streets") / "tilemaker"
    for name in ("config.json", "process.lua"):
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()


def tileset_id(extract_sha256: str) -> str:
    """Return the id of the tiles of the extract with this SHA-256, with today's profile."""
    return hashlib.sha256(f"{extract_sha256}:{_profile_digest()}".encode()).hexdigest()[:32]


def tileset_path(extract_sha256: str, *, directory: Path) -> Path:
    """Return the file the extract's tiles are (or would be) kept in."""
    return directory / f"{tileset_id(extract_sha256)}.mbtiles"


def _open(path: Path) -> sqlite3.Connection:
    # Read-only and immutable: a set is replaced by renaming a new file over it, never changed.
    return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)


def _metadata(path: Path) -> dict[str, str]:
    with _open(path) as db:
        return dict(db.execute("SELECT name, value FROM metadata").fetchall())


def _tileset(area: str, set_id: str, path: Path) -> TileSet:
    meta = _metadata(path)
    west, south, east, north = (float(v) for v in meta["bounds"].split(","))
    return TileSet(
        set_id, area, (west, south, east, north), int(meta["minzoom"]), int(meta["maxzoom"])
    )


async def loaded_tilesets(reader: Reader, *, directory: Path) -> list[TileSet]:
    """Return the tile sets built for the street areas loaded now (none without tilemaker)."""
    found = []
    for area, sha in (await reader.execute(_AREAS)).all():
        path = tileset_path(sha, directory=directory)
        if path.is_file():
            found.append(await asyncio.to_thread(_tileset, area, tileset_id(sha), path))
    return found


def _read(path: Path, z: int, x: int, y: int) -> bytes | None:
    with _open(path) as db:
        # MBTiles number rows from the south (TMS); the map asks from the north.
        row = db.execute(
            "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
            (z, x, (1 << z) - 1 - y),
        ).fetchone()
    if row is None:
        return None
    data = bytes(row[0])
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


async def read_tile(set_id: str, z: int, x: int, y: int, *, directory: Path) -> bytes | None:
    """Return the tile (Mapbox Vector Tile bytes, uncompressed) at z/x/y of a set, or None
    where the set has nothing; raise NotFound for a set or a tile that cannot exist."""
    if not TILESET_ID.fullmatch(set_id) or not (0 <= x < 1 << z and 0 <= y < 1 << z):
        raise NotFound("no such tile")
    path = directory / f"{set_id}.mbtiles"
    if not path.is_file():
        raise NotFound("no such tile set")
    return await asyncio.to_thread(_read, path, z, x, y)
