"""Importing a street network: topology, idempotence, replacing an area, refusing bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from api.cli import main
from datasets.osm_roads import read_roads
from datasets.road_import import area_name, import_roads
from geo.db import Database
from geo.errors import InvalidField
from geo.vocab import Mode

# A small town in the Alps, made up: a street with a side footway, steps, a one-way avenue.
NODES = {
    1: (6.0000, 45.0000),
    2: (6.0010, 45.0000),
    3: (6.0020, 45.0000),
    4: (6.0010, 45.0010),
    5: (6.0010, 45.0020),
    6: (6.0030, 45.0000),
    7: (6.0030, 45.0010),
}
WAYS = [
    (10, [1, 2, 3], {"highway": "residential", "name": "Rue Haute"}),
    (11, [2, 4], {"highway": "footway"}),
    (12, [4, 5], {"highway": "steps"}),
    (13, [3, 6], {"highway": "primary", "oneway": "yes"}),
    (14, [1, 4], {"highway": "proposed"}),
]


def _osm(ways: list[tuple[int, list[int], dict[str, str]]]) -> str:
    nodes = "".join(
        f'<node id="{i}" version="1" lat="{lat}" lon="{lon}"/>' for i, (lon, lat) in NODES.items()
    )
    body = ""
    for wid, refs, tags in ways:
        nds = "".join(f'<nd ref="{r}"/>' for r in refs)
        tag = "".join(f'<tag k="{k}" v="{v}"/>' for k, v in tags.items())
        body += f'<way id="{wid}" version="1">{nds}{tag}</way>'
    return f'<?xml version="1.0"?><osm version="0.6" generator="test">{nodes}{body}</osm>'


@pytest.fixture
def town(tmp_path: Path) -> Path:
    path = tmp_path / "alpine-town-latest.osm"
    path.write_text(_osm(WAYS), encoding="utf-8")
    return path


def test_ways_are_cut_at_junctions_and_keep_osm_node_ids(town: Path) -> None:
    network = read_roads(town)
    ends = sorted((e.way_id, e.source, e.target) for e in network.edges)
    assert ends == [(10, 1, 2), (10, 2, 3), (11, 2, 4), (12, 4, 5), (13, 3, 6)]
    one_way = next(e for e in network.edges if e.way_id == 13)
    assert one_way.length_m == pytest.approx(78.6, abs=0.2)  # 0.001° of longitude at 45°N
    forward, backward = one_way.seconds[Mode.CAR]
    assert forward == pytest.approx(78.6 / (50 * 0.8 / 3.6), abs=0.1)
    assert backward is None
    assert one_way.seconds[Mode.FOOT][1] is not None


def test_area_names_ignore_dates_and_latest() -> None:
    assert area_name(Path("monaco-latest.osm.pbf")) == "monaco"
    assert area_name(Path("monaco-260101.osm.pbf")) == "monaco"
    assert area_name(Path("alpes.osm")) == "alpes"


async def _edges(database: Database, area: str) -> list[tuple[int, int, int]]:
    async with database.session() as session:
        rows = await session.execute(
            text(
                "SELECT e.id, e.source, e.target FROM road_edge e JOIN road_area a "
                "ON a.id = e.area_id WHERE a.name = :name ORDER BY e.id"
            ),
            {"name": area},
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


async def test_reimporting_changes_nothing_and_a_new_extract_replaces_the_area(
    database: Database, town: Path
) -> None:
    monaco = await _edges(database, "monaco")
    first = await import_roads(database, town)
    assert (first.area, first.outcome, first.edges) == ("alpine-town", "created", 5)
    before = await _edges(database, "alpine-town")
    again = await import_roads(database, town)
    assert again.outcome == "unchanged"
    assert await _edges(database, "alpine-town") == before

    newer = town.with_name("alpine-town-260101.osm")
    newer.write_text(_osm([*WAYS, (15, [6, 7], {"highway": "service"})]), encoding="utf-8")
    replaced = await import_roads(database, newer)
    assert (replaced.outcome, replaced.edges, replaced.removed) == ("replaced", 6, 5)
    after = await _edges(database, "alpine-town")
    assert len(after) == 6
    assert not set(after) & set(before)
    assert await _edges(database, "monaco") == monaco  # other areas untouched


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cut.osm", None, "not a readable OSM extract"),
        ("noise.osm.pbf", b"\x00\x01garbage" * 50, "not a readable OSM extract"),
        ("fields.geojson", b"{}", "expected an .osm.pbf or .osm extract"),
        ("empty.osm", b'<?xml version="1.0"?><osm version="0.6"></osm>', "no street"),
    ],
)
async def test_a_bad_file_is_refused_and_changes_nothing(
    database: Database, tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content if content is not None else _osm(WAYS)[:700].encode())
    monaco = await _edges(database, "monaco")
    with pytest.raises(InvalidField, match=message):
        await import_roads(database, path)
    assert await _edges(database, "monaco") == monaco
    assert await _edges(database, path.name.split(".")[0]) == []


@pytest.mark.usefixtures("command_line_database")
def test_the_import_command(town: Path) -> None:
    assert main(["import", "osm", str(town), "--roads"]) == 0
    assert main(["import", "osm", str(town), "--roads"]) == 0
    assert main(["import", "osm", str(town)]) == 1  # no place of interest: refused
    assert main(["import", "osm", str(town.with_name("missing.osm")), "--roads"]) == 1
