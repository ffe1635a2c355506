"""Named queries that store an imported street network, one area at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from geo.streets.network import edges_sql, usable
from geo.vocab import Mode

BATCH = 20_000


@dataclass(frozen=True, slots=True)
class RoadEdge:
    """A stretch of one way between two junctions, with its seconds per mode (None: closed)."""

    way_id: int
    source: int
    target: int
    coords: tuple[tuple[float, float], ...]
    length_m: float
    seconds: dict[Mode, tuple[float | None, float | None]]


@dataclass(frozen=True, slots=True)
class AreaImport:
    """What an import did: `created`, `replaced` or `unchanged`, and the edge counts."""

    area: str
    outcome: str
    edges: int
    removed: int


_FIND = text("SELECT id, sha256, edge_count FROM road_area WHERE name = :name FOR UPDATE")
_CREATE = text(
    "INSERT INTO road_area (name, source_file, sha256, edge_count, bbox) "
    "VALUES (:name, :file, :sha, :edges, ST_MakeEnvelope(:w, :s, :e, :n, 4326)) RETURNING id"
)
_UPDATE = text(
    "UPDATE road_area SET source_file = :file, sha256 = :sha, edge_count = :edges, "
    "bbox = ST_MakeEnvelope(:w, :s, :e, :n, 4326), imported_at = now() WHERE id = :id"
)
_CLEAR = text("DELETE FROM road_edge WHERE area_id = :id")
_INSERT = text("""
    INSERT INTO road_edge (area_id, osm_way_id, source, target, length_m, foot_s, foot_reverse_s,
                           bike_s, bike_reverse_s, car_s, car_reverse_s, geom)
    SELECT :area, w, s, t, l, fs, fr, bs, br, cs, cr, ST_GeomFromText(g, 4326)
    FROM unnest(CAST(:w AS bigint[]), CAST(:s AS bigint[]), CAST(:t AS bigint[]),
                CAST(:l AS float8[]), CAST(:fs AS float8[]), CAST(:fr AS float8[]),
                CAST(:bs AS float8[]), CAST(:br AS float8[]), CAST(:cs AS float8[]),
                CAST(:cr AS float8[]), CAST(:g AS text[]))
         AS e(w, s, t, l, fs, fr, bs, br, cs, cr, g)
""")
_STATISTICS = text("ANALYZE road_edge")
MAIN_PART_VERTICES = 100
"""A strongly connected part this large (or the largest) is a street network, not a car
park's loop or a footway cut off by the extract: points snap to such parts only."""


def _main_parts(mode: Mode) -> str:
    flag = f"{mode.value}_main"
    return f"""
        WITH parts AS (SELECT component, node FROM pgr_strongComponents(:edges)),
        sizes AS (SELECT component, count(*) AS n FROM parts GROUP BY component),
        big AS (SELECT component FROM sizes
                WHERE n >= least(:floor, (SELECT max(n) FROM sizes))),
        nodes AS (SELECT node FROM parts WHERE component IN (SELECT component FROM big)),
        verdict AS (
            SELECT e.id, ({usable(mode)} AND e.source IN (SELECT node FROM nodes)
                          AND e.target IN (SELECT node FROM nodes)) AS main
            FROM road_edge AS e
        )
        UPDATE road_edge AS e SET {flag} = v.main
        FROM verdict AS v WHERE v.id = e.id AND e.{flag} IS DISTINCT FROM v.main
    """


async def mark_main_parts(session: AsyncSession) -> None:
    """Flag, for each mode, the edges of the network's large strongly connected parts.

    Over every area at once: a new extract may join another one's streets.
    """
    for mode in Mode:
        await session.execute(
            text(_main_parts(mode)), {"edges": edges_sql(mode), "floor": MAIN_PART_VERTICES}
        )


def _cost(value: float | None) -> float:
    return -1.0 if value is None else value


def _columns(area_id: int, edges: Sequence[RoadEdge]) -> dict[str, object]:
    cols: dict[str, list[object]] = {k: [] for k in ("w", "s", "t", "l", "g")}
    for mode in Mode:
        cols[f"{mode.value[0]}s"], cols[f"{mode.value[0]}r"] = [], []
    for e in edges:
        cols["w"].append(e.way_id)
        cols["s"].append(e.source)
        cols["t"].append(e.target)
        cols["l"].append(e.length_m)
        cols["g"].append("LINESTRING(" + ",".join(f"{x} {y}" for x, y in e.coords) + ")")
        for mode in Mode:
            forward, backward = e.seconds[mode]
            cols[f"{mode.value[0]}s"].append(_cost(forward))
            cols[f"{mode.value[0]}r"].append(_cost(backward))
    return {"area": area_id, **cols}


async def replace_area(
    session: AsyncSession,
    *,
    name: str,
    source_file: str,
    sha256: str,
    bbox: tuple[float, float, float, float],
    edges: Sequence[RoadEdge],
) -> AreaImport:
    """Store an area's edges in place of its previous ones; the same file changes nothing.

    Runs in the caller's transaction: the area is replaced whole or not at all.
    """
    found = (await session.execute(_FIND, {"name": name})).one_or_none()
    if found is not None and found.sha256 == sha256:
        return AreaImport(name, "unchanged", found.edge_count, 0)
    w, s, e, n = bbox
    values = {
        "name": name,
        "file": source_file,
        "sha": sha256,
        "edges": len(edges),
        "w": w,
        "s": s,
        "e": e,
        "n": n,
    }
    removed = 0
    if found is None:
        area_id = (await session.execute(_CREATE, values)).scalar_one()
    else:
        area_id = found.id
        removed = found.edge_count
        await session.execute(_CLEAR, {"id": area_id})
        await session.execute(_UPDATE, {**values, "id": area_id})
    for start in range(0, len(edges), BATCH):
        await session.execute(_INSERT, _columns(area_id, edges[start : start + BATCH]))
    await mark_main_parts(session)
    await session.execute(_STATISTICS)
    return AreaImport(name, "created" if found is None else "replaced", len(edges), removed)
