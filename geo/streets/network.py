"""Travel along the streets: snapping points to the network, travel-time matrices, routes.

Points are snapped to the nearest edge the mode may use; pgRouting's `withPoints` functions
then route from and to the exact spot on that edge. The last metres between a point and its
street are walked (a parked minibus is left behind too), at walking speed, and added to every
time and distance; a point more than `SNAP_LIMIT_M` from any usable street is unreachable.

pgRouting takes its graph as SQL text: the only values written into it are column names from
`_COSTS` and numbers formatted here, never user text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text

from geo.db import Reader
from geo.streets.speeds import WALK_KMH
from geo.values import LonLat
from geo.vocab import Mode

SNAP_LIMIT_M = 500.0
ACCESS_MPS = WALK_KMH / 3.6
"""Walking speed of the last metres between a point and its street."""
# Edges beyond the points' bounding box by this much (degrees, and share of its size) are
# left out of the graph; a shortest path between the points never strays that far.
MARGIN_DEG = 0.03
MARGIN_SHARE = 0.5
FRACTION_EPSILON = 1e-6

_COSTS = {mode: (f"{mode.value}_s", f"{mode.value}_reverse_s") for mode in Mode}
WORDS = {Mode.FOOT: "on foot", Mode.BIKE: "by bike", Mode.CAR: "by car"}


@dataclass(frozen=True, slots=True)
class Snap:
    """Where a point meets the network: an edge, the fraction along it, the metres off it."""

    edge: int
    fraction: float
    distance_m: float

    @property
    def access_s(self) -> float:
        """Seconds to walk between the point and its street."""
        return self.distance_m / ACCESS_MPS


@dataclass(frozen=True, slots=True)
class Unreachable:
    """A point the mode cannot reach, and why, in words a team understands."""

    reason: str
    distance_m: float | None = None


@dataclass(frozen=True, slots=True)
class Path:
    """A route along the network: seconds, metres and the [lon, lat] line, access included."""

    seconds: float
    metres: float
    coords: tuple[tuple[float, float], ...]


def usable(mode: Mode) -> str:
    """Return the SQL condition for edges `mode` may use, in one direction at least."""
    forward, backward = _COSTS[mode]
    return f"({forward} >= 0 OR {backward} >= 0)"


def edges_sql(mode: Mode, around: Sequence[LonLat] = ()) -> str:
    """Return pgRouting's edge query for `mode`, limited to the surroundings of `around`."""
    forward, backward = _COSTS[mode]
    sql = (
        f"SELECT id, source, target, {forward} AS cost, {backward} AS reverse_cost "
        f"FROM road_edge WHERE {usable(mode)}"
    )
    if around:
        west, east = min(p.lon for p in around), max(p.lon for p in around)
        south, north = min(p.lat for p in around), max(p.lat for p in around)
        dx = max(MARGIN_DEG, MARGIN_SHARE * (east - west))
        dy = max(MARGIN_DEG, MARGIN_SHARE * (north - south))
        sql += (
            f" AND geom && ST_MakeEnvelope({west - dx!r}, {south - dy!r}, {east + dx!r}, "
            f"{north + dy!r}, 4326)"
        )
    return sql


def points_sql(snaps: Sequence[Snap]) -> str:
    """Return pgRouting's point query: point i (1-based) on its edge at its fraction."""
    rows = ", ".join(
        f"({i}, {int(s.edge)}::bigint, {float(s.fraction)!r}::float8, 'b'::char)"
        for i, s in enumerate(snaps, start=1)
    )
    return f"SELECT * FROM (VALUES {rows}) AS p(pid, edge_id, fraction, side)"


