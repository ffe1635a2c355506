"""The pages on a phone (360 px) and a desktop (1366 px) in the page languages: no serious or
critical accessibility violation (axe-core) and nothing that scrolls sideways on the phone; the
public map's first screen on a phone shows the map and the emergency numbers; the statistics
fit a phone; text of the other direction keeps its own.

The default run checks every page in French and Arabic and in one more language per page,
rotating over the pages so that each language is in every run; MARAUDE_FULL_MATRIX=1 checks
every page in all nine languages."""

from __future__ import annotations

import asyncio
import json
import os
import threading
import urllib.parse
import uuid
from collections.abc import Callable, Coroutine, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Frame, Page

from geo.db import Database
from geo.reports.drafts import ReportDraft
from geo.reports.queries import submit_report
from geo.values import Actor
from tests.web.conftest import OUT, Live, fresh_code
from web.i18n import LANGUAGES

FULL = os.environ.get("MARAUDE_FULL_MATRIX") == "1"
PHONE, DESKTOP = 360, 1366
AREA = "7.39,43.71,7.50,43.78"
ADMIN = ("admin", "Demo-admin-Maraude-2026", "MARAUDEDEMOADMINMARAUDEDEMOADMIN")
MEMBERS = {
    "worker": ("worker-riviera", "Demo-worker-Riviera-2026", None),
    "coordinator": ("coord-riviera", "Demo-coord-Riviera-2026", "MARAUDEDEMOCOORAMARAUDEDEMOCOORA"),
}
ALERT = {
    "headline": "Produit frelaté en circulation",
    "description": "Des comprimés vendus comme de la MDMA contiennent un produit très toxique.",
    "instruction": "En cas de malaise, appelez le 15.",
}

# Page name: (path, who must be logged in). The orientation sheet's query is completed below.
PAGES: dict[str, tuple[str, str | None]] = {
    "public": ("/", None),
    "embed": ("/embed", None),
    "builder": ("/embed/builder", None),
    "login": ("/app/login", None),
    "worker": ("/app", "worker"),
    "coordinator": ("/app", "coordinator"),
    "stats": ("/app/stats", "coordinator"),
    "orientation": ("/app/orientation", "worker"),
    "suggest": ("/suggest", None),
}


def _matrix() -> list[tuple[str, str]]:
    if FULL:
        return [(name, lang) for name in PAGES for lang in LANGUAGES]
    others = [lang for lang in LANGUAGES if lang not in {"fr", "ar"}]
    return [
        (name, lang)
        for i, name in enumerate(PAGES)
        for lang in ("fr", "ar", others[i % len(others)])
    ]


# --- what the checks measure, in the page ---------------------------------------------------

# What sticks out of the window (not counting what a box of its own scrolls or hides).
_SIDEWAYS = """() => {
  const width = window.innerWidth;
  const wide = [];
  const boxed = e => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.width > 0 && (r.right > width + 0.5 || r.left < -0.5) && !boxed(e)) {
      const name = `${e.tagName.toLowerCase()}#${e.id}.${e.className}`;
      wide.push(`${name} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}"""

_SEEN = """selector => {
  const e = document.querySelector(selector);
  if (!e) return null;
  const r = e.getBoundingClientRect();
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
          width: window.innerWidth, height: window.innerHeight,
          shown: Math.max(0, Math.min(r.bottom, window.innerHeight) - Math.max(r.top, 0))};
}"""

