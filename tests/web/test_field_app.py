"""The team map as a field app, in Chromium: installable with a worker scoped to /app, opens
and answers "from here" with no network after one visit, keeps a round report made offline and
sends it once (reload mid-send, two tabs, an answer that came after the phone gave up), forgets
everything private at logout, never holds another association's data, and hands the answer to
the person met (share text, QR code, large print)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import io
import json
import re
import threading
import uuid
from collections.abc import Callable, Coroutine, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, Route
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import func, select

from geo.accounts import queries as accounts
from geo.db import Database
from geo.planning.queries import HAVERSINE, store_plan
from geo.reports.models import RoundReport, ZoneReport
from geo.zones.models import Team, Zone
from tests.web.conftest import Live
from tests.web.test_team_map import PASSWORDS
from tests.web.test_team_map import _log_in as log_in
from web.i18n import LANGUAGES

RIVIERA = "Association démo Riviera (fictive)"
T = TypeVar("T")

STORAGE = """async () => {  // every storage of the origin: IndexedDB, Cache Storage, localStorage
  const out = { idb: {}, caches: {}, local: Object.keys(localStorage) };
  for (const info of await indexedDB.databases()) {
    const db = await new Promise((ok, ko) => {
      const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result); r.onerror = ko;
    });
    for (const name of db.objectStoreNames) {
      out.idb[info.name + '/' + name] = await new Promise(ok => {
        const r = db.transaction(name).objectStore(name).getAll();
        r.onsuccess = () => ok(r.result);
      });
    }
    db.close();
  }
  for (const key of await caches.keys()) {
    const c = await caches.open(key);
    out.caches[key] = {};
    for (const req of await c.keys()) out.caches[key][req.url] = await (await c.match(req)).text();
  }
  return out;
}"""


def _in_thread(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine on its own loop in another thread (Playwright's loop holds this one)."""
    box: dict[str, T] = {}
    thread = threading.Thread(target=lambda: box.setdefault("v", asyncio.run(make())))
    thread.start()
    thread.join()
    return box["v"]


async def _plan_tonight(live: Live) -> list[str]:
    """Keep a plan for Riviera with a round on now's shift over its located zones; return
    the zones' names."""
    database = Database.from_url(live.settings.owner_database_url, pool_size=1)
    try:
        async with database.instance() as session:
            association = await accounts.find_association(session, name=RIVIERA)
            assert association is not None
        async with database.tenant(association.id) as session:
            zones = (await session.scalars(select(Zone).where(Zone.geom.is_not(None)))).all()
            team = (await session.scalars(select(Team))).first()
            assert zones
            assert team is not None
            zone = ZoneInfo("Europe/Paris")
            now = datetime.now(UTC).astimezone(zone).replace(second=0, microsecond=0)
            start, end = now - timedelta(hours=1), now + timedelta(hours=5)
            monday = (start - timedelta(days=start.weekday())).date()
            here = {"lon": 7.42, "lat": 43.73}
            scenario = {
                "format": 1,
                "name": "tonight",
                "timezone": "Europe/Paris",
                "country": "FR",
                "week_start": monday.isoformat(),
                "travel": HAVERSINE,
                "zones": [
                    {"id": str(z.id), "lon": 7.4232, "lat": 43.7368 + i / 1000}
                    for i, z in enumerate(zones)
                ],
                "teams": [{"id": str(team.id), "mode": "foot", "start": here, "end": here}],
            }
            stops = [
                {
                    "zone": str(z.id),
                    "arrive": (start + timedelta(minutes=20 + 40 * i)).isoformat(),
                    "start": (start + timedelta(minutes=20 + 40 * i)).isoformat(),
                    "end": (start + timedelta(minutes=50 + 40 * i)).isoformat(),
                }
                for i, z in enumerate(zones)
            ]
            result = {
                "format": 1,
                "scenario": "tonight",
                "unvisited": [],
                "warnings": [],
                "objective": {},
                "rounds": [
                    {
                        "team": str(team.id),
                        "shift_start": start.isoformat(),
                        "shift_end": end.isoformat(),
                        "depart": start.isoformat(),
                        "return": end.isoformat(),
                        "stops": stops,
                    }
                ],
            }
            await store_plan(
                session,
                association_id=association.id,
                week_start=monday,
                scenario=scenario,
                result=result,
            )
            await session.commit()
            return [z.name for z in zones]
    finally:
        await database.dispose()


@pytest.fixture(scope="module")
def tonight_zones(live: Live) -> list[str]:
    return _in_thread(lambda: _plan_tonight(live))


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    c = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740})
    yield c
    c.close()


