"""A plain Dijkstra over the same edges as pgRouting: the reference for network travel times.

Edges carrying snapped spots are cut at them, as pgRouting's `withPoints` does, so both answer
the same question: seconds along the network between spots (access legs excluded).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

# csgraph drops zero weights; a spot at a junction joins it with an arc this short.
_ZERO = 1e-9

EdgeRow = tuple[int, int, int, float, float]
"""id, source, target, cost, reverse cost (negative: closed)."""


def _graph(
    rows: Iterable[EdgeRow], spots: Sequence[tuple[int, float]]
) -> tuple[csr_matrix, list[int]]:
    """Return the graph with edges cut at the spots, and each spot's node."""
    ids: dict[object, int] = {}
    on_edge: dict[int, list[float]] = defaultdict(list)
    for edge, fraction in spots:
        on_edge[edge].append(fraction)
    arcs: dict[tuple[int, int], float] = {}

    def arc(a: int, b: int, cost: float) -> None:
        value = max(cost, _ZERO)
        if a != b and value < arcs.get((a, b), float("inf")):
            arcs[(a, b)] = value

    for eid, source, target, cost, reverse in rows:
        chain = [(0.0, ids.setdefault(("v", source), len(ids)))]
        chain += [(f, ids.setdefault(("p", eid, f), len(ids))) for f in sorted(set(on_edge[eid]))]
        chain.append((1.0, ids.setdefault(("v", target), len(ids))))
        for (fa, a), (fb, b) in zip(chain, chain[1:], strict=False):
            if cost >= 0:
                arc(a, b, (fb - fa) * cost)
            if reverse >= 0:
                arc(b, a, (fb - fa) * reverse)
    n = len(ids)
    graph = csr_matrix(
        (list(arcs.values()), ([a for a, _ in arcs], [b for _, b in arcs])), shape=(n, n)
    )
    return graph, [ids[("p", e, f)] for e, f in spots]


def reference_seconds(
    edges: Iterable[EdgeRow], spots: Sequence[tuple[int, float]]
) -> list[list[float | None]]:
    """Return seconds between spots given as (edge id, fraction); None where no path."""
    graph, nodes = _graph(edges, spots)
    found = dijkstra(graph, directed=True, indices=nodes)
    out: list[list[float | None]] = []
    for i in range(len(spots)):
        row: list[float | None] = []
        for j in range(len(spots)):
            value = float(found[i, nodes[j]])
            row.append(None if not np.isfinite(value) else 0.0 if i == j else value)
        out.append(row)
    return out
