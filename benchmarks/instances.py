"""Readers for the public routing benchmark instances kept next to the repository.

The files live in `../shared/data/benchmarks/` (relative to the repository root) and are absent
on a fresh clone: call `data_dir()` first and print a clear message when it returns None.

- TOPTW (team orienteering with time windows, Vansteenwegen et al. format): `read_toptw`,
  `toptw_distance` (Euclidean, rounded down to 1 or 2 decimals as the benchmark defines it),
  `read_toptw_bks` (m = 1 scores, proven optima flagged), `toptw_instances`;
- Solomon VRPTW (classic text format): `read_solomon`, `solomon_distance` (plain Euclidean),
  `read_solomon_bks` (distance-minimising best-known solutions), `solomon_instances`.
"""

from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeAlias

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "benchmarks"

TOPTW_KINDS: tuple[str, ...] = (
    "solomon100_type1",
    "cordeau_pr01-10",
    "solomon100_type2",
    "solomon50_type1",
)
PROVEN_SOURCE_PREFIX = "Righini&Salani"
_EPSILON = 1e-9  # absorbs float error before rounding a distance down


class HasXY(Protocol):
    """Anything with planar coordinates."""

    @property
    def x(self) -> float: ...

    @property
    def y(self) -> float: ...


XY: TypeAlias = HasXY | tuple[float, float]


@dataclass(frozen=True, slots=True)
class ToptwDepot:
    """The TOPTW start and end point; `close` is the time budget Tmax of every path."""

    x: float
    y: float
    open: float
    close: float


@dataclass(frozen=True, slots=True)
class ToptwCustomer:
    """A TOPTW vertex: service duration, profit and the window for the start of service."""

    id: int
    x: float
    y: float
    service: float
    profit: float
    open: float
    close: float


@dataclass(frozen=True, slots=True)
class ToptwInstance:
    """A TOPTW instance; travel distances use `toptw_distance(a, b, decimals)`."""

    name: str
    depot: ToptwDepot
    customers: tuple[ToptwCustomer, ...]
    decimals: int

    @property
    def tmax(self) -> float:
        """Return the time budget of every path (the depot's closing time)."""
        return self.depot.close


@dataclass(frozen=True, slots=True)
class SolomonDepot:
    """The Solomon depot and its scheduling horizon [ready, due]."""

    x: float
    y: float
    ready: float
    due: float


@dataclass(frozen=True, slots=True)
class SolomonCustomer:
    """A Solomon customer: demand, window for the start of service, service time."""

    id: int
    x: float
    y: float
    demand: int
    ready: float
    due: float
    service: float


@dataclass(frozen=True, slots=True)
class SolomonInstance:
    """A Solomon VRPTW instance; travel distances use `solomon_distance(a, b)`."""

    name: str
    vehicles: int
    capacity: int
    depot: SolomonDepot
    customers: tuple[SolomonCustomer, ...]


# --- paths -----------------------------------------------------------------------------------


def data_dir() -> Path | None:
    """Return the benchmark data directory, or None when it is absent."""
    return DATA if DATA.is_dir() else None


def _natural_key(path: Path) -> list[int | str]:
    parts = re.split(r"(\d+)", path.name.lower())
    return [int(p) if p.isdigit() else p for p in parts]


def _require_data() -> Path:
    root = data_dir()
    if root is None:
        raise FileNotFoundError(f"benchmark data not found at {DATA}")
    return root


def toptw_instances(kind: str) -> list[Path]:
    """List the TOPTW instance files of one kind (a folder of `toptw/`), naturally sorted."""
    if kind not in TOPTW_KINDS:
        raise ValueError(f"unknown TOPTW kind {kind!r}; expected one of {', '.join(TOPTW_KINDS)}")
    return sorted((_require_data() / "toptw" / kind).glob("*.txt"), key=_natural_key)


def solomon_instances() -> list[Path]:
    """List the 56 Solomon VRPTW instance files, naturally sorted."""
    return sorted((_require_data() / "solomon_vrptw" / "solomon").glob("*.txt"), key=_natural_key)


# --- TOPTW -----------------------------------------------------------------------------------


def _xy(point: XY) -> tuple[float, float]:
    if isinstance(point, tuple):
        return point
    return point.x, point.y


def toptw_distance(a: XY, b: XY, decimals: int) -> float:
    """Return the Euclidean distance rounded down to `decimals`, as the TOPTW benchmark does."""
    (ax, ay), (bx, by) = _xy(a), _xy(b)
    scale = 10.0**decimals
    return math.floor(math.hypot(ax - bx, ay - by) * scale + _EPSILON) / scale


def toptw_decimals(name: str) -> int:
    """Return the rounding of an instance's distances: 2 for Cordeau (pr*), 1 for Solomon."""
    base = name.lower().removeprefix("50_")
    if re.fullmatch(r"pr\d+", base):
        return 2
    if re.fullmatch(r"(c|r|rc)\d+", base):
        return 1
    raise ValueError(f"cannot tell the distance rounding of TOPTW instance {name!r}")


