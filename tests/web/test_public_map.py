"""The public map in Chromium: markers and list, filters, open now, languages, embedding,
no request elsewhere and no cookie, keyboard, quick exit, accessibility, a screenshot."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from babel.messages.pofile import read_po
from playwright.sync_api import Browser, Page

from tests.web.conftest import OUT, Live
from web.catalogs import po_path
from web.i18n import LANGUAGES

AREA = "7.39,43.71,7.50,43.78"


def _api(live: Live, path: str, **params: Any) -> dict[str, Any]:
    query = urllib.parse.urlencode(params, doseq=True)
    with urllib.request.urlopen(f"{live.origin}{path}?{query}", timeout=10) as r:
        body: dict[str, Any] = json.load(r)
    return body


def _all(live: Live, **params: Any) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = []
    cursor = None
    while True:
        extra = {"cursor": cursor} if cursor else {}
        body = _api(live, "/api/v1/services", bbox=AREA, limit=500, **params, **extra)
        features += body["features"]
        cursor = body["next_cursor"]
        if not cursor:
            return features


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-loaded=true]", timeout=15_000)


def _listed(page: Page) -> list[str]:
    while page.is_visible("#more"):
        page.click("#more")
    return page.eval_on_selector_all(
        "#list li.service:not(.phone-line) .title", "els => els.map(e => e.textContent)"
    )


@pytest.fixture
def page(browser: Browser) -> Page:
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    return context.new_page()


def test_markers_and_list_show_every_public_service_of_the_area(page: Page, live: Live) -> None:
    expected = _all(live)
    _open(page, f"{live.origin}/")
    located = [f for f in expected if f["geometry"]]
    assert page.locator(".leaflet-marker-icon.pin").count() == len(located) > 50
    assert sorted(_listed(page)) == sorted(f["properties"]["name"] for f in expected)
    assert page.locator("html").get_attribute("lang") == "fr"


def test_filters_change_markers_and_list_alike(page: Page, live: Live) -> None:
    _open(page, f"{live.origin}/")
    page.evaluate("document.body.removeAttribute('data-loaded')")
    page.select_option("#f-category", "pharmacy")
    page.wait_for_selector("body[data-loaded=true]")
    pharmacies = _all(live, category="pharmacy")
    assert 0 < len(pharmacies) < 100
    assert page.locator(".leaflet-marker-icon.pin").count() == len(pharmacies)
    assert sorted(_listed(page)) == sorted(f["properties"]["name"] for f in pharmacies)


def test_open_now_lists_what_the_api_says_is_open(page: Page, live: Live) -> None:
    _open(page, f"{live.origin}/")
    page.evaluate("document.body.removeAttribute('data-loaded')")
    page.check("input[name=when][value=now]")
    page.wait_for_selector("body[data-loaded=true]")
    listed = _listed(page)
    open_now = _all(live, open_now="true")
    assert sorted(listed) == sorted(f["properties"]["name"] for f in open_now)
    assert len(listed) < len(_all(live))


def _french_messages() -> set[str]:
    """French strings of the catalog that no other language would share."""
    with po_path("fr").open("rb") as f:
        french = {str(m.id): str(m.string) for m in read_po(f) if m.id}
    with po_path("en").open("rb") as f:
        english = {str(m.id): str(m.string) for m in read_po(f) if m.id}
    keep = set()
    for msgid, text in french.items():
        words = text.replace("{", " ").split()
        if text != english.get(msgid) and len(text) > 4 and not all(w.isupper() for w in words):
            keep.add(text.split("{")[0].strip() or text)
    return {k for k in keep if len(k) > 4}


_UI_TEXT = """() => {
  const parts = [document.title];
  for (const sel of ['header', '#emergency', '#filters', '#count', '.leaflet-control-container']) {
    document.querySelectorAll(sel).forEach(e => parts.push(e.innerText));
  }
  const labelled = '.state, .kinds, .hours, [title], [aria-label], option';
  document.querySelectorAll(labelled).forEach(e => {
    if (e.closest('.leaflet-marker-pane')) return;  // a marker's title is the service's name
    parts.push(e.textContent || '', e.getAttribute('title') || '');
    parts.push(e.getAttribute('aria-label') || '');
  });
  return parts.join('\\n');
}"""


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "fr"])
def test_each_language_leaves_no_french_on_the_page(
    browser: Browser, live: Live, lang: str
) -> None:
    page = browser.new_context(locale="fr-FR").new_page()
    _open(page, f"{live.origin}/?lang={lang}")
    html = page.locator("html")
    assert html.get_attribute("lang", timeout=1000) in {lang, "zh-Hans"}
    assert html.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    text = page.evaluate(_UI_TEXT)
    left = sorted(m for m in _french_messages() if m in text)
    assert left == [], f"French left on the {lang} page: {left[:5]}"
    page.context.close()


def test_the_language_follows_the_browser(browser: Browser, live: Live) -> None:
    page = browser.new_context(
        locale="ro-RO", extra_http_headers={"Accept-Language": "ro,en;q=0.5"}
    ).new_page()
    page.goto(f"{live.origin}/")
    assert page.locator("html").get_attribute("lang") == "ro"
    page.context.close()


def test_the_embedded_map_works_from_another_origin_and_asks_nothing_elsewhere(
    browser: Browser, live: Live
) -> None:
    host = live.partner.page(
        "partner.html",
        f'<!DOCTYPE html><html lang="en"><title>Partner</title><iframe title="Services" '
        f'src="{live.origin}/embed?lang=en&category=pharmacy" width="900" height="700"></iframe>',
    )
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.goto(host)
    frame = page.frame_locator("iframe")
    frame.locator("body[data-loaded=true]").wait_for(timeout=15_000)
    assert frame.locator(".leaflet-marker-icon.pin").count() == len(_all(live, category="pharmacy"))
    allowed = (live.origin + "/", live.partner.origin + "/", "data:")
    assert [u for u in requests if not u.startswith(allowed)] == []
    app_requests = [u for u in requests if u.startswith(live.origin)]
    assert any("/embed" in u for u in app_requests)
    assert context.cookies() == []
    context.close()


def test_the_public_map_loads_only_from_its_own_origin_and_sets_no_cookie(
    browser: Browser, live: Live
) -> None:
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    _open(page, f"{live.origin}/")
    page.click("#list .name")
    assert [u for u in requests if not u.startswith((live.origin + "/", "data:"))] == []
    assert context.cookies() == []
    response = page.request.get(f"{live.origin}/embed")
    assert "frame-ancestors *" in response.headers["content-security-policy"]
    assert (
        "frame-ancestors 'self'"
        in page.request.get(f"{live.origin}/").headers["content-security-policy"]
    )
    context.close()


def test_keyboard_alone_reaches_every_list_item(page: Page, live: Live) -> None:
    _open(page, f"{live.origin}/?lang=en")
    total = len(_all(live))
    reached: set[str] = set()
    for _ in range(3000):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " const li = e && e.closest('#list li'); return [e ? e.id : '', li ? li.id : '',"
            " e && e.classList.contains('name') ? 'name' : '', e ? e.tagName : ''] }"
        )
        if focused[0] == "more":
            page.keyboard.press("Enter")  # "Show more" moves the focus to the first new item
            item = page.evaluate("document.activeElement.closest('#list li').id")
            reached.add(item)
        elif focused[2] == "name":
            reached.add(focused[1])
        if len(reached) == total:
            break
    assert len(reached) == total


def test_escape_leaves_at_once_and_the_map_is_not_in_history(page: Page, live: Live) -> None:
    page.goto(f"{live.partner.origin}/neutral.html?before")
    _open(page, f"{live.origin}/")
    page.keyboard.press("Escape")
    page.wait_for_url(live.neutral)
    page.go_back()
    assert page.url.endswith("neutral.html?before")
    page.goto(f"{live.origin}/?lang=en")
    page.click("#quick-exit")
    page.wait_for_url(live.neutral)


@pytest.mark.parametrize("path", ["/", "/embed", "/embed/builder"])
def test_no_serious_or_critical_accessibility_violation(page: Page, live: Live, path: str) -> None:
    page.goto(f"{live.origin}{path}")
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    serious = [
        v["id"] for v in results.response["violations"] if v["impact"] in {"serious", "critical"}
    ]
    assert serious == [], results.generate_report()


_IN_THE_PICTURE = """selector => {
  const map = document.getElementById("map").getBoundingClientRect();
  const left = Math.max(map.left, 0), right = Math.min(map.right, window.innerWidth);
  const top = Math.max(map.top, 0), bottom = Math.min(map.bottom, window.innerHeight);
  return Array.from(document.querySelectorAll(selector)).filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0
      && r.right > left && r.left < right && r.bottom > top && r.top < bottom;
  }).length;
}"""
MARKERS = "#map .leaflet-pane.leaflet-marker-pane .leaflet-marker-icon.pin"


def test_a_screenshot_for_the_readme(browser: Browser, live: Live) -> None:
    width, height = 1280, 800
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    page = context.new_page()
    _open(page, f"{live.origin}/")
    # What the picture must show. Markers: at least several in the map pane, inside the part
    # of the map the picture shows.
    page.wait_for_function(f"({_IN_THE_PICTURE})({json.dumps(MARKERS)}) >= 10", timeout=10_000)
    assert page.evaluate(_IN_THE_PICTURE, MARKERS) >= 10
    the_map = page.locator("#map").bounding_box()
    assert the_map is not None
    assert the_map["width"] > width / 2
    assert the_map["y"] < height - 200  # a good part of the map is in the picture
    # The list of services beside the map, with services in it.
    results = page.locator("main.split .results")
    assert results.is_visible()
    beside = results.bounding_box()
    assert beside is not None
    assert beside["x"] >= the_map["x"] + the_map["width"] - 1
    assert page.locator("#list > li.service").count() > 0
    first = page.locator("#list > li.service .title").first
    assert first.is_visible()
    assert (first.text_content() or "").strip()
    first_box = first.bounding_box()
    assert first_box is not None
    assert first_box["y"] + first_box["height"] <= height
    # The emergency numbers, in their bar above the map.
    emergency = page.locator("nav#emergency")
    assert emergency.is_visible()
    bar = emergency.bounding_box()
    assert bar is not None
    assert bar["y"] + bar["height"] <= the_map["y"]
    numbers = emergency.locator("a[href^='tel:'] b").all_text_contents()
    assert numbers
    assert all(n.strip() for n in numbers)
    page.wait_for_timeout(500)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "public-map.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    context.close()
