"""The console's zones and teams pages in Chromium: a polygon drawn on the map with Geoman and
found in the API, a stale edit resolved field by field without losing what was typed, the
hours editor (an invalid expression flagged, a night past midnight spilling into the next
day), a team's shifts edited, no page for workers, and axe in the nine languages."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import APIRequestContext, Browser, BrowserContext, Page, expect

from tests.web.conftest import ROOT, Live, axe_languages, fresh_code
from tests.web.test_team_map import PASSWORDS, RIVIERA, TOTP
from web.zone_copy import HOURS_WORDS, SCRIPT_WORDS

SHOTS = Path(os.environ["MARAUDE_SHOTS_DIR"]) if os.environ.get("MARAUDE_SHOTS_DIR") else None
"""Where to keep screenshots of the pages (none unless asked for)."""
PHONE = {"width": 360, "height": 740}
SHIFTS = "Mo 20:00-23:00"


def _said(script: str) -> set[str]:
    """Return the msgids a script passes to t() as literals."""
    text = (ROOT / "web" / "static" / "js" / script).read_text(encoding="utf-8")
    return set(re.findall(r'\bt\("((?:[^"\\]|\\.)*)"', text))


def test_every_word_the_scripts_say_is_in_the_word_lists() -> None:
    assert _said("hours_editor.js") <= set(HOURS_WORDS)
    for script in ("console_zones.js", "console_teams.js"):
        assert _said(script) - set(SCRIPT_WORDS) == set(), script


def _log_in(page: Page, live: Live, username: str) -> None:
    page.goto(f"{live.origin}/app/login?lang=fr")
    page.fill("#l-user", username)
    page.fill("#l-pass", PASSWORDS[username])
    if username in TOTP:
        page.fill("#l-totp", fresh_code(TOTP[username]))
    page.click("button[type=submit]")
    page.wait_for_url(f"{live.origin}/app?lang=fr")


@pytest.fixture(scope="module")
def signed_in(browser: Browser, live: Live) -> Iterator[Any]:
    """The coordinator's session, logged in once for the module (a TOTP code works once)."""
    context = browser.new_context(locale="fr-FR")
    _log_in(context.new_page(), live, "coord-riviera")
    yield context.storage_state()
    context.close()


@pytest.fixture
def coordinator(browser: Browser, signed_in: Any) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="fr-FR", storage_state=signed_in, viewport=PHONE)
    yield context
    context.close()


def _zone(request: APIRequestContext, live: Live, name: str) -> dict[str, Any]:
    made = request.post(
        f"{live.origin}/api/v1/zones",
        data={
            "name": name,
            "kind": "street",
            "geometry": {"type": "Point", "coordinates": [7.4215, 43.7365]},
            "presence": "Mo 20:00-22:00",
            "commune": "99138",
        },
    )
    assert made.status == 201, made.text()
    body: dict[str, Any] = made.json()
    return body


def _delete(request: APIRequestContext, live: Live, path: str) -> None:
    got = request.get(f"{live.origin}{path}")
    if got.status == 404:
        return
    gone = request.delete(f"{live.origin}{path}", headers={"If-Match": got.headers["etag"]})
    assert gone.status == 204, gone.text()


def _zones(request: APIRequestContext, live: Live) -> list[dict[str, Any]]:
    got = request.get(f"{live.origin}/api/v1/zones?limit=500")
    assert got.status == 200
    features: list[dict[str, Any]] = got.json()["features"]
    return features


def test_a_polygon_drawn_on_the_map_is_a_zone_in_the_api(
    coordinator: BrowserContext, live: Live
) -> None:
    name = f"Parking du test {uuid.uuid4().hex[:6]}"
    try:
        page = coordinator.new_page()
        _draw_and_save(page, live, name)
        [zone] = [z for z in _zones(coordinator.request, live) if z["properties"]["name"] == name]
        assert zone["geometry"]["type"] == "Polygon"
        assert len(zone["geometry"]["coordinates"][0]) == 5
        assert zone["properties"]["presence"] == "Fr,Sa 22:00-03:00"
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("#edit-delete")
        expect(page.locator("#item-status")).to_have_text("Deleted.")
        assert not [z for z in _zones(coordinator.request, live) if z["id"] == zone["id"]]
    finally:
        for z in _zones(coordinator.request, live):
            if z["properties"]["name"] == name:
                _delete(coordinator.request, live, f"/api/v1/zones/{z['id']}")