_CONTRAST = """selector => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const link = document.querySelector(selector);
  let back = link, bg = 'rgba(0, 0, 0, 0)';
  while (back && (bg = getComputedStyle(back).backgroundColor).endsWith(', 0)')) {
    back = back.parentElement;
  }
  const [a, b] = [lum(getComputedStyle(link).color), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""

# Where a character is drawn: the x of the n-th character of the element's text, from its end
# when n is negative.
_CHAR_X = """([selector, n]) => {
  const e = document.querySelector(selector);
  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  const text = nodes.map(t => t.data).join('');
  let at = n < 0 ? text.length + n : n;
  for (const node of nodes) {
    if (at < node.data.length) {
      const range = document.createRange();
      range.setStart(node, at); range.setEnd(node, at + 1);
      const r = range.getBoundingClientRect();
      return [r.left, r.right, node.data[at]];
    }
    at -= node.data.length;
  }
  return null;
}"""


def _settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    if page.locator("body.public").count():
        page.wait_for_selector("body[data-loaded=true]", timeout=15_000)


def _serious(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def _in_thread(work: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run a coroutine to its end in its own thread (Playwright keeps this thread's loop)."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(work())
        except BaseException as e:  # noqa: BLE001 (re-raised below, in the test's thread)
            failure.append(e)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def french_alert(live: Live) -> Iterator[None]:
    """A public alert over the area, written in French only (every page shows it, in French)."""
    username, password, secret = ADMIN
    now = datetime.now(UTC)
    body = {
        "kind": "toxic-substance",
        "audience": "public",
        "severity": "Severe",
        "urgency": "Immediate",
        "certainty": "Likely",
        "onset": (now - timedelta(hours=1)).isoformat(),
        "expires": (now + timedelta(days=1)).isoformat(),
        "messages": {"fr": ALERT},
    }
    with httpx.Client(base_url=live.origin, timeout=10) as api:
        form = {"username": username, "password": password, "totp": fresh_code(secret)}
        token = api.post("/api/v1/auth/token", data=form).json()["access_token"]
        bearer = {"Authorization": f"Bearer {token}"}
        made = api.post("/api/v1/alerts", json=body, headers=bearer)
        assert made.status_code == 201, made.text
        yield
        api.delete(f"/api/v1/alerts/{made.json()['id']}", headers=bearer)


def _logged_in(browser: Browser, live: Live, who: str) -> BrowserContext:
    username, password, secret = MEMBERS[who]
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    page.goto(f"{live.origin}/app/login?lang=en")
    page.fill("#l-user", username)
    page.fill("#l-pass", password)
    if secret:
        page.fill("#l-totp", fresh_code(secret))
    page.click("button[type=submit]")
    page.wait_for_url(f"{live.origin}/app?lang=en")
    page.close()
    return context


@pytest.fixture(scope="module")
def contexts(browser: Browser, live: Live, french_alert: None) -> Iterator[dict[str | None, Any]]:
    """A visitor's browser, a worker's and a coordinator's, each logged in once."""
    del french_alert
    made: dict[str | None, BrowserContext] = {
        None: browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    }
    for who in MEMBERS:
        made[who] = _logged_in(browser, live, who)
    yield made
    for context in made.values():
        context.close()