def _toptw_vertex(tokens: list[str], where: str) -> ToptwCustomer:
    """Parse `i x y d S f a list O C` (the list has `a` entries)."""
    if len(tokens) < 9 or len(tokens) != 9 + int(tokens[6]):
        raise ValueError(f"{where}: expected 'i x y d S f a list O C', got {' '.join(tokens)!r}")
    return ToptwCustomer(
        id=int(tokens[0]),
        x=float(tokens[1]),
        y=float(tokens[2]),
        service=float(tokens[3]),
        profit=float(tokens[4]),
        open=float(tokens[-2]),
        close=float(tokens[-1]),
    )


def read_toptw(path: Path) -> ToptwInstance:
    """Read a TOPTW instance file (`k v N t`, `D Q`, then one line per vertex, 0 = depot)."""
    rows = [line.split() for line in path.read_text().splitlines() if line.strip()]
    if len(rows) < 3:
        raise ValueError(f"{path}: too short for a TOPTW instance")
    # The header normally spans two lines, `k v N t` and `D Q`, but D may be missing and c204
    # splits it as `k` / `v N t D Q`: what counts is that the vertex lines start on line 3.
    header = rows[0] + rows[1]
    if len(header) < 3:
        raise ValueError(f"{path}: cannot read the header `k v N t` / `D Q`")
    n = int(header[2])
    vertices = [_toptw_vertex(r, f"{path}:{i + 3}") for i, r in enumerate(rows[2:])]
    if len(vertices) != n + 1 or [v.id for v in vertices] != list(range(n + 1)):
        raise ValueError(f"{path}: expected vertices 0..{n}, got {len(vertices)} lines")
    depot = vertices[0]
    return ToptwInstance(
        name=path.stem,
        depot=ToptwDepot(x=depot.x, y=depot.y, open=depot.open, close=depot.close),
        customers=tuple(vertices[1:]),
        decimals=toptw_decimals(path.stem),
    )


def read_toptw_bks(path: Path) -> dict[str, tuple[int, bool]]:
    """Read `toptw_bks_m1.csv` into instance -> (score, proven optimum), skipping unsolved rows."""
    scores: dict[str, tuple[int, bool]] = {}
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            score = (row.get("optimal_or_bks_score") or "").strip()
            if not score:
                continue
            proven = (row.get("source") or "").startswith(PROVEN_SOURCE_PREFIX)
            scores[row["instance"].strip()] = (int(score), proven)
    return scores


# --- Solomon VRPTW ---------------------------------------------------------------------------


def solomon_distance(a: XY, b: XY) -> float:
    """Return the plain (unrounded) Euclidean distance used by the Solomon VRPTW benchmark."""
    (ax, ay), (bx, by) = _xy(a), _xy(b)
    return math.hypot(ax - bx, ay - by)


def _is_number(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def _integer(token: str) -> int:
    value = float(token)
    if not value.is_integer():
        raise ValueError(f"expected an integer, got {token!r}")
    return int(value)


def _solomon_customer(tokens: list[str]) -> SolomonCustomer:
    return SolomonCustomer(
        id=_integer(tokens[0]),
        x=float(tokens[1]),
        y=float(tokens[2]),
        demand=_integer(tokens[3]),
        ready=float(tokens[4]),
        due=float(tokens[5]),
        service=float(tokens[6]),
    )


def read_solomon(path: Path) -> SolomonInstance:
    """Read a Solomon VRPTW file: name, VEHICLE NUMBER/CAPACITY, CUSTOMER table (0 = depot)."""
    rows = [line.split() for line in path.read_text().splitlines() if line.strip()]
    if not rows:
        raise ValueError(f"{path}: empty file")
    numeric = [r for r in rows[1:] if all(_is_number(t) for t in r)]
    fleet = [r for r in numeric if len(r) == 2]
    table = [_solomon_customer(r) for r in numeric if len(r) == 7]
    if not fleet or not table:
        raise ValueError(f"{path}: missing the VEHICLE or CUSTOMER section")
    if [c.id for c in table] != list(range(len(table))):
        raise ValueError(f"{path}: customers are not numbered 0..{len(table) - 1}")
    depot = table[0]
    return SolomonInstance(
        name=" ".join(rows[0]).lower(),
        vehicles=_integer(fleet[0][0]),
        capacity=_integer(fleet[0][1]),
        depot=SolomonDepot(x=depot.x, y=depot.y, ready=depot.ready, due=depot.due),
        customers=tuple(table[1:]),
    )


def read_solomon_bks(path: Path) -> dict[str, float]:
    """Read the distance-minimising best-known costs of `BKS.json`, keyed like "c101"."""
    data = json.loads(path.read_text())
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object")
    suffix = "_distance"
    best: dict[str, float] = {}
    for key, entry in data.items():
        if not key.endswith(suffix):
            continue
        if not isinstance(entry, dict) or "best_known_cost" not in entry:
            raise ValueError(f"{path}: {key} has no best_known_cost")
        best[key.removesuffix(suffix).lower()] = float(entry["best_known_cost"])
    return best