_log_in = functools.partial(log_in, lang="fr")
"""Log in on the team map, in French unless told."""


def _wait(page: Page, done: Callable[[], object]) -> bool:
    """Poll `done` every 100 ms for up to 10 s; return whether it came true."""
    for _ in range(100):
        if done():
            return True
        page.wait_for_timeout(100)
    return False


def _outbox(page: Page) -> list[dict[str, Any]]:
    outbox: list[dict[str, Any]] = page.evaluate(STORAGE)["idb"]["maraude/outbox"]
    return outbox


def _ready(page: Page) -> None:
    """Wait until the service worker controls the page and the directory copy and the app's
    pages are kept (they are fetched side by side: either may come last)."""
    page.evaluate("navigator.serviceWorker.ready")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    kept = _wait(
        page,
        lambda: page.evaluate(
            "Promise.all([caches.open('maraude-public'), caches.open('maraude-private')])"
            ".then(([p, q]) => Promise.all([p.keys(), q.keys()])).then(([a, b]) => "
            "a.some(r => r.url.endsWith('/app/offline/directory.json')) && "
            "['/app', '/app/report'].every(x => b.some(r => new URL(r.url).pathname === x)))"
        ),
    )
    assert kept, "the directory copy or the app's pages were not kept"


def test_the_app_is_installable_with_a_worker_scoped_to_app(live: Live) -> None:
    manifest = httpx.get(f"{live.origin}/app/manifest.webmanifest?lang=ar").json()
    assert manifest["scope"] == "/app"
    assert manifest["start_url"].startswith("/app")
    assert manifest["display"] == "standalone"
    assert manifest["dir"] == "rtl"
    assert {"192x192", "512x512"} <= {i["sizes"] for i in manifest["icons"]}
    for icon in manifest["icons"]:
        assert httpx.get(live.origin + icon["src"]).headers["content-type"] == "image/png"
    worker = httpx.get(f"{live.origin}/app/sw.js")
    assert worker.headers["service-worker-allowed"] == "/app"
    assert "javascript" in worker.headers["content-type"]
    assert "__VERSION__" not in worker.text
    assert "/static/js/team.js" in worker.text


def test_after_one_visit_the_app_opens_and_answers_from_here_with_no_network(
    context: BrowserContext, live: Live
) -> None:
    page = context.new_page()
    _log_in(page, live, "worker-riviera")
    _ready(page)
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == f"{live.origin}/app"
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("#field-status .net.offline")
    assert "Répertoire du" in page.inner_text("#field-status")
    page.select_option("#h-category", "pharmacy")
    page.locator("#map").click(position={"x": 180, "y": 150})
    page.wait_for_selector("#h-count[data-answered=offline]", timeout=10_000)
    assert page.locator("#h-list .offline-note").count() == 1
    assert page.locator("#h-list li.service:not(.phone-line)").count() >= 1
    assert "à vol d'oiseau" in page.inner_text("#h-list")
    context.set_offline(False)


def _report_offline(page: Page, live: Live, zones: list[str]) -> str:
    page.goto(f"{live.origin}/app/report?lang=fr")
    page.wait_for_selector("#report-form[data-ready]")
    legends = page.eval_on_selector_all("#r-zones legend", "els => els.map(e => e.textContent)")
    assert sorted(legends) == sorted(zones)  # tonight's round, its zones preselected
    page.context.set_offline(True)
    first = page.locator("#r-zones fieldset").first
    for _ in range(3):
        first.locator(".stepper").nth(0).locator("button.step").nth(1).click()  # people met
    first.locator("details.counts").first.locator(".stepper").nth(0).locator("button.step").nth(
        1
    ).click()  # one external condom
    page.click("#r-send")
    page.wait_for_selector("#r-done:not([hidden])")
    assert "Gardé sur ce téléphone" in page.inner_text("#r-done-title")
    waiting = [i for i in _outbox(page) if i["state"] == "waiting"]
    assert len(waiting) == 1
    return str(waiting[0]["key"])


def _stored(live: Live, key: str) -> tuple[int, int]:
    """Return how many reports and zone reports the server holds with this key."""

    async def count() -> tuple[int, int]:
        database = Database.from_url(live.settings.owner_database_url, pool_size=1)
        try:
            async with database.instance() as session:
                association = await accounts.find_association(session, name=RIVIERA)
                assert association is not None
            async with database.tenant(association.id) as session:
                reports = await session.scalar(
                    select(func.count()).select_from(RoundReport).where(RoundReport.key == key)
                )
                zones = await session.scalar(
                    select(func.count())
                    .select_from(ZoneReport)
                    .join(RoundReport, RoundReport.id == ZoneReport.report_id)
                    .where(RoundReport.key == key)
                )
                return int(reports or 0), int(zones or 0)
        finally:
            await database.dispose()

    return _in_thread(count)