def _snap_statement(mode: Mode) -> str:
    return f"""
        SELECT q.i, e.id, e.fraction, e.distance_m
        FROM unnest(CAST(:lons AS float8[]), CAST(:lats AS float8[])) WITH ORDINALITY
             AS q(lon, lat, i)
        LEFT JOIN LATERAL (
            SELECT c.id, ST_LineLocatePoint(c.geom, c.pt) AS fraction,
                   ST_Distance(c.geom::geography, c.pt::geography) AS distance_m
            FROM (
                SELECT id, geom, ST_SetSRID(ST_MakePoint(q.lon, q.lat), 4326) AS pt
                FROM road_edge
                WHERE {mode.value}_main
                ORDER BY geom <-> ST_SetSRID(ST_MakePoint(q.lon, q.lat), 4326)
                LIMIT 8
            ) AS c
            ORDER BY distance_m
            LIMIT 1
        ) AS e ON true
        ORDER BY q.i
    """


async def has_network(reader: Reader, mode: Mode) -> bool:
    """Return whether any street usable by `mode` is loaded."""
    statement = text(f"SELECT EXISTS (SELECT 1 FROM road_edge WHERE {mode.value}_main)")
    return bool((await reader.execute(statement)).scalar())


def _far(mode: Mode, distance_m: float | None) -> Unreachable:
    if distance_m is None:
        return Unreachable(f"outside the street network loaded for travel {WORDS[mode]}")
    return Unreachable(
        f"{distance_m:,.0f} m from the nearest street usable {WORDS[mode]} "
        f"(more than {SNAP_LIMIT_M:.0f} m)",
        distance_m,
    )


async def snap(reader: Reader, mode: Mode, points: Sequence[LonLat]) -> list[Snap | Unreachable]:
    """Snap each point to the nearest edge `mode` may use, or say why it cannot."""
    if not points:
        return []
    statement = text(_snap_statement(mode))
    rows = (
        await reader.execute(
            statement, {"lons": [p.lon for p in points], "lats": [p.lat for p in points]}
        )
    ).all()
    out: list[Snap | Unreachable] = []
    for _, edge, fraction, distance in rows:
        if edge is None or distance > SNAP_LIMIT_M:
            out.append(_far(mode, distance))
        else:
            # pgRouting loses points placed exactly on a junction: keep them a hair inside.
            inside = min(1.0 - FRACTION_EPSILON, max(FRACTION_EPSILON, float(fraction)))
            out.append(Snap(int(edge), inside, float(distance)))
    return out


def _distinct(snaps: Sequence[Snap]) -> tuple[list[Snap], list[int]]:
    """Return the distinct spots on the network, and for each snap the index of its spot."""
    spots: dict[tuple[int, float], int] = {}
    index = []
    for s in snaps:
        key = (s.edge, round(s.fraction, 9))
        index.append(spots.setdefault(key, len(spots)))
    distinct = [Snap(edge, fraction, 0.0) for edge, fraction in spots]
    return distinct, index


async def network_seconds(
    reader: Reader, mode: Mode, snaps: Sequence[Snap], around: Sequence[LonLat]
) -> list[list[float | None]]:
    """Return the seconds along the network between snapped spots (None: no path), access
    legs not included."""
    spots, index = _distinct(snaps)
    n = len(spots)
    between = [[0.0 if i == j else None for j in range(n)] for i in range(n)]
    if n > 1:
        statement = text(
            "SELECT start_vid, end_vid, agg_cost FROM pgr_withPointsCostMatrix("
            ":edges, :points, CAST(:ids AS bigint[]), directed => true, driving_side => 'b')"
        )
        rows = await reader.execute(
            statement,
            {
                "edges": edges_sql(mode, around),
                "points": points_sql(spots),
                "ids": [-(i + 1) for i in range(n)],
            },
        )
        for start, end, cost in rows:
            between[-int(start) - 1][-int(end) - 1] = float(cost)
    return [[between[index[a]][index[b]] for b in range(len(snaps))] for a in range(len(snaps))]


