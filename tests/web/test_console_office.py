"""The console's office pages in Chromium: an alert drawn on the map, previewed, published, seen
on the team map and withdrawn; a delivery and a threshold that make an item low; a worker's
account created (first password changed at first login) and disabled; the statistics' tables
downloaded; nothing of it for a worker or for another association; axe in nine languages."""

from __future__ import annotations

import asyncio
import io
import os
import re
import threading
import uuid
import zipfile
from collections.abc import Callable, Coroutine, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect
from sqlalchemy import text

from geo.db import Database
from tests.web.conftest import Live, axe_languages, fresh_code
from tests.web.test_team_map import PASSWORDS, TOTP
from web.i18n import catalog
from web.office_copy import SCRIPT_WORDS
from web.pages import stats_page

SHOTS = Path(os.environ["MARAUDE_SHOTS_DIR"]) if os.environ.get("MARAUDE_SHOTS_DIR") else None
"""Where to keep screenshots of the pages (none unless asked for)."""
PHONE = {"width": 360, "height": 740}
ITEM = "food-and-drink"
"""The material the stock test moves (no other browser test counts it)."""


def _in_thread(work: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
    """Run a coroutine in its own thread (Playwright keeps this thread's loop)."""
    result: list[Any] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(asyncio.run(work()))
        except BaseException as e:  # noqa: BLE001 (re-raised below, in the test's thread)
            failure.append(e)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result[0] if result else None


def _log_in(page: Page, live: Live, username: str, password: str | None = None) -> None:
    page.goto(f"{live.origin}/app/login?lang=fr")
    page.fill("#l-user", username)
    page.fill("#l-pass", password or PASSWORDS[username])
    if username in TOTP:
        page.fill("#l-totp", fresh_code(TOTP[username]))
    page.click("button[type=submit]")


@pytest.fixture(scope="module")
def coordinator(browser: Browser, live: Live) -> Iterator[BrowserContext]:
    """The coordinator, logged in once for the whole file (a TOTP code works once)."""
    context = browser.new_context(locale="fr-FR", viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    _log_in(page, live, "coord-riviera")
    page.wait_for_url(f"{live.origin}/app?lang=fr")
    page.close()
    yield context
    context.close()


@pytest.fixture(scope="module")
def members(browser: Browser, live: Live) -> Iterator[dict[str, BrowserContext]]:
    """A worker of the same association and a worker of the other one, logged in once."""
    contexts = {}
    for name in ("worker-riviera", "worker-frontiere"):
        context = browser.new_context(locale="fr-FR", viewport=PHONE)
        page = context.new_page()
        _log_in(page, live, name)
        page.wait_for_url(f"{live.origin}/app?lang=fr")
        page.close()
        contexts[name] = context
    yield contexts
    for context in contexts.values():
        context.close()


def _fetch(page: Page, path: str, method: str = "GET") -> Any:
    """Call the API from the page (the cookie goes with a change from the site's own page)."""
    return page.evaluate(
        """([path, method]) => fetch(path, {method, credentials: "same-origin"}).then(
             r => r.text().then(t => ({status: r.status, body: t ? JSON.parse(t) : null})))""",
        [path, method],
    )


def _serious(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def _wide(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"))


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"))


# --- Alerts -------------------------------------------------------------------------------


def _draw_around_the_garden(page: Page) -> None:
    """Draw a rectangle on the map around the association's only polygon zone (the garden)."""
    page.click("input[name=a-where][value=area]")
    page.wait_for_selector("#a-map path.zone-shape")
    page.click("#a-rect")
    page.locator("#a-map").scroll_into_view_if_needed()
    boxes = page.evaluate(
        """() => [...document.querySelectorAll("#a-map path.zone-shape")]
             .filter(p => /z/i.test(p.getAttribute("d") || ""))
             .map(p => p.getBoundingClientRect())
             .map(b => [b.left, b.top, b.right, b.bottom])"""
    )
    assert len(boxes) == 1, boxes
    left, top, right, bottom = boxes[0]
    page.mouse.move(left - 12, top - 12)
    page.mouse.click(left - 12, top - 12)
    page.mouse.move(right + 12, bottom + 12, steps=4)
    page.mouse.click(right + 12, bottom + 12)
    page.locator("#a-area", has_text="4").wait_for(timeout=5000)


def test_an_alert_drawn_on_the_map_is_previewed_published_seen_and_withdrawn(
    live: Live, coordinator: BrowserContext, members: dict[str, BrowserContext]
) -> None:
    headline = f"Produit dangereux {uuid.uuid4().hex[:8]}"
    page = coordinator.new_page()
    page.goto(f"{live.origin}/app/alerts?lang=fr")
    published: list[str] = []
    try:
        page.select_option("#a-kind", "toxic-substance")
        _draw_around_the_garden(page)
        page.fill("#m-fr-headline", headline)
        page.fill("#m-fr-description", "Des comprimés bleus très dosés circulent près du jardin.")
        page.locator("details[data-lang=en] summary").click()
        page.fill("#m-en-headline", "Dangerous pills")
        page.fill("#m-en-description", "Very strong blue pills near the garden.")
        with page.expect_response("**/api/v1/alerts/preview") as previewed:
            page.click("#a-preview")
        assert previewed.value.status == 200, previewed.value.text()
        page.wait_for_selector("#a-preview-out:not([hidden])")
        touched = page.inner_text("#a-touched")
        assert "Jardin du bord de mer (démo)" in touched
        assert "Aire de stationnement" not in touched  # the other association's zone
        _shot(page, "alerts-preview-fr-phone")
        assert not [
            a
            for a in _fetch(page, "/api/v1/alerts")["body"]["alerts"]
            if a["messages"]["fr"]["headline"] == headline
        ]  # nothing saved by the preview
        with page.expect_response(
            lambda r: r.url.endswith("/api/v1/alerts") and r.request.method == "POST"
        ) as sent:
            page.click("#a-publish")
        assert sent.value.status == 201, sent.value.text()
        alert = sent.value.json()
        published.append(alert["id"])
        assert alert["area"]["type"] in {"Polygon", "MultiPolygon"}  # drawn, not everywhere
        item = page.locator(f"article.alert-item[data-id='{alert['id']}']")
        item.wait_for()
        assert headline in item.inner_text()
        assert "Jardin du bord de mer (démo)" in item.inner_text()

        team_map = members["worker-riviera"].new_page()
        team_map.goto(f"{live.origin}/app?lang=fr")
        assert headline in team_map.locator(".alerts").inner_text()
        team_map.close()
        other = members["worker-frontiere"].new_page()
        other.goto(f"{live.origin}/app?lang=fr")
        assert headline not in other.content()
        listed = _fetch(other, "/api/v1/alerts")["body"]["alerts"]
        assert alert["id"] not in [a["id"] for a in listed]
        assert _fetch(other, f"/api/v1/alerts/{alert['id']}", "DELETE")["status"] in (403, 404)
        other.close()

        item.locator("button.withdraw").click()
        item.locator(".confirm button.danger").click()
        item.locator("p.withdrawn").wait_for()
        published.clear()
        listed = _fetch(page, "/api/v1/alerts")["body"]["alerts"]
        assert alert["id"] not in [a["id"] for a in listed]
    finally:
        for alert_id in published:
            _fetch(page, f"/api/v1/alerts/{alert_id}", "DELETE")
        page.close()


def test_a_refused_alert_says_why_and_keeps_what_was_typed(
    live: Live, coordinator: BrowserContext
) -> None:
    page = coordinator.new_page()
    page.goto(f"{live.origin}/app/alerts?lang=fr")
    page.select_option("#a-kind", "equipment-recall")  # needs a product and a batch
    page.fill("#m-fr-headline", "Rappel de lot")
    page.fill("#m-fr-description", "Un lot de seringues est rappelé.")
    page.click("#a-preview")
    problem = page.locator("#a-problem")
    problem.wait_for()
    assert "product and the batch" in problem.inner_text()
    assert page.input_value("#m-fr-headline") == "Rappel de lot"
    page.close()


# --- Stock --------------------------------------------------------------------------------


def _restore_stock(live: Live, quantity: int, threshold: int | None) -> None:
    """Take back the delivery and put the threshold back (the API has no undo for either)."""

    async def work() -> None:
        database = Database.from_url(live.settings.owner_database_url, pool_size=1)
        try:
            async with database.session() as session:
                owner = await session.scalar(
                    text("SELECT association_id FROM app_user WHERE username = 'coord-riviera'")
                )
                await session.execute(
                    text(
                        "DELETE FROM stock_movement WHERE id = (SELECT max(id) FROM "
                        "stock_movement WHERE association_id = :a AND item = :i AND delta = :q)"
                    ),
                    {"a": owner, "i": ITEM, "q": quantity},
                )
                if threshold is None:
                    await session.execute(
                        text("DELETE FROM stock_threshold WHERE association_id = :a AND item = :i"),
                        {"a": owner, "i": ITEM},
                    )
                else:
                    await session.execute(
                        text(
                            "UPDATE stock_threshold SET threshold = :t "
                            "WHERE association_id = :a AND item = :i"
                        ),
                        {"a": owner, "i": ITEM, "t": threshold},
                    )
                await session.commit()
        finally:
            await database.dispose()

    _in_thread(work)


def test_a_delivery_and_a_threshold_make_an_item_low(
    live: Live, coordinator: BrowserContext
) -> None:
    page = coordinator.new_page()
    page.goto(f"{live.origin}/app/stock?lang=fr")
    row = page.locator(f"tr[data-item='{ITEM}']")
    row.wait_for()
    before = next(i for i in _fetch(page, "/api/v1/stock")["body"]["items"] if i["item"] == ITEM)
    quantity = 4321
    try:
        page.select_option("#d-item", ITEM)
        page.fill("#d-quantity", str(quantity))
        page.click("#delivery-form button[type=submit]")
        after = before["quantity"] + quantity
        expect(row.locator("td").first).to_have_text(
            re.compile(r"\D*".join(str(after))), timeout=10_000
        )
        assert page.inner_text("#d-status")
        page.select_option("#t-item", ITEM)
        page.fill("#t-threshold", str(after + 10))
        page.click("#threshold-form button[type=submit]")
        low = page.locator(f"tr.low[data-item='{ITEM}']")
        low.wait_for()
        assert "Bas" in low.locator("td.state-low").inner_text()
        assert page.locator(".low-summary").count() == 1
        _shot(page, "stock-fr-phone")
    finally:
        _restore_stock(live, quantity, before["threshold"])
        page.close()


# --- People -------------------------------------------------------------------------------


def test_a_worker_is_created_changes_the_first_password_and_is_disabled(
    live: Live, browser: Browser, coordinator: BrowserContext
) -> None:
    name = f"veilleur-{uuid.uuid4().hex[:8]}"
    page = coordinator.new_page()
    page.goto(f"{live.origin}/app/people?lang=fr")
    page.locator("tr[data-username='worker-riviera']").wait_for()
    page.fill("#p-username", name)
    page.click("#p-generate")
    first = page.input_value("#p-password")
    assert len(first) == 16
    with page.expect_response(
        lambda r: r.url.endswith("/api/v1/users") and r.request.method == "POST"
    ) as made:
        page.click("#person-form button[type=submit]")
    assert made.value.status == 201, made.value.text()
    assert made.value.json()["role"] == "worker"
    page.wait_for_selector("#p-created:not([hidden])")
    assert page.inner_text("#p-first") == first
    assert page.input_value("#p-password") == ""  # shown once, in the hand-over box only
    page.locator(f"tr[data-username='{name}']").wait_for()
    _shot(page, "people-created-fr-phone")

    newcomer = browser.new_context(locale="fr-FR", viewport=PHONE)
    try:
        login = newcomer.new_page()
        _log_in(login, live, name, first)
        login.wait_for_url(re.compile(r"/app/password"))
    finally:
        newcomer.close()

    row = page.locator(f"tr[data-username='{name}']")
    row.locator("button.disable").click()
    row.locator(".confirm button.danger").click()
    page.locator(f"tr.disabled[data-username='{name}']").wait_for()
    users = _fetch(page, "/api/v1/users")["body"]["users"]
    assert next(u for u in users if u["username"] == name)["disabled_at"]
    again = browser.new_context(locale="fr-FR", viewport=PHONE)
    try:
        login = again.new_page()
        _log_in(login, live, name, first)
        login.wait_for_selector("form[action*='login'], #l-user")
        assert "/app/login" in login.url
    finally:
        again.close()
    page.close()


def test_a_second_factor_to_enrol_is_shown_once_as_a_qr_code(
    live: Live, coordinator: BrowserContext
) -> None:
    """What the page does with a `totp_uri` (a coordinator creates workers only: the answer
    is the API's for a coordinator's account, given in the browser)."""
    page = coordinator.new_page()
    uri = "otpauth://totp/Maraude:test?secret=JBSWY3DPEHPK3PXP&issuer=Maraude"

    def answer(route: Route) -> None:
        if route.request.method != "POST":
            route.fallback()
            return
        route.fulfill(
            status=201,
            json={
                "id": str(uuid.uuid4()),
                "username": "test-qr",
                "role": "coordinator",
                "association_id": str(uuid.uuid4()),
                "created_at": "2026-12-01T10:00:00Z",
                "disabled_at": None,
                "totp_uri": uri,
            },
        )

    page.route("**/api/v1/users", answer)
    page.goto(f"{live.origin}/app/people?lang=en")
    page.fill("#p-username", "test-qr")
    page.click("#p-generate")
    page.click("#person-form button[type=submit]")
    page.wait_for_selector("#p-created svg.qr")
    assert page.inner_text("#p-secret") == "JBSWY3DPEHPK3PXP"
    assert "will not be shown again" in page.inner_text("#p-handover")
    page.close()


# --- Statistics ---------------------------------------------------------------------------


def test_the_statistics_download_as_csv_and_ods(live: Live, coordinator: BrowserContext) -> None:
    page = coordinator.new_page()
    page.goto(f"{live.origin}/app/stats?lang=fr")
    assert page.locator("nav.console-nav a[aria-current=page]").inner_text() == "Statistiques"
    page.select_option("#s-period", "quarter")
    page.select_option("#s-place", "departement")
    with page.expect_download() as csv_download:
        page.click("#s-csv")
    data = Path(csv_download.value.path()).read_bytes().decode("utf-8-sig")
    header = re.split("[;,]", data.splitlines()[0])
    assert header == ["indicator", "quarter", "departement", "value"], header
    with page.expect_download() as ods_download:
        page.click("#s-ods")
    spreadsheet = zipfile.ZipFile(io.BytesIO(Path(ods_download.value.path()).read_bytes()))
    assert "content.xml" in spreadsheet.namelist()
    assert spreadsheet.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    page.close()


def test_rapid_tests_and_referrals_each_have_their_own_scale() -> None:
    month = date(2026, 11, 1)
    counts = {
        (month, "06088", "rapid-tests"): 340,
        (date(2026, 10, 1), "06088", "rapid-tests"): 120,
        (month, "06088", "referrals:emergency-shelter"): 2,
        (month, "06088", "people-met"): 900,
    }
    html = stats_page(catalog("en"), association="A", counts=counts, stock=[], quick_exit="/")
    charts = re.findall(
        r'<section class="multiple" data-indicator="([^"]+)">(.*?)</section>', html, re.S
    )
    assert [name for name, _ in charts] == ["rapid-tests", "referrals:emergency-shelter"]
    scales = {name: re.findall(r"Scale: 0 to (\d+)", body)[0] for name, body in charts}
    assert scales == {"rapid-tests": "500", "referrals:emergency-shelter": "2"}
    heights = {
        name: [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', body)]
        for name, body in charts
    }
    assert heights["referrals:emergency-shelter"] == [0.0, 100.0]  # the 2 fills its own chart
    assert heights["rapid-tests"] == [24.0, 68.0]
    table = html.split('<table class="figures activity">', 1)[1].split("</table>", 1)[0]
    assert '<td><span dir="ltr">340</span></td>' in table
    assert "Referrals: Emergency shelter" in table


# --- Who sees what ------------------------------------------------------------------------

PAGES = ("/app/alerts", "/app/stock", "/app/people", "/app/stats")


def test_workers_get_none_of_these_pages(live: Live, members: dict[str, BrowserContext]) -> None:
    for name, context in members.items():
        page = context.new_page()
        page.goto(f"{live.origin}/app?lang=fr")
        assert page.locator("a[href^='/app/people'], a[href^='/app/stock']").count() == 0
        for path in PAGES:
            response = page.goto(f"{live.origin}{path}?lang=fr")
            assert response is not None
            assert response.status == 403, (name, path)
            assert page.locator("form").filter(has=page.locator("button.primary")).count() == 0
        assert _fetch(page, "/api/v1/users")["status"] == 403
        assert _fetch(page, "/api/v1/stats.csv")["status"] == 403
        page.close()


def test_the_other_association_sees_nothing_of_riviera(
    live: Live, coordinator: BrowserContext, members: dict[str, BrowserContext]
) -> None:
    mine = coordinator.new_page()
    mine.goto(f"{live.origin}/app/people?lang=fr")
    mine.locator("tr[data-username='worker-riviera']").wait_for()
    assert mine.locator("tr[data-username='worker-frontiere']").count() == 0
    page = members["worker-frontiere"].new_page()
    page.goto(f"{live.origin}/app?lang=fr")
    assert _fetch(page, "/api/v1/users")["status"] == 403
    assert _fetch(page, "/api/v1/stats")["status"] == 403
    for path in PAGES:
        response = page.goto(f"{live.origin}{path}?lang=fr")
        assert response is not None
        assert response.status == 403
        assert "Riviera" not in page.content()
    page.close()
    mine.close()


# --- Accessibility ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", axe_languages("pt", "ro"))
def test_alerts_and_people_pass_axe(live: Live, coordinator: BrowserContext, lang: str) -> None:
    page = coordinator.new_page()
    page.goto(f"{live.origin}/app/alerts?lang={lang}")
    page.click("input[name=a-where][value=area]")
    page.wait_for_selector("#a-map.leaflet-container")
    page.wait_for_selector("#alerts-list :is(p, article)")
    assert not _serious(page), (lang, _serious(page))
    assert not _wide(page), lang
    _shot(page, f"alerts-{lang}-phone")
    page.goto(f"{live.origin}/app/people?lang={lang}")
    page.wait_for_selector("#people-list table")
    assert not _serious(page), (lang, _serious(page))
    assert not _wide(page), lang
    _shot(page, f"people-{lang}-phone")
    page.close()


def test_every_word_the_scripts_say_is_in_the_word_list() -> None:
    scripts = Path(__file__).resolve().parents[2] / "web" / "static" / "js"
    said = set()
    for name in ("console_alerts.js", "console_stock.js", "console_people.js"):
        said |= set(re.findall(r'\bt\("((?:[^"\\]|\\.)*)"', (scripts / name).read_text("utf-8")))
    assert said
    assert said - set(SCRIPT_WORDS) == set()