def _draw_and_save(page: Page, live: Live, name: str) -> None:
    """Draw a four-cornered area with the mouse, fill the form and save."""
    page.goto(f"{live.origin}/app/zones?lang=en")
    page.wait_for_selector("#item-rows tr")
    page.click("#new-item")
    page.fill("#z-name", name)
    page.click("[data-draw=Polygon]")
    box = page.locator("#edit-map").bounding_box()
    assert box is not None
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    corners = [(cx - 60, cy - 50), (cx + 60, cy - 50), (cx + 70, cy + 50), (cx - 50, cy + 60)]
    for x, y in corners:
        page.mouse.click(x, y)
        page.wait_for_timeout(120)
    page.mouse.click(*corners[0])  # the first point again closes the area
    expect(page.locator("#z-shape-said")).to_contain_text("4")
    page.fill("#z-presence", "Fr,Sa 22:00-03:00")
    page.fill("#z-commune", "99138")
    page.click("#edit-form button[type=submit]")
    expect(page.locator("#edit-status")).to_have_text("Saved.")
    expect(page.locator("#item-rows")).to_contain_text(name)


def test_a_stale_edit_shows_both_versions_and_keeps_what_was_typed(
    coordinator: BrowserContext, live: Live
) -> None:
    request = coordinator.request
    zone = _zone(request, live, f"Rue du conflit {uuid.uuid4().hex[:6]}")
    path = f"/api/v1/zones/{zone['id']}"
    try:
        page = coordinator.new_page()
        page.goto(f"{live.origin}/app/zones?lang=en")
        page.click(f"#item-rows tr[data-id='{zone['id']}'] button")
        expect(page.locator("#z-name")).to_have_value(zone["properties"]["name"])
        typed = "Rue du conflit, côté gare"
        page.fill("#z-name", typed)
        page.fill("#z-presence", "Mo-Fr 21:00-23:30")
        # Someone else saves first.
        seen = request.get(f"{live.origin}{path}")
        other = request.patch(
            f"{live.origin}{path}",
            data={"name": "Renommée ailleurs", "priority": 5},
            headers={"If-Match": seen.headers["etag"]},
        )
        assert other.status == 200, other.text()
        page.click("#edit-form button[type=submit]")
        conflict = page.locator(".conflict")
        expect(conflict).to_be_visible()
        name_choice = conflict.locator("fieldset[data-field=name]")
        expect(name_choice).to_contain_text(typed)
        expect(name_choice).to_contain_text("Renommée ailleurs")
        expect(name_choice.locator("input[value=mine]")).to_be_checked()
        expect(conflict.locator("fieldset[data-field=presence]")).to_be_visible()
        # The priority was not touched here: the saved one stands, without a question.
        expect(conflict.locator("fieldset[data-field=priority]")).to_have_count(0)
        expect(page.locator("#z-presence")).to_have_value("Mo-Fr 21:00-23:30")  # nothing lost
        if SHOTS:
            SHOTS.mkdir(parents=True, exist_ok=True)
            conflict.screenshot(path=str(SHOTS / "zones-conflict-phone.png"))
        conflict.get_by_role("button").click()
        expect(page.locator("#edit-status")).to_have_text("Saved.")
        now = request.get(f"{live.origin}{path}").json()["properties"]
        assert (now["name"], now["presence"], now["priority"]) == (typed, "Mo-Fr 21:00-23:30", 5)
    finally:
        _delete(request, live, path)


