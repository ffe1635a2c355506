"""The public map of a large area, in Chromium: it loads fixed tiles of the web-map grid
chosen by zoom (grouped counts below the detail zoom, services from it on), never a box or a
position; "near me" works zoomed out, loading the same tiles for everyone near the visitor."""

from __future__ import annotations

import math
import re
import urllib.parse
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Request

from tests.conftest import served_app
from tests.web.conftest import OUT, Live

TILE = re.compile(r"^/tiles/services/(\d+)/(\d+)/(\d+)\.geojson$")
MONACO = (7.4246, 43.7384)
NEAR_MONACO = (7.4180, 43.7312)  # another street, in the same 40 km tile


@pytest.fixture(scope="module")
def tiled(live: Live) -> Iterator[str]:
    """The same demo, served as a national instance would serve it: by tiles."""
    environment = {
        "MARAUDE_SECRET_KEY": "browser-tests-only-" + "s" * 32,
        "MARAUDE_LOG_LEVEL": "WARNING",
        "MARAUDE_QUICK_EXIT_URL": live.neutral,
        "MARAUDE_PUBLIC_MAP_LOADING": "tiles",
    }
    with served_app(live.settings, **environment) as origin:
        yield origin


def _page(browser: Browser, position: tuple[float, float] | None = None, **options: object) -> Page:
    context = browser.new_context(
        locale="fr-FR",
        timezone_id="Europe/Paris",
        permissions=["geolocation"] if position else [],
        geolocation={"longitude": position[0], "latitude": position[1]} if position else None,
        **options,  # type: ignore[arg-type]
    )
    return context.new_page()


def _directory_requests(page: Page) -> list[str]:
    """Every request the page makes for services, recorded as it goes."""
    seen: list[str] = []

    def record(request: Request) -> None:
        url = urllib.parse.urlsplit(request.url)
        if url.path.startswith(("/tiles/", "/api/v1/services", "/ogc")):
            seen.append(url.path + ("?" + url.query if url.query else ""))

    page.on("request", record)
    return seen


def _no_position_in(requests: list[str]) -> None:
    for r in requests:
        path, _, query = r.partition("?")
        keys = set(urllib.parse.parse_qs(query))
        assert not keys & {"bbox", "lon", "lat", "near", "max_distance_m"}, r
        assert TILE.match(path) or "reach=phone" in query, r


def _block(position: tuple[float, float]) -> set[str]:
    """The detail tiles (zoom 12) of the zoom-10 tile holding a position."""
    n = 1 << 10
    lon, lat = position
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return {
        f"/tiles/services/12/{x * 4 + i}/{y * 4 + j}.geojson" for i in range(4) for j in range(4)
    }


def test_the_map_loads_tiles_then_groups_when_zoomed_out(browser: Browser, tiled: str) -> None:
    page = _page(browser)
    requests = _directory_requests(page)
    page.goto(f"{tiled}/?lang=fr")
    page.wait_for_selector("body[data-loaded=true]", timeout=15_000)
    assert page.locator("#list li.service").count() > 0
    assert page.locator(".leaflet-marker-icon.pin, .leaflet-marker-icon").count() > 0
    detail = [r for r in requests if TILE.match(r.partition("?")[0])]
    assert detail
    assert all(TILE.match(r.partition("?")[0])[1] == "12" for r in detail)
    for _ in range(10):  # zoom out, one step at a time, until services are grouped
        page.click(".leaflet-control-zoom-out")
        page.wait_for_timeout(400)
        if page.locator(".group-pin").count():
            break
    page.wait_for_selector(".group-pin", timeout=15_000)
    assert "Zoomez" in page.inner_text("#list")
    counts = page.eval_on_selector_all(".group-pin span", "els => els.map(e => +e.textContent)")
    assert sum(counts) > 0
    _no_position_in(requests)
    page.screenshot(path=str(OUT / "tiled-map-groups.png"))


def _near_me_tiles(browser: Browser, tiled: str, position: tuple[float, float]) -> set[str]:
    page = _page(browser, position)
    requests = _directory_requests(page)
    # An embed opened zoomed out over the whole region: groups only, no service listed.
    page.goto(f"{tiled}/embed?lang=fr&lon=7.0&lat=43.9&zoom=8")
    page.wait_for_selector(".group-pin", timeout=15_000)
    requests.clear()
    page.click("#near-me")
    page.wait_for_function(
        "() => document.querySelectorAll('#list li.service .far').length > 0", timeout=15_000
    )
    distances = page.eval_on_selector_all(
        "#list li.service .far", "els => els.map(e => e.textContent)"
    )
    assert distances, "the services near the visitor are listed with their distance"
    _no_position_in(requests)
    page.context.close()
    return {r for r in requests if TILE.match(r.partition("?")[0])}


def test_near_me_works_zoomed_out_and_asks_the_same_tiles_nearby(
    browser: Browser, tiled: str
) -> None:
    assert _block(MONACO) == _block(NEAR_MONACO)
    here = _near_me_tiles(browser, tiled, MONACO)
    there = _near_me_tiles(browser, tiled, NEAR_MONACO)
    # The 16 detail tiles of the 40 km tile holding the visitor, whatever the street: what the
    # server learns is that tile, the same for everyone in it.
    assert _block(MONACO) <= here
    assert _block(NEAR_MONACO) <= there


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_grouped_map_has_no_serious_accessibility_violation(
    browser: Browser, tiled: str, lang: str
) -> None:
    page = _page(browser)
    page.goto(f"{tiled}/embed?lang={lang}&lon=7.0&lat=43.9&zoom=8")
    page.wait_for_selector(".group-pin", timeout=15_000)
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    serious = [
        v["id"] for v in results.response["violations"] if v["impact"] in {"serious", "critical"}
    ]
    assert serious == [], results.generate_report()
    page.context.close()
