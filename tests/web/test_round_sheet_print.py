"""The printed round sheet in Chromium, on screen and printed on A4: its map shows the streets
around the round, fits the whole round with room to spare at either size, prints no zoom
buttons, credits OpenStreetMap; what to take is counted in French words."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Frame, Page, Route

from api.policy import sheet_csp
from api.settings import Settings
from geo.db import Database
from geo.planning.rounds import RoundView, StopView
from geo.streets.basemap import StreetLine
from geo.values import LonLat
from geo.vocab import Material
from tests.web.conftest import Live
from web.round_facts import RoundFacts, round_streets
from web.round_sheet import MAP_PADDING_PX, pack_count, round_sheet

# Three stops of a walk in Monaco: the port, the Rocher, Fontvieille.
STOPS = (
    (7.4235, 43.7355, "Port Hercule"),
    (7.4200, 43.7310, "Rocher"),
    (7.4155, 43.7285, "Fontvieille"),
)
DEPOT = (7.4260, 43.7390)
PACK = ((Material.HIV_SELF_TESTS, 1), (Material.LUBRICANT, 19), (Material.MALE_CONDOMS, 2))
A4_WIDTH_PX = 794  # 210 mm at 96 CSS pixels to the inch
A4_PRINTABLE_PX = 703  # within the sheet's 12 mm margins


def _round() -> RoundView:
    paris = ZoneInfo("Europe/Paris")
    start = datetime(2026, 12, 14, 21, 0, tzinfo=paris)
    stops = tuple(
        StopView(
            zone_id=f"z{i}",
            zone_name=name,
            arrive=start + timedelta(minutes=40 * i),
            start=start + timedelta(minutes=40 * i),
            end=start + timedelta(minutes=40 * i + 30),
            position=LonLat(lon, lat),
        )
        for i, (lon, lat, name) in enumerate(STOPS)
    )
    line = (DEPOT, *((lon, lat) for lon, lat, _ in STOPS), DEPOT)
    return RoundView(
        index=0,
        team_id="t",
        team_label="Équipe de nuit",
        shift_start=start - timedelta(hours=1),
        shift_end=start + timedelta(hours=4),
        depart=start - timedelta(minutes=30),
        back=start + timedelta(hours=3),
        stops=stops,
        line=line,
        path=None,
    )


async def _read_streets(settings: Settings, round_: RoundView) -> tuple[StreetLine, ...]:
    database = Database.from_url(settings.database_url, pool_size=1)
    try:
        async with database.reader() as reader:
            return await round_streets(reader, round_)
    finally:
        await database.dispose()


@pytest.fixture(scope="module")
def streets(live: Live) -> tuple[StreetLine, ...]:
    # In a thread of its own: Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _read_streets(live.settings, _round())).result()


@pytest.fixture
def page(browser: Browser, streets: tuple[StreetLine, ...]) -> Iterator[Page]:
    nonce = secrets.token_hex(16)
    facts = RoundFacts(
        nearby=tuple(() for _ in STOPS),
        lines=(("Samu", "15"),),
        alerts=(),
        pack=PACK,
        streets=streets,
    )
    body = round_sheet(_round(), facts, nonce=nonce)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")

    def serve(route: Route) -> None:
        headers = {
            "Content-Type": "text/html; charset=utf-8",
            "Content-Security-Policy": sheet_csp(nonce),
        }
        route.fulfill(status=200, body=body, headers=headers)

    context.route("http://sheet.test/**", serve)
    page = context.new_page()
    page.goto("http://sheet.test/sheet")
    _the_map(page).wait_for_selector(".leaflet-marker-icon.stop-number")
    yield page
    context.close()


def _the_map(page: Page) -> Frame:
    handle = page.locator("iframe").element_handle()
    frame = handle.content_frame()
    assert frame is not None
    return frame


# Each stop's circle and the round's line, as boxes, with the map's own box.
_BOXES = """() => {
  const box = e => { const r = e.getBoundingClientRect();
                     return [r.left, r.top, r.right, r.bottom]; };
  const map = box(document.querySelector('.folium-map'));
  const stops = Array.from(document.querySelectorAll('path.leaflet-interactive'))
    .filter(p => p.getAttribute('stroke') === '#c0392b').map(box);
  const round = Array.from(document.querySelectorAll('path'))
    .filter(p => p.getAttribute('stroke') === '#2471a3').map(box);
  return { map, stops, round };
}"""


def _fits_with_room(frame: Frame) -> None:
    boxes = frame.evaluate(_BOXES)
    left, top, right, bottom = boxes["map"]
    assert len(boxes["stops"]) == len(STOPS)
    assert len(boxes["round"]) == 1
    room = MAP_PADDING_PX / 2
    for x0, y0, x1, y1 in boxes["stops"] + boxes["round"]:
        assert x0 >= left + room
        assert y0 >= top + room
        assert x1 <= right - room
        assert y1 <= bottom - room


def test_french_counts_have_their_plurals_and_units() -> None:
    assert pack_count(Material.HIV_SELF_TESTS, 1) == "1 autotest VIH"
    assert pack_count(Material.HIV_SELF_TESTS, 0) == "0 autotest VIH"  # French: 0 is singular
    assert pack_count(Material.LUBRICANT, 19) == "19 dosettes de gel lubrifiant"
    assert pack_count(Material.MALE_CONDOMS, 1200) == "1\u202f200 préservatifs externes"
    assert pack_count(Material.MALE_CONDOMS, 1_000_000) == (
        "1\u202f000\u202f000 de préservatifs externes"
    )
    assert pack_count(Material.BROCHURES, 2_000_000).endswith(" de brochures")
    for item in Material:
        one, other = pack_count(item, 1), pack_count(item, 3)
        assert one.startswith("1 ")
        assert other.startswith("3 ")
        assert one != other.replace("3 ", "1 ", 1)  # the plural says more than the number


def test_the_sheet_counts_what_to_take_in_french(page: Page) -> None:
    page.emulate_media(media="print")
    items = page.eval_on_selector_all("h2 + ul li", "els => els.map(e => e.textContent)")
    assert "1 autotest VIH" in items
    assert "19 dosettes de gel lubrifiant" in items
    assert "2 préservatifs externes" in items
    text = page.inner_text("body")
    assert "1 autotests" not in text
    assert "19 gel" not in text


def test_the_sheet_map_shows_the_streets_around_the_round(
    page: Page, streets: tuple[StreetLine, ...]
) -> None:
    assert len(streets) > 100
    assert {s.kind for s in streets} == {0, 1, 2}  # a walk: walkers' ways too
    frame = _the_map(page)
    for kind in (0, 1, 2):
        assert frame.locator(f"path.street-{kind}").count() == 1  # one path per kind
    drawn = frame.evaluate(
        "() => Array.from(document.querySelectorAll('path.street'))"
        ".reduce((n, p) => n + (p.getAttribute('d') || '').split('M').length - 1, 0)"
    )
    assert drawn > 50  # stretches of street in view, around the round
    numbers = frame.locator(".stop-number").all_inner_texts()
    assert numbers == ["1", "2", "3"]


def test_the_map_fits_the_round_with_room_on_screen_and_on_a4(page: Page) -> None:
    frame = _the_map(page)
    _fits_with_room(frame)
    assert frame.locator(".leaflet-control-zoom").is_visible()  # on screen, one may zoom
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_WIDTH_PX, "height": 1123})
    page.wait_for_timeout(300)
    the_map = page.locator("iframe").bounding_box()
    assert the_map is not None
    assert the_map["width"] <= A4_PRINTABLE_PX
    _fits_with_room(frame)
    assert not frame.locator(".leaflet-control-zoom").is_visible()
    # The printed page is A4, and the map is on it whole.
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")


def test_the_map_credits_openstreetmap_on_paper(page: Page) -> None:
    page.emulate_media(media="print")
    frame = _the_map(page)
    credit = frame.locator(".leaflet-control-attribution")
    assert credit.is_visible()
    assert "© OpenStreetMap contributors" in credit.inner_text()