def test_the_hours_editor_flags_an_error_and_draws_a_night_past_midnight(
    coordinator: BrowserContext, live: Live
) -> None:
    page = coordinator.new_page()
    page.goto(f"{live.origin}/app/zones?lang=en")
    page.click("#new-item")
    hours = page.locator("#z-presence")
    hours.fill("Mo-Fr 25:00-26:00")
    expect(hours).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#z-presence-status")).to_contain_text("Not valid")
    hours.fill("Mo 22:00-02:00")
    expect(hours).not_to_have_attribute("aria-invalid", "true")
    chart = page.locator("#z-presence-chart")
    expect(chart.locator(".hc-row[data-day='1'] .hc-spill")).to_have_count(1)  # Tuesday's row
    expect(chart.locator(".hc-row[data-day='0'] .hc-on")).to_have_count(1)
    expect(chart.locator(".hc-row .hc-bar")).to_have_count(2)
    expect(chart.locator("table")).to_contain_text("Monday")
    expect(chart.locator("table")).to_contain_text("22:00–02:00 (next day)")
    assert "4 hours a week" in page.locator("#z-presence-status").inner_text()


def test_a_team_s_shifts_are_edited(coordinator: BrowserContext, live: Live) -> None:
    request = coordinator.request
    label = f"Équipe du test {uuid.uuid4().hex[:6]}"
    point = {"type": "Point", "coordinates": [7.42, 43.731]}
    made = request.post(
        f"{live.origin}/api/v1/teams",
        data={"label": label, "mode": "foot", "start": point, "end": point, "shifts": SHIFTS},
    )
    assert made.status == 201, made.text()
    path = f"/api/v1/teams/{made.json()['id']}"
    try:
        page = coordinator.new_page()
        page.goto(f"{live.origin}/app/teams?lang=en")
        page.click(f"#item-rows tr[data-id='{made.json()['id']}'] button")
        expect(page.locator("#t-label")).to_have_value(label)
        page.fill("#t-shifts", "We,Fr 19:00-01:00")
        expect(page.locator("#t-shifts-chart .hc-row .hc-spill")).to_have_count(2)
        page.check("#edit-form input[value=nurse]")
        page.select_option("#t-mode", "bike")
        page.click("#edit-form button[type=submit]")
        expect(page.locator("#edit-status")).to_have_text("Saved.")
        team = request.get(f"{live.origin}{path}").json()
        assert team["shifts"] == "We,Fr 19:00-01:00"
        assert (team["mode"], team["skills"]) == ("bike", ["nurse"])
    finally:
        _delete(request, live, path)


@pytest.mark.parametrize("username", ["worker-riviera", "worker-frontiere"])
def test_workers_get_no_zones_or_teams_page(browser: Browser, live: Live, username: str) -> None:
    context = browser.new_context(locale="fr-FR", viewport=PHONE)
    page = context.new_page()
    _log_in(page, live, username)
    for path in ("/app/zones", "/app/teams"):
        response = page.goto(f"{live.origin}{path}?lang=fr")
        assert response is not None
        assert response.status == 403
        assert page.locator("#edit-form, #new-item, button[type=submit]").count() == 0
        assert not any(name in page.content() for name in RIVIERA)
    context.close()


@pytest.mark.parametrize("lang", axe_languages("en"))
def test_the_zones_and_teams_pages_pass_axe(
    coordinator: BrowserContext, live: Live, lang: str
) -> None:
    page = coordinator.new_page()
    views = [("zones", "#z-presence-chart"), ("teams", "#t-shifts-chart")]
    for view, chart in views if lang in {"fr", "ar"} else views[:1]:  # the teams page: two
        page.set_viewport_size(PHONE)
        page.goto(f"{live.origin}/app/{view}?lang={lang}")
        page.locator("#item-rows tr button").first.click()
        page.wait_for_selector(f"{chart} .hc-row")
        assert not _serious(page), (view, lang, _serious(page))
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        if SHOTS and lang in {"fr", "ar"}:
            _shots(page, f"{view}-{lang}")


def _serious(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def _shots(page: Page, name: str) -> None:
    """Screenshots of the viewport at a phone's and a desktop's width, map then form."""
    assert SHOTS is not None
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size, width, height in (("phone", 360, 740), ("desktop", 1366, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"))
        page.locator("#edit-form .hours-chart").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"{name}-form-{size}.png"))