def _first_days(today: date, count: int) -> list[date]:
    """The first day of this month and of the months before it."""
    months = [today.year * 12 + today.month - 1 - i for i in range(count)]
    return [date(m // 12, m % 12 + 1, 1) for m in months]


@pytest.fixture(scope="module")
def year_of_reports(live: Live, contexts: dict[str | None, BrowserContext]) -> None:
    """Twelve months of round reports for the coordinator's association (the API takes the
    last 62 days only: older ones are written as the queries would have stored them)."""
    api = contexts["coordinator"].request
    me = api.get(f"{live.origin}/api/v1/me").json()
    zone = api.get(f"{live.origin}/api/v1/zones").json()["features"][0]["id"]
    actor = Actor(uuid.UUID(me["id"]), me["role"], uuid.UUID(me["association_id"]))
    days = _first_days(date.today(), 12)

    async def seed() -> None:
        database = Database.from_url(live.settings.owner_database_url, pool_size=1)
        try:
            for day in days:
                material = dict.fromkeys(("male-condoms", "lubricant", "brochures"), 1234)
                visit = {"zone_id": zone, "people_met": 321, "material": material}
                draft = ReportDraft.model_validate(
                    {"key": str(uuid.uuid4()), "visited_on": day.isoformat(), "zones": [visit]}
                )
                async with database.tenant(actor.association_id) as session:
                    await submit_report(session, actor=actor, draft=draft)
                    await session.commit()
        finally:
            await database.dispose()

    _in_thread(seed)


@pytest.fixture(scope="module")
def orientation_query(live: Live) -> str:
    """The query of an orientation sheet: a located public service, from a street nearby."""
    query = urllib.parse.urlencode({"bbox": AREA, "limit": 50})
    body = httpx.get(f"{live.origin}/api/v1/services?{query}", timeout=10).json()
    located = next(f for f in body["features"] if f["geometry"])
    lon, lat = located["geometry"]["coordinates"]
    return urllib.parse.urlencode({"service": located["id"], "lon": lon - 0.002, "lat": lat})


def _url(live: Live, name: str, lang: str, orientation_query: str) -> str:
    path, _ = PAGES[name]
    query = f"lang={lang}" + (f"&{orientation_query}" if name == "orientation" else "")
    return f"{live.origin}{path}?{query}"


# --- every page, every width ----------------------------------------------------------------


@pytest.mark.parametrize(("name", "lang"), _matrix())
def test_each_page_passes_axe_and_never_scrolls_sideways_on_a_phone(
    live: Live,
    contexts: dict[str | None, BrowserContext],
    year_of_reports: None,
    orientation_query: str,
    name: str,
    lang: str,
) -> None:
    del year_of_reports
    page = contexts[PAGES[name][1]].new_page()
    try:
        page.set_viewport_size({"width": PHONE, "height": 800})
        page.goto(_url(live, name, lang, orientation_query))
        _settle(page)
        fit = page.evaluate(_SIDEWAYS)
        assert fit["scroll"] <= fit["width"], f"{name} in {lang} scrolls sideways: {fit}"
        assert _serious(page) == [], f"{name} in {lang} at {PHONE} px"
        if lang in {"fr", "ar"}:  # to be looked at: the layout on a phone, both directions
            OUT.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(OUT / f"layout-{name}-{lang}-{PHONE}.png"), full_page=True)
        # The same page widened: the layout follows the media queries at once.
        page.set_viewport_size({"width": DESKTOP, "height": 800})
        page.wait_for_function(f"window.innerWidth === {DESKTOP}")
        assert _serious(page) == [], f"{name} in {lang} at {DESKTOP} px"
    finally:
        page.close()


def test_the_api_documentation_never_scrolls_sideways_on_a_phone(
    contexts: dict[str | None, BrowserContext], live: Live
) -> None:
    page = contexts[None].new_page()
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(f"{live.origin}/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    fit = page.evaluate(_SIDEWAYS)
    assert fit["scroll"] <= fit["width"], fit
    page.close()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_api_documentation_passes_axe(
    contexts: dict[str | None, BrowserContext], live: Live, width: int
) -> None:
    page = contexts[None].new_page()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live.origin}/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    try:
        assert _serious(page) == []
    finally:
        page.close()


# --- the points, one by one ---------------------------------------------------------


@pytest.mark.parametrize("lang", ["pt", "ro", "ru", "bg"])
@pytest.mark.parametrize("path", ["/", "/embed"])
def test_long_labels_never_widen_a_phone_page(
    contexts: dict[str | None, BrowserContext], live: Live, path: str, lang: str
) -> None:
    page = contexts[None].new_page()
    page.set_viewport_size({"width": PHONE, "height": 740})
    page.goto(f"{live.origin}{path}?lang={lang}")
    _settle(page)
    page.click("#filters summary")  # the kinds of service, unfolded
    fit = page.evaluate(_SIDEWAYS)
    assert fit["scroll"] <= fit["width"], fit
    box = page.evaluate(_SEEN, "#f-category")
    assert box["right"] <= PHONE
    page.close()


def _first_screen(page: Page | Frame, height: int, lang: str) -> None:
    """The map shows on the first screen, the numbers 15, 17 and 115 too, none cut off."""
    the_map = page.evaluate(_SEEN, "#map")
    assert the_map["shown"] >= (200 if height >= 800 else 90), f"{lang}: {the_map}"
    for number in ("15", "17", "115"):
        box = page.evaluate(_SEEN, f"#emergency a[href='tel:{number}']")
        assert box is not None, number
        assert box["left"] >= 0, f"{lang}: {number} {box}"
        assert box["right"] <= box["width"], f"{lang}: {number} {box}"
        assert box["bottom"] <= box["height"], f"{lang}: {number} below the first screen"
    numbers = page.locator("#emergency ul")
    assert numbers.evaluate("e => e.scrollWidth <= e.clientWidth")  # nothing hidden sideways


@pytest.mark.parametrize("lang", ["fr", "ar", "ru", "bg"])
@pytest.mark.parametrize(("width", "height"), [(390, 844), (360, 640)])
def test_a_phone_s_first_screen_shows_the_map_and_the_emergency_numbers(
    contexts: dict[str | None, BrowserContext], live: Live, width: int, height: int, lang: str
) -> None:
    page = contexts[None].new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live.origin}/?lang={lang}")
    _settle(page)
    assert page.locator(".alerts .alert").count() == 1
    _first_screen(page, height, lang)
    # The filters are folded, one tap away; the position button stays in sight.
    assert not page.is_visible("#f-category")
    assert page.is_visible("#near-me")
    page.click("#filters summary")
    assert page.is_visible("#f-category")
    if (width, lang) in {(360, "fr"), (360, "ar")}:
        OUT.mkdir(parents=True, exist_ok=True)
        page.click("#filters summary")
        page.screenshot(path=str(OUT / f"layout-first-screen-{lang}-{width}.png"))
    page.close()


