"""Right at 3 a.m.: what a person at night, a worker and a partner get from the public map,
the embed and the team map (each test failed before the change it names)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.web.conftest import ROOT, Live
from tests.web.test_team_map import _log_in
from web.i18n import catalog

SHELTER = "Foyer d'hébergement d'urgence pour femmes (fictif)"
NIGHT = "2026-12-15T00:20"
"""A Tuesday, twenty past midnight in Paris."""


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-loaded=true]", timeout=15_000)


def _reload_with(page: Page, action: object) -> None:
    page.evaluate("document.body.removeAttribute('data-loaded')")
    action()  # type: ignore[operator]
    page.wait_for_selector("body[data-loaded=true]", timeout=15_000)


def _titles(page: Page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.textContent.trim())")


@pytest.fixture
def page(browser: Browser) -> Page:
    return browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()


@pytest.fixture
def night(browser: Browser) -> BrowserContext:
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    context.clock.install(time="2026-12-15T00:20:00+01:00")
    return context


def test_open_at_night_keeps_services_of_unknown_hours_in_their_groups(
    night: BrowserContext, live: Live
) -> None:
    """Point 2: "open now" at night no longer answers "no service" for emergency care."""
    page = night.new_page()
    _open(page, f"{live.origin}/?lang=fr")
    fr = catalog("fr")
    page.fill("#f-at", NIGHT)
    _reload_with(page, lambda: page.dispatch_event("#f-at", "change"))
    _reload_with(page, lambda: page.select_option("#f-category", "emergency-care"))
    groups = _titles(page, "#list li.group-title h3")
    assert fr.gettext("Open day and night") in groups
    assert "Centre Cardio Thoracique de Monaco" in _titles(page, "#list li.service .title")
    _reload_with(page, lambda: page.select_option("#f-category", "pharmacy"))
    groups = _titles(page, "#list li.group-title h3")
    # The on-duty pharmacy (24/7) first, then the pharmacies whose hours nobody knows.
    assert groups[-2:] == [
        fr.gettext("Open day and night"),
        fr.gettext("Hours unknown: call before going"),
    ]
    assert page.locator("#list li.service:not(.phone-line)").count() > 10


def test_shelters_and_pharmacies_on_duty_show_their_phone_line_first(
    page: Page, live: Live
) -> None:
    """Point 3 (and 1): "emergency shelter" shows the 115 and the confidential shelter to call,
    with no position anywhere on the page."""
    _open(page, f"{live.origin}/?lang=fr")
    _reload_with(page, lambda: page.select_option("#f-category", "emergency-shelter"))
    page.wait_for_selector("#list li.phone-line")
    lines = page.locator("#list li.phone-line")
    text = " ".join(_titles(page, "#list li.phone-line"))
    assert "115" in text
    assert SHELTER in text
    assert lines.locator("a[href='tel:115']").count() == 1
    assert catalog("fr").gettext("No service matches these filters.") not in page.inner_text(
        "#count"
    )
    assert page.locator(".leaflet-marker-icon.pin").count() == 0
    _reload_with(page, lambda: page.select_option("#f-category", "pharmacy"))
    page.wait_for_selector("#list li.phone-line a[href='tel:3237']")


def test_escape_closes_a_popup_or_leaves_a_field_without_leaving_the_page(
    page: Page, live: Live
) -> None:
    """Point 4."""
    _open(page, f"{live.origin}/?lang=fr")
    page.locator(".leaflet-marker-icon.pin").first.dispatch_event("click")
    page.wait_for_selector(".leaflet-popup")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url.startswith(live.origin)
    page.focus("#f-at")
    page.keyboard.press("Escape")
    page.focus("#f-category")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url.startswith(live.origin)
    page.evaluate(
        "document.activeElement.blur(); map = document.querySelector('.leaflet-popup');"
        "if (map) map.remove()"
    )
    page.keyboard.press("Escape")
    page.wait_for_url(live.neutral)


def test_escape_never_throws_a_worker_out_of_the_team_map(browser: Browser, live: Live) -> None:
    """Point 4: on /app the quick-exit button stays, the key does nothing."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    _log_in(page, live, "worker-riviera")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url.startswith(f"{live.origin}/app")
    page.click("#quick-exit")
    page.wait_for_url(live.neutral)
    context.close()


def test_an_embed_of_several_kinds_shows_them_all_with_its_presets(page: Page, live: Live) -> None:
    """Point 5 (and 15: presets for publics, conditions and a language)."""
    kinds = ("caarud", "pharmacy", "cegidd", "emergency-shelter")
    query = "&".join(f"category={k}" for k in kinds)
    _open(page, f"{live.origin}/embed?lang=fr&{query}")
    listed = page.eval_on_selector_all(
        "#list li.service:not(.phone-line) .kind", "els => els.map(e => e.textContent)"
    )
    fr = catalog("fr")
    for label in ("CAARUD", "CeGIDD"):
        assert any(label in k for k in listed), label
    assert any(fr.gettext("Pharmacy") in k for k in listed)
    assert page.locator("#f-category option").count() == len(kinds) + 1
    assert "tel:115" in page.inner_html("#list")
    _open(page, f"{live.origin}/embed?lang=fr&public=trans&condition=free")
    assert page.is_checked("#filters input[name=public][value=trans]")
    assert page.is_checked("#filters input[name=condition][value=free]")


def test_rows_say_what_a_service_is_and_where(page: Page, live: Live) -> None:
    """Points 10 and 13: the kind and the commune on each row; a legend for the markers."""
    _open(page, f"{live.origin}/?lang=fr")
    _reload_with(page, lambda: page.select_option("#f-category", "hygiene"))
    rows = page.locator("#list li.service").filter(has_text="Toilettes publiques")
    assert rows.count() > 5
    first = rows.first
    assert first.locator(".kind").inner_text().strip()
    towns = _titles(page, "#list li.service .town")
    assert any(re.search(r"\d{5} \w", t) for t in towns)
    legend = page.locator(".legend .legend-item")
    assert legend.count() == 4
    assert catalog("fr").gettext("Police") in page.inner_text(".legend")


