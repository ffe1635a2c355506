"""Routes along the streets: the way from one point to others, as lines drawn on the edges
walked, with their times and lengths."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from shapely import wkb
from shapely.geometry import LineString
from shapely.ops import substring
from sqlalchemy import bindparam, text

from geo.db import Reader
from geo.streets.network import (
    WORDS,
    Path,
    Snap,
    Unreachable,
    one_to_many,
    same_spot,
    snap,
)
from geo.values import LonLat
from geo.vocab import Mode

_PATHS = text(
    "SELECT end_pid, node, edge, cost, agg_cost FROM pgr_withPoints("
    ":edges, :points, -1, CAST(:ids AS bigint[]), directed => true, driving_side => 'b', "
    "details => false) ORDER BY end_pid, path_seq"
)
_EDGES = text(
    "SELECT id, source, target, length_m, ST_AsBinary(geom) AS geom FROM road_edge "
    "WHERE id = ANY(CAST(:ids AS bigint[]))"
).bindparams(bindparam("ids"))


@dataclass(frozen=True, slots=True)
class _EdgeShape:
    source: int
    target: int
    length_m: float
    line: LineString


def _position(node: int, edge: int, shape: _EdgeShape, spots: Sequence[Snap]) -> float:
    """Return where a path node lies along an edge, as a fraction of it."""
    if node < 0:
        spot = spots[-node - 1]
        if spot.edge == edge:
            return spot.fraction
        return 0.0 if spot.fraction < 0.5 else 1.0
    return 0.0 if node == shape.source else 1.0


def _legs(
    steps: Sequence[tuple[int, int, float]], shapes: dict[int, _EdgeShape], spots: Sequence[Snap]
) -> tuple[float, list[tuple[float, float]]]:
    """Return the metres and the line of one path given as (node, edge, cost) steps."""
    metres = 0.0
    coords: list[tuple[float, float]] = []
    for (node, edge, _), (after, _, _) in zip(steps, steps[1:], strict=False):
        shape = shapes[edge]
        a = _position(node, edge, shape, spots)
        b = _position(after, edge, shape, spots)
        metres += abs(b - a) * shape.length_m
        piece = substring(shape.line, a, b, normalized=True)
        points = list(piece.coords) if piece.geom_type == "LineString" else [piece.coords[0]]
        coords.extend(points[1:] if coords else points)
    return metres, coords


async def paths_from(
    reader: Reader,
    mode: Mode,
    origin: Snap,
    targets: Sequence[Snap],
    around: Sequence[LonLat],
) -> list[tuple[float, float, list[tuple[float, float]]] | None]:
    """Return, per target, (seconds, metres, line) along the network from `origin`, access
    legs not included; None where no path exists."""
    spots = [origin, *targets]
    params = one_to_many(mode, origin, targets, around)
    steps: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    totals: dict[int, float] = {}
    for end, node, edge, cost, agg in await reader.execute(_PATHS, params):
        steps[-int(end) - 2].append((int(node), int(edge), float(cost)))
        totals[-int(end) - 2] = float(agg)
    edge_ids = {e for path in steps.values() for _, e, _ in path if e >= 0}
    shapes = {
        row.id: _EdgeShape(row.source, row.target, row.length_m, wkb.loads(bytes(row.geom)))
        for row in await reader.execute(_EDGES, {"ids": list(edge_ids)})
    }
    out: list[tuple[float, float, list[tuple[float, float]]] | None] = []
    for i, target in enumerate(targets):
        if i in steps:
            metres, coords = _legs(steps[i], shapes, spots)
            out.append((totals[i], metres, coords))
        elif same_spot(origin, target):
            out.append((0.0, 0.0, []))
        else:
            out.append(None)
    return out


async def route(reader: Reader, mode: Mode, a: LonLat, b: LonLat) -> Path | Unreachable:
    """Return the route from `a` to `b` along the streets `mode` may use."""
    snaps = await snap(reader, mode, [a, b])
    for which, s in zip(("start", "end"), snaps, strict=True):
        if isinstance(s, Unreachable):
            return Unreachable(f"the {which} is {s.reason}", s.distance_m)
    origin, target = snaps
    assert isinstance(origin, Snap)
    assert isinstance(target, Snap)
    [found] = await paths_from(reader, mode, origin, [target], [a, b])
    if found is None:
        return Unreachable(f"no way {WORDS[mode]} between these points")
    seconds, metres, line = found
    return Path(
        seconds + origin.access_s + target.access_s,
        metres + origin.distance_m + target.distance_m,
        tuple(dedupe([(a.lon, a.lat), *line, (b.lon, b.lat)])),
    )


def dedupe(coords: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop repeated consecutive positions from a line."""
    out: list[tuple[float, float]] = []
    for c in coords:
        if not out or math.dist(out[-1], c) > 1e-9:
            out.append(c)
    return out