def test_a_desktop_shows_the_filters_unfolded(
    contexts: dict[str | None, BrowserContext], live: Live
) -> None:
    page = contexts[None].new_page()
    page.set_viewport_size({"width": DESKTOP, "height": 768})
    page.goto(f"{live.origin}/?lang=fr")
    _settle(page)
    assert page.is_visible("#f-category")
    assert page.is_visible("input[name=when][value=now]")
    assert not page.is_visible("#filters .fold > summary")
    page.close()


@pytest.mark.parametrize("lang", ["fr", "ru"])
def test_a_partner_s_600_px_frame_on_a_phone_shows_the_map(
    contexts: dict[str | None, BrowserContext], live: Live, lang: str
) -> None:
    host = live.partner.page(
        f"phone-{lang}.html",
        '<!DOCTYPE html><html lang="en"><title>Partner</title>'
        "<style>body{margin:0}iframe{display:block;width:100%;height:600px;border:0}</style>"
        f'<iframe title="Services" src="{live.origin}/embed?lang={lang}"></iframe>',
    )
    page = contexts[None].new_page()
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(host)
    page.frame_locator("iframe").locator("body[data-loaded=true]").wait_for(timeout=15_000)
    frame = next(f for f in page.frames if f.url.startswith(live.origin))
    _first_screen(frame, 600, lang)
    page.close()


def test_a_year_of_statistics_scrolls_in_its_own_box_on_a_phone(
    contexts: dict[str | None, BrowserContext], live: Live, year_of_reports: None
) -> None:
    del year_of_reports
    page = contexts["coordinator"].new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live.origin}/app/stats?lang=fr")
    monthly = page.locator("table.figures").first
    assert monthly.locator("thead th").count() == 13  # the item and twelve months
    fit = page.evaluate(_SIDEWAYS)
    assert fit["scroll"] <= fit["width"], fit
    box = monthly.evaluate("t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
    assert box[0] > box[1]  # the table is wider than the phone: it scrolls in its own box
    page.close()


def test_the_way_back_from_the_statistics_can_be_seen(
    contexts: dict[str | None, BrowserContext], live: Live
) -> None:
    page = contexts["coordinator"].new_page()
    page.goto(f"{live.origin}/app/stats?lang=fr")
    back = "header a[href^='/app?']"
    assert page.is_visible(back)
    assert page.evaluate(_CONTRAST, back) >= 4.5  # it had the colour of the header
    page.close()


def _arabic_page(contexts: dict[str | None, BrowserContext], live: Live) -> Page:
    page = contexts[None].new_page()
    page.set_viewport_size({"width": DESKTOP, "height": 768})
    page.goto(f"{live.origin}/?lang=ar")
    _settle(page)
    return page


def test_a_french_alert_on_an_arabic_page_ends_with_its_full_stop(
    contexts: dict[str | None, BrowserContext], live: Live
) -> None:
    page = _arabic_page(contexts, live)
    alert = ".alerts .alert"
    stop, five = page.evaluate(_CHAR_X, [alert, -1]), page.evaluate(_CHAR_X, [alert, -2])
    assert (stop[2], five[2]) == (".", "5")
    assert stop[0] >= five[1] - 0.5  # the full stop after "15", not before the sentence
    page.close()


def test_a_label_starting_in_latin_letters_reads_in_order_on_an_arabic_page(
    contexts: dict[str | None, BrowserContext], live: Live
) -> None:
    page = _arabic_page(contexts, live)
    label = "#emergency a[href='tel:0800840800'] b + *"
    text = page.inner_text(label)
    assert text.startswith("Sida Info Service (")
    service_end = page.evaluate(_CHAR_X, [label, len("Sida Info Service") - 1])
    paren = page.evaluate(_CHAR_X, [label, len("Sida Info Service ")])
    assert paren[2] == "("
    assert paren[0] >= service_end[1] - 0.5  # "Sida Info Service (…", not "( Sida Info Service"
    page.close()


def test_the_builder_s_boxes_are_box_sized(
    contexts: dict[str | None, BrowserContext], live: Live
) -> None:
    page = contexts[None].new_page()
    page.goto(f"{live.origin}/embed/builder?lang=fr")
    sizes = page.eval_on_selector_all(
        "input[type=checkbox], input[type=radio]",
        "els => els.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])",
    )
    assert sizes
    assert all(w <= 26 and h <= 26 for w, h in sizes), json.dumps(sizes[:5])
    page.close()
