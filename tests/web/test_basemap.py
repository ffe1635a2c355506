"""The basemap the site draws itself: vector tiles built with tilemaker from the demo's extract,
with the sea closed from the coastline, streets and places named in the browser's own fonts,
served by the app with lasting cache headers, drawn with no request elsewhere; the streets as
lines where no tiles exist."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route

from datasets.demo_loader import DEMO_ROADS, demo_dir
from datasets.osm_tiles import build_tiles
from geo.streets.coast import split_coast
from tests.web.conftest import Live

# Records every text a canvas draws: the tiles' labels are painted, not written in the DOM.
RECORD_TEXT = """
window.__drawn = [];
const fill = CanvasRenderingContext2D.prototype.fillText;
CanvasRenderingContext2D.prototype.fillText = function (text, x, y, w) {
  window.__drawn.push(String(text));
  return fill.apply(this, arguments);
};
"""

# The colour of the tile canvas under a point of the page (the map's centre by default).
PIXEL = """([x, y]) => {
  for (const c of document.querySelectorAll('.basemap-tiles canvas.leaflet-tile')) {
    const r = c.getBoundingClientRect();
    if (x < r.left || x >= r.right || y < r.top || y >= r.bottom) continue;
    const px = Math.floor((x - r.left) * c.width / r.width);
    const py = Math.floor((y - r.top) * c.height / r.height);
    return Array.from(c.getContext('2d').getImageData(px, py, 1, 1).data);
  }
  return null;
}"""
SEA = (0xAA, 0xD3, 0xDF)


def _get(live: Live, path: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(f"{live.origin}{path}", timeout=10) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def _varint(b: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = b[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def _fields(b: bytes) -> Iterator[tuple[int, int | bytes]]:
    """Read protocol buffer fields (number, value): enough of it to read a vector tile."""
    i = 0
    while i < len(b):
        key, i = _varint(b, i)
        number, wire = key >> 3, key & 7
        value: int | bytes
        if wire == 0:
            value, i = _varint(b, i)
        elif wire == 2:
            n, i = _varint(b, i)
            value, i = b[i : i + n], i + n
        else:
            n = 4 if wire == 5 else 8
            value, i = b[i : i + n], i + n
        yield number, value


def _layers(tile: bytes) -> dict[str, set[str]]:
    """Return a vector tile's layers, each with the texts of its features' values."""
    out: dict[str, set[str]] = {}
    for number, layer in _fields(tile):
        if number != 3 or not isinstance(layer, bytes):
            continue
        name, texts = "", set()
        for field, value in _fields(layer):
            if field == 1 and isinstance(value, bytes):
                name = value.decode()
            elif field == 4 and isinstance(value, bytes):
                texts |= {v.decode() for f, v in _fields(value) if f == 1 and isinstance(v, bytes)}
        out[name] = texts
    return out


def _tilesets(live: Live) -> list[dict[str, Any]]:
    status, _, body = _get(live, "/api/v1/basemap/tilesets")
    assert status == 200
    sets: list[dict[str, Any]] = json.loads(body)["tilesets"]
    assert sets, "no basemap tiles: is tilemaker installed? (make test installs it)"
    return sets


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": 1000, "height": 700}
    )
    context.add_init_script(RECORD_TEXT)
    yield context.new_page()
    context.close()


def test_the_coastline_closes_the_sea_on_its_right_and_keeps_islands_dry() -> None:
    # A coast running west to east across the box, land (north) on its left; an island.
    coast = [(0.0, 0.5), (0.5, 0.45), (1.0, 0.5)]
    island = [(0.4, 0.2), (0.6, 0.2), (0.6, 0.3), (0.4, 0.3), (0.4, 0.2)]  # anticlockwise
    split = split_coast([coast, island], (0.0, 0.0, 1.0, 1.0))
    assert len(split.sea) == 1
    [sea] = split.sea
    assert sea.contains(_point(0.5, 0.1))
    assert not sea.contains(_point(0.5, 0.8))
    assert not sea.contains(_point(0.5, 0.25))  # the island is a hole in the sea
    assert sum(p.area for p in split.land) == pytest.approx(1 - sea.area)


def test_a_coastline_broken_far_from_the_edge_gives_land_only() -> None:
    split = split_coast([[(0.3, 0.5), (0.7, 0.5)]], (0.0, 0.0, 1.0, 1.0))
    assert split.sea == ()
    assert len(split.land) == 1


def test_without_tilemaker_or_room_no_tiles_are_built_and_nothing_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    extract = demo_dir() / DEMO_ROADS
    unwritable = tmp_path / "file"
    unwritable.write_text("")
    assert build_tiles(extract, directory=unwritable / "tiles") is None
    monkeypatch.setattr("datasets.osm_tiles.shutil.which", lambda _name: None)
    assert build_tiles(extract, directory=tmp_path / "tiles") is None
    assert not (tmp_path / "tiles").exists()


def _point(lon: float, lat: float) -> Any:
    from shapely.geometry import Point

    return Point(lon, lat)


def test_the_demo_streets_have_tiles_with_the_sea_street_and_place_names(live: Live) -> None:
    [tileset] = _tilesets(live)
    assert tileset["area"] == "monaco"
    assert tileset["attribution"] == "© OpenStreetMap contributors"
    west, south, east, north = tileset["bounds"]
    assert west < 7.42 < east
    assert south < 43.74 < north
    # The data tile of Monaco at zoom 14 (the Rocher, the port and the sea beside them).
    status, headers, body = _get(live, tileset["tiles"].format(z=14, x=8529, y=5974))
    assert status == 200
    assert headers["content-type"] == "application/vnd.mapbox-vector-tile"
    assert "immutable" in headers["cache-control"]
    layers = _layers(body)
    assert {"earth", "water", "roads", "places"} <= set(layers)
    assert "sea" in layers["water"]
    assert {"major", "minor"} <= layers["roads"]
    assert any(name.startswith(("Boulevard", "Avenue", "Rue", "Quai")) for name in layers["roads"])
    assert layers["places"] & {"Monaco-Ville", "La Condamine", "Fontvieille", "Monaco"}


def test_tiles_outside_the_set_are_empty_and_unknown_sets_are_not_found(live: Live) -> None:
    [tileset] = _tilesets(live)
    status, headers, body = _get(live, tileset["tiles"].format(z=14, x=0, y=0))
    assert (status, body) == (204, b"")
    assert "immutable" in headers["cache-control"]
    assert _get(live, tileset["tiles"].format(z=2, x=4, y=0))[0] == 404
    other = "/api/v1/basemap/tiles/" + "0" * 32 + "/14/8529/5974.mvt"
    assert _get(live, other)[0] == 404
    assert _get(live, "/api/v1/basemap/tiles/..%2F..%2Fetc/14/8530/5975.mvt")[0] in {404, 422}


def _wait_for_tiles(page: Page) -> None:
    page.wait_for_selector("#map[data-basemap=tiles]", timeout=15_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("document.querySelectorAll('.basemap-tiles canvas').length > 0")
    page.wait_for_timeout(600)  # tiles are painted a few milliseconds apart, nearest first


def test_the_public_map_draws_water_and_place_names_and_asks_nothing_elsewhere(
    page: Page, live: Live
) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{live.origin}/")
    page.wait_for_selector("body[data-loaded=true]", timeout=15_000)
    _wait_for_tiles(page)
    assert [u for u in requests if not u.startswith((live.origin + "/", "data:"))] == []
    assert any("/static/vendor/protomaps-leaflet-5.1.0/" in u for u in requests)
    assert any("/api/v1/basemap/tiles/" in u for u in requests)
    assert not any("/api/v1/basemap?" in u for u in requests)  # no street lines besides
    drawn = set(page.evaluate("window.__drawn"))
    assert drawn & {"Monaco", "Monte-Carlo", "Beausoleil", "La Condamine", "Monaco-Ville"}
    attribution = page.inner_text("#map .leaflet-control-attribution")
    assert "OpenStreetMap contributors" in attribution


def test_the_embedded_map_draws_the_sea_and_street_names_up_close(page: Page, live: Live) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    # Close to the port of Monaco: quays and boulevards around, the harbour's water.
    page.goto(f"{live.origin}/embed?lang=fr&lon=7.4235&lat=43.7355&zoom=17")
    page.wait_for_selector("body[data-loaded=true]", timeout=15_000)
    _wait_for_tiles(page)
    drawn = page.evaluate("window.__drawn")
    streets = [t for t in drawn if t.startswith(("Boulevard", "Avenue", "Rue", "Quai", "Route"))]
    assert streets, drawn
    # Out at sea, south-east of the Rocher.
    page.goto(f"{live.origin}/embed?lang=fr&lon=7.4400&lat=43.7250&zoom=15")
    page.wait_for_selector("body[data-loaded=true]", timeout=15_000)
    _wait_for_tiles(page)
    box = page.locator("#map").bounding_box()
    assert box is not None
    centre = [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
    colour = page.evaluate(PIXEL, centre)
    assert colour is not None
    assert all(abs(c - s) <= 3 for c, s in zip(colour[:3], SEA, strict=True)), colour
    assert [u for u in requests if not u.startswith((live.origin + "/", "data:"))] == []


def test_without_tiles_the_map_draws_the_streets_as_lines(page: Page, live: Live) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    def no_tiles(route: Route) -> None:
        route.fulfill(status=200, content_type="application/json", body='{"tilesets": []}')

    page.route("**/api/v1/basemap/tilesets", no_tiles)
    page.goto(f"{live.origin}/")
    page.wait_for_selector("body[data-loaded=true]", timeout=15_000)
    page.wait_for_load_state("networkidle")
    assert any("/api/v1/basemap?bbox=" in u for u in requests)
    assert not any("protomaps" in u or "/basemap/tiles/" in u for u in requests)
    assert page.locator("#map .leaflet-overlay-pane canvas").count() == 1
    assert page.get_attribute("#map", "data-basemap") is None
    assert "OpenStreetMap contributors" in page.inner_text("#map .leaflet-control-attribution")