def _condoms(page: Page) -> int:
    items = page.evaluate("fetch('/api/v1/stock').then(r => r.json())")["items"]
    return next((i["quantity"] for i in items if i["item"] == "male-condoms"), 0)


def test_a_report_made_offline_is_sent_once_after_a_reload_mid_send(
    context: BrowserContext, live: Live, tonight_zones: list[str]
) -> None:
    page = context.new_page()
    _log_in(page, live, "worker-riviera")
    _ready(page)
    before = _condoms(page)
    key = _report_offline(page, live, tonight_zones)
    assert _stored(live, key) == (0, 0)

    # The network returns; the server stores the report, but the answer never reaches the
    # phone (it gave up, or the page was reloaded mid-send).
    def lost_answer(route: Route) -> None:
        route.fetch(headers=route.request.all_headers())  # the server stores it
        with contextlib.suppress(PlaywrightError):
            route.abort()  # and the phone never hears so

    page.route("**/api/v1/reports", lost_answer)
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    _wait(page, lambda: _stored(live, key)[0])
    assert _stored(live, key) == (1, len(tonight_zones))
    kept = {i["key"]: i["state"] for i in _outbox(page)}
    assert kept[key] == "waiting"  # the phone does not know the server has it
    page.unroute("**/api/v1/reports")
    page.reload()  # sends what waits, with the same key: the server counts it once
    page.wait_for_selector("#field-status:not(:has(.waiting))")
    _wait(page, lambda: "sent" in [i["state"] for i in _outbox(page)])
    assert _stored(live, key) == (1, len(tonight_zones))
    assert _condoms(page) == before - 1


def test_two_tabs_send_a_waiting_report_once(
    context: BrowserContext, live: Live, tonight_zones: list[str]
) -> None:
    page = context.new_page()
    _log_in(page, live, "worker-riviera")
    _ready(page)
    before = _condoms(page)
    key = _report_offline(page, live, tonight_zones)
    other = context.new_page()
    context.set_offline(False)
    other.goto(f"{live.origin}/app?lang=fr")  # starts sending on its own
    page.evaluate("window.dispatchEvent(new Event('online'))")  # and this one too
    for tab in (page, other):
        _wait(tab, lambda tab=tab: all(i["state"] in {"sent", "draft"} for i in _outbox(tab)))
    assert _stored(live, key) == (1, len(tonight_zones))
    assert _condoms(page) == before - 1


def test_logout_forgets_zones_sheets_and_reports_from_every_storage(
    context: BrowserContext, live: Live, tonight_zones: list[str]
) -> None:
    page = context.new_page()
    _log_in(page, live, "worker-riviera")
    _ready(page)

    def tonight_kept() -> bool:
        kept = page.evaluate(STORAGE)
        return bool(kept["idb"].get("maraude/private") and kept["caches"].get("maraude-tonight"))

    _wait(page, tonight_kept)
    kept = page.evaluate(STORAGE)
    text = json.dumps(kept, ensure_ascii=False)
    assert all(name in text for name in tonight_zones)  # tonight's zones were kept
    assert any("/app/rounds/" in url for url in kept["caches"]["maraude-tonight"])
    page.click("form[action='/app/logout'] button")
    page.wait_for_url("**/app/login**")
    left = page.evaluate(STORAGE)
    assert "maraude/private" not in left["idb"]
    assert "maraude/outbox" not in left["idb"]
    assert not any(k in left["caches"] for k in ("maraude-private", "maraude-tonight"))
    assert left["local"] == []
    holding = [
        (cache, url)
        for cache, bodies in left["caches"].items()
        for url, body in bodies.items()
        if any(name in body for name in tonight_zones)
    ]
    assert holding == []
    assert not any(name in json.dumps(left["idb"], ensure_ascii=False) for name in tonight_zones)


def test_another_associations_data_is_never_in_storage(
    context: BrowserContext, live: Live, tonight_zones: list[str]
) -> None:
    page = context.new_page()
    _log_in(page, live, "worker-frontiere")
    _ready(page)
    page.goto(f"{live.origin}/app/report?lang=fr")
    page.wait_for_selector("#report-form[data-ready]")
    text = json.dumps(page.evaluate(STORAGE), ensure_ascii=False)
    assert not any(name in text for name in tonight_zones)
    assert RIVIERA not in text
    assert "worker-riviera" not in text