def test_directions_work_on_a_desktop_and_on_a_phone(browser: Browser, live: Live) -> None:
    """Point 14: a desktop with no directions site draws the way on the page's own map; a
    phone gets its map application (geo: on Android)."""
    desktop = browser.new_context(
        locale="fr-FR",
        geolocation={"latitude": 43.735, "longitude": 7.42},
        permissions=["geolocation"],
    )
    page = desktop.new_page()
    _open(page, f"{live.origin}/?lang=fr")
    _reload_with(page, lambda: page.select_option("#f-category", "cegidd"))
    page.locator("#list li.service:not(.phone-line) button.name").first.click()
    page.locator("#list .details:not([hidden]) button.directions").click()
    page.wait_for_selector(".leaflet-tooltip")
    assert re.search(r"\d\s?k?m\b", page.inner_text(".leaflet-tooltip"))
    desktop.close()
    android = browser.new_context(
        locale="fr-FR",
        user_agent="Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126 Mobile",
        viewport={"width": 360, "height": 780},
    )
    phone = android.new_page()
    _open(phone, f"{live.origin}/?lang=fr")
    href = phone.locator("#list a.directions").first.get_attribute("href")
    assert href is not None
    assert href.startswith("geo:")
    android.close()


def test_from_here_calls_marks_the_language_draws_the_way_and_speaks_french(
    browser: Browser, live: Live
) -> None:
    """Points 1, 6 and 18: call buttons, the person's language marked, the way drawn, any
    time; the scripts' words in the page language with plural forms; the confidential
    shelter only to call, with no distance or route."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    _log_in(page, live, "worker-riviera")
    page.goto(f"{live.origin}/app?lang=fr")
    page.select_option("#h-category", "emergency-shelter")
    page.select_option("#h-when", "any")
    page.locator("#map").click(position={"x": 200, "y": 200})
    page.wait_for_selector("#h-list li.phone-line")
    shelter = page.locator("#h-list li").filter(has_text=SHELTER)
    assert shelter.count() == 1
    assert "phone-line" in (shelter.get_attribute("class") or "")
    assert not re.search(r"\d+\s?(m|km|min)\b", shelter.inner_text())
    page.select_option("#h-lang", "ro")
    page.select_option("#h-category", "cegidd")
    page.wait_for_selector("#h-list li.service:not(.phone-line) a.call")
    assert page.locator("#h-list .spoken.no").count() >= 1  # the CeGIDD speaks French, English
    count = page.inner_text("#h-count")
    fr = catalog("fr")
    assert re.search(r"\d+ services? à proximité", count), count
    assert page.locator("#h-list li.service:not(.phone-line) a.call").count() >= 1
    page.wait_for_function("document.querySelectorAll('.leaflet-overlay-pane path').length > 0")
    sheet = page.locator("#h-list a[href^='/app/orientation']").first
    assert sheet.inner_text() == fr.gettext("Orientation sheet")
    context.close()


def test_the_builder_titles_the_iframe_in_the_maps_language_and_takes_the_area_from_a_map(
    page: Page, live: Live
) -> None:
    """Point 15."""
    page.goto(f"{live.origin}/embed/builder?lang=fr")
    page.wait_for_selector("#b-map .leaflet-control-zoom")
    page.select_option("#b-lang", "ro")
    page.check("input[name=public][value=trans]")
    code = page.input_value("#b-code")
    title = catalog("ro").gettext("Help and health services nearby")
    assert f'title="{title}"' in code
    assert "public=trans" in code
    page.locator("#b-map").dblclick(position={"x": 100, "y": 100})
    for _ in range(50):  # the page's policy forbids evaluating a string: poll from here
        if "zoom=" in page.input_value("#b-code"):
            break
        page.wait_for_timeout(100)
    assert re.search(r"lon=7\.\d+", page.input_value("#b-code"))


def test_a_coordinators_plan_is_told_in_the_page_language(browser: Browser, live: Live) -> None:
    """Point 6: "Planned: 2 rounds." and the planner's reasons were English on every page."""
    context = browser.new_context(locale="ar")
    page = context.new_page()
    _log_in(page, live, "coord-riviera")
    page.goto(f"{live.origin}/app?lang=ar")
    monday = date.today() + timedelta(days=(7 - date.today().weekday()) % 7 or 7)
    page.fill("#p-week", monday.isoformat())
    page.click("#plan-form button[type=submit]")
    _run_the_worker(live)
    page.wait_for_selector("#rounds a[href$='week.ics']", timeout=30_000)
    ar = catalog("ar")
    status = page.inner_text("#p-status")
    # The number is in the page's digits (the browser's), the words from the catalog.
    assert status.startswith("تم التخطيط"), status
    assert page.inner_text("a[href$='week.ics']") == ar.gettext("Week calendar (ICS)")
    for reason in _titles(page, "#unvisited li"):
        assert not re.search(r"\b(team|shift|people|present)\b", reason), reason
    context.close()


def _run_the_worker(live: Live) -> None:
    env = {
        **os.environ,
        "MARAUDE_DATABASE_URL": live.settings.database_url,
        "MARAUDE_OWNER_DATABASE_URL": live.settings.owner_database_url,
        "MARAUDE_SECRET_KEY": "browser-tests-only-" + "s" * 32,
    }
    subprocess.run(
        [sys.executable, "-m", "api.cli", "worker", "--once"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