@dataclass(frozen=True, slots=True)
class TravelMatrix:
    """Seconds between points, access legs included; None where there is no way."""

    seconds: list[list[float | None]]
    snaps: list[Snap | Unreachable]

    @property
    def complete(self) -> bool:
        """Whether every pair of points has a time."""
        return all(v is not None for row in self.seconds for v in row)


async def travel_matrix(reader: Reader, mode: Mode, points: Sequence[LonLat]) -> TravelMatrix:
    """Return the travel-time matrix of `points` for `mode` (row: from, column: to)."""
    snaps = await snap(reader, mode, points)
    reachable = [i for i, s in enumerate(snaps) if isinstance(s, Snap)]
    spots = [s for s in snaps if isinstance(s, Snap)]
    inner = await network_seconds(reader, mode, spots, [points[i] for i in reachable])
    n = len(points)
    seconds: list[list[float | None]] = [
        [0.0 if i == j else None for j in range(n)] for i in range(n)
    ]
    for a, i in enumerate(reachable):
        for b, j in enumerate(reachable):
            value = inner[a][b]
            if i != j and value is not None:
                seconds[i][j] = spots[a].access_s + value + spots[b].access_s
    return TravelMatrix(seconds, snaps)


_COSTS_FROM = text(
    "SELECT end_pid, agg_cost FROM pgr_withPointsCost(:edges, :points, -1, "
    "CAST(:ids AS bigint[]), directed => true, driving_side => 'b')"
)


def same_spot(a: Snap, b: Snap) -> bool:
    """Return whether two snapped points lie on the same spot of the same edge."""
    return (a.edge, round(a.fraction, 9)) == (b.edge, round(b.fraction, 9))


def one_to_many(
    mode: Mode, origin: Snap, targets: Sequence[Snap], around: Sequence[LonLat]
) -> dict[str, object]:
    """Return the parameters of a one-to-many query from `origin` to `targets`."""
    return {
        "edges": edges_sql(mode, around),
        "points": points_sql([origin, *targets]),
        "ids": [-(i + 2) for i in range(len(targets))],
    }


async def seconds_from(
    reader: Reader, mode: Mode, origin: Snap, targets: Sequence[Snap], around: Sequence[LonLat]
) -> list[float | None]:
    """Return, per target, the seconds along the network from `origin` (access legs not
    included; None: no path). One Dijkstra, no paths: the cheap way to rank many targets."""
    if not targets:
        return []
    found = {
        -int(end) - 2: float(cost)
        for end, cost in await reader.execute(
            _COSTS_FROM, one_to_many(mode, origin, targets, around)
        )
    }
    return [0.0 if same_spot(origin, t) else found.get(i) for i, t in enumerate(targets)]


def _metres_statement(mode: Mode) -> str:
    forward, backward = _COSTS[mode]
    # A partial edge costs its share of the whole edge: metres follow in proportion.
    return f"""
        SELECT w.end_pid, max(w.agg_cost + w.cost) AS seconds,
               coalesce(sum(w.cost * e.length_m / nullif(greatest(e.{forward}, e.{backward}), 0))
                        FILTER (WHERE w.edge >= 0), 0) AS metres
        FROM pgr_withPoints(:edges, :points, -1, CAST(:ids AS bigint[]), directed => true,
                            driving_side => 'b', details => false) AS w
        LEFT JOIN road_edge AS e ON e.id = w.edge
        GROUP BY w.end_pid
    """


async def metres_from(
    reader: Reader, mode: Mode, origin: Snap, targets: Sequence[Snap], around: Sequence[LonLat]
) -> list[tuple[float, float] | None]:
    """Return, per target, (seconds, metres) along the network from `origin`, access legs not
    included; None where no path exists."""
    if not targets:
        return []
    found = {
        -int(end) - 2: (float(seconds), float(metres))
        for end, seconds, metres in await reader.execute(
            text(_metres_statement(mode)), one_to_many(mode, origin, targets, around)
        )
    }
    return [(0.0, 0.0) if same_spot(origin, t) else found.get(i) for i, t in enumerate(targets)]