def _copied(page: Page, predicate: str) -> dict[str, Any]:
    return page.evaluate(
        "(() => { const c = Maraude.field.state.copy;"
        f" const s = c.services.concat(c.lines).find({predicate});"
        " return s ? { id: s.id, name: s.name, phone: s.phone } : null; })()"
    )


def test_the_share_text_and_qr_code_of_a_public_and_a_confidential_service(
    context: BrowserContext, live: Live
) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    page = context.new_page()
    _log_in(page, live, "worker-riviera")
    _ready(page)
    page.wait_for_function("() => !!Maraude.field.state.copy")
    public = _copied(page, "s => !s.location_hidden && s.phone && s.address")
    hidden = _copied(page, "s => s.location_hidden && s.phone")
    assert public
    assert hidden
    for service, lang in ((public, "ro"), (hidden, "ar")):
        page.evaluate(
            "([id, lang]) => { const s = Maraude.field.copied(id);"
            " const point = s.lon ? { type: 'Point', coordinates: [s.lon, s.lat] } : null;"
            " const state = { open_now: null, opening_state: 'unknown', opening_group: 'unknown' };"
            " const f = { type: 'Feature', id: id, geometry: point,"
            " properties: Object.assign({}, s, state) };"
            " Maraude.handoff.share(f, lang); }",
            [service["id"], lang],
        )
        text = page.inner_text("dialog [data-share=text]")
        assert service["name"] in text
        assert service["phone"] in text
        assert "— Français —" in text  # the person's language, then French
        target = page.get_attribute("dialog [data-share=qr]", "data-target")
        if service is public:
            assert target == f"{live.origin}/service/{public['id']}?lang=ro"
            assert target in text
        else:
            assert target is not None
            assert target.startswith("tel:")
            assert "/service/" not in text  # its phone only: no page, no address
        shot = page.locator("dialog [data-share=qr] svg").screenshot()
        decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
        assert [d.text for d in decoded] == [target]
        page.click("dialog button.close")


def test_show_the_screen_in_the_persons_language(context: BrowserContext, live: Live) -> None:
    page = context.new_page()
    _log_in(page, live, "worker-riviera")
    _ready(page)
    page.select_option("#h-category", "pharmacy")
    page.select_option("#h-lang", "ar")
    page.locator("#map").click(position={"x": 180, "y": 150})
    page.wait_for_selector("#h-list li.service:not(.phone-line) button.show-screen-button")
    page.locator("#h-list li.service:not(.phone-line) button.show-screen-button").first.click()
    dialog = page.locator("dialog.show-screen")
    assert dialog.get_attribute("lang") == "ar"
    assert dialog.get_attribute("dir") == "rtl"
    assert dialog.locator("svg.way").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path="tests/out/field-show-screen-ar.png")
    _no_serious_violation(page)
    page.click("dialog button.close")
    page.locator("#h-list li.service:not(.phone-line) button.share").first.click()
    page.wait_for_selector("dialog [data-share=qr] svg")
    _no_serious_violation(page)


def _no_serious_violation(page: Page) -> None:
    results = Axe().run(page)
    serious = [
        v["id"] for v in results.response["violations"] if v["impact"] in {"serious", "critical"}
    ]
    assert serious == [], results.generate_report()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_serious_accessibility_violation_on_the_report_form(
    browser: Browser, live: Live, tonight_zones: list[str], lang: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        _log_in(page, live, "worker-riviera", lang=lang)
        page.goto(f"{live.origin}/app/report?lang={lang}")
        page.wait_for_selector("#report-form[data-ready]")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        results = Axe().run(page)
        serious = [
            v["id"]
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert serious == [], results.generate_report()
        if lang in {"fr", "ar"}:
            page.screenshot(path=f"tests/out/field-report-{lang}.png", full_page=True)
    finally:
        context.close()


def test_a_report_key_is_a_uuid(context: BrowserContext, live: Live) -> None:
    page = context.new_page()
    _log_in(page, live, "worker-riviera")
    page.goto(f"{live.origin}/app/report?lang=fr")
    page.wait_for_selector("#report-form[data-ready]")
    drafts = [i for i in _outbox(page) if i["state"] == "draft"]
    assert drafts
    assert uuid.UUID(drafts[0]["key"])


def test_a_session_ended_on_the_server_makes_the_phone_forget_tonight(
    context: BrowserContext, live: Live, tonight_zones: list[str]
) -> None:
    page = context.new_page()
    _log_in(page, live, "worker-riviera")
    _ready(page)
    _wait(page, lambda: page.evaluate(STORAGE)["idb"].get("maraude/private"))
    # The session ends elsewhere (another device logged it out; an account disabled does the
    # same): the phone still holds the cookie, the server no longer takes it.
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    ended = httpx.post(
        f"{live.origin}/app/logout", cookies=cookies, headers={"Origin": live.origin}
    )
    assert ended.status_code == 303
    page.evaluate("window.dispatchEvent(new Event('online'))")  # the next sync
    page.wait_for_url("**/app/login**")
    left = page.evaluate(STORAGE)
    assert not left["idb"].get("maraude/private")  # emptied (the reports waiting are kept)
    text = json.dumps(left, ensure_ascii=False)
    assert not any(name in text for name in tonight_zones)
    assert "maraude-tonight" not in left["caches"]


def test_another_person_logging_in_on_the_same_phone_never_sees_the_first_ones_data(
    context: BrowserContext, live: Live, tonight_zones: list[str]
) -> None:
    page = context.new_page()
    _log_in(page, live, "worker-riviera")
    _ready(page)
    # Riviera's session lapses (no logout); Frontière's worker logs in on the same phone.
    context.clear_cookies()
    page.goto(f"{live.origin}/app?lang=en")
    page.wait_for_url("**/app/login**")
    page.fill("#l-user", "worker-frontiere")
    page.fill("#l-pass", PASSWORDS["worker-frontiere"])
    page.click("button[type=submit]")
    page.wait_for_url(f"{live.origin}/app?lang=en")
    _ready(page)
    context.set_offline(True)
    page.reload()
    assert "Frontière" in page.inner_text("header")
    text = json.dumps(page.evaluate(STORAGE), ensure_ascii=False)
    assert RIVIERA not in text
    assert "worker-riviera" not in text
    assert not any(name in text for name in tonight_zones)
    context.set_offline(False)


def test_reports_waiting_outlive_a_session_that_ended_and_are_sent_after_logging_in(
    context: BrowserContext, live: Live, tonight_zones: list[str]
) -> None:
    page = context.new_page()
    _log_in(page, live, "worker-riviera")
    _ready(page)
    key = _report_offline(page, live, tonight_zones)
    context.clear_cookies()  # the session lapsed while the phone had no network
    context.set_offline(False)
    try:
        page.evaluate("window.dispatchEvent(new Event('online'))")
    except PlaywrightError as error:
        # The browser's own 'online' event may have synced first: the 401 already took the
        # page to the login form, which is what is awaited below.
        if "Execution context was destroyed" not in error.message:
            raise
    page.wait_for_url("**/app/login**")
    kept = _outbox(page)
    assert [i["state"] for i in kept if i["key"] == key] == ["waiting"]
    assert not any(name in json.dumps(kept, ensure_ascii=False) for name in tonight_zones)
    _log_in(page, live, "worker-riviera")
    _wait(page, lambda: _stored(live, key)[0])
    assert _stored(live, key) == (1, len(tonight_zones))


def test_every_file_the_app_pages_load_is_kept_for_no_network() -> None:
    from api.routers.field_app import SHELL

    root = Path(__file__).resolve().parents[2] / "web" / "templates"
    loaded: set[str] = set()
    for name in ("base.html", "_app_head.html", "app.html", "report.html", "login.html"):
        text = (root / name).read_text(encoding="utf-8")
        loaded.update(re.findall(r'(?:src|href)="(/static/[^"?]+)"', text))
    assert loaded - set(SHELL) == set()
    handoff = (root.parent / "static" / "js" / "handoff.js").read_text(encoding="utf-8")
    assert set(re.findall(r'"(/static/[^"]+\.js)"', handoff)) <= set(SHELL)  # loaded later


def test_the_orientation_sheet_carries_a_qr_code_for_the_person_met(
    context: BrowserContext, live: Live
) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    page = context.new_page()
    _log_in(page, live, "worker-riviera")
    _ready(page)
    page.wait_for_function("() => !!Maraude.field.state.copy")
    public = _copied(page, "s => !s.location_hidden && s.phone && s.address")
    hidden = _copied(page, "s => s.location_hidden && s.phone")
    for service, expected in (
        (public, f"{live.origin}/service/{public['id']}?lang=ro"),
        (hidden, "tel:" + "".join(ch for ch in hidden["phone"] if ch.isdigit() or ch == "+")),
    ):
        page.goto(f"{live.origin}/app/orientation?service={service['id']}&lang=ro")
        shot = page.locator("figure.handed svg").screenshot()
        decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
        assert [d.text for d in decoded] == [expected]
