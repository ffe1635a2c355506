"""The directory correction page in Chromium: a coordinator finds a service, corrects its hours
and languages (seen in the API, on its public page and in its audit trail), an invalid hours
expression is flagged and not saved, a stale save shows both versions and keeps what was typed,
no page for workers of either association, axe in the nine languages."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.web.conftest import ROOT, Live, axe_languages, fresh_code
from tests.web.test_team_map import PASSWORDS, TOTP
from web.directory_copy import CONFLICT_WORDS, SCRIPT_WORDS
from web.i18n import catalog

SHOTS = Path(os.environ["MARAUDE_SHOTS_DIR"]) if os.environ.get("MARAUDE_SHOTS_DIR") else None
"""Where to keep screenshots of the pages (none unless asked for)."""
PHONE = {"width": 360, "height": 740}
HOURS = "Mo-Fr 09:00-12:00"


def _said(script: str) -> set[str]:
    text = (ROOT / "web" / "static" / "js" / script).read_text(encoding="utf-8")
    return set(re.findall(r'\bt\("((?:[^"\\]|\\.)*)"', text))


def test_every_word_the_scripts_say_is_in_the_word_lists() -> None:
    assert _said("conflict.js") - set(CONFLICT_WORDS) == set()
    assert _said("console_directory.js") - set(SCRIPT_WORDS) == set()


def _log_in(page: Page, live: Live, username: str) -> None:
    page.goto(f"{live.origin}/app/login?lang=fr")
    page.fill("#l-user", username)
    page.fill("#l-pass", PASSWORDS[username])
    if username in TOTP:
        page.fill("#l-totp", fresh_code(TOTP[username]))
    page.click("button[type=submit]")
    page.wait_for_url(f"{live.origin}/app?lang=fr")


def _api(page: Page, method: str, path: str, body: Any = None, tag: str | None = None) -> Any:
    """Call the JSON API from the page (its cookie, its origin): status, ETag and body."""
    return page.evaluate(
        """async ([method, path, body, tag]) => {
            const headers = {Accept: "application/json"};
            if (tag) headers["If-Match"] = tag;
            const init = {method, headers, credentials: "same-origin"};
            if (body !== null) {
                headers["Content-Type"] = "application/json";
                init.body = JSON.stringify(body);
            }
            const r = await fetch(path, init);
            const text = await r.text();
            const parsed = text ? JSON.parse(text) : null;
            return {status: r.status, etag: r.headers.get("ETag"), body: parsed};
        }""",
        [method, path, body, tag],
    )


@pytest.fixture(scope="module")
def coordinator(live: Live, browser: Browser) -> Iterator[Page]:
    """coord-riviera logged in once for the module, on a phone."""
    context = browser.new_context(locale="fr-FR", viewport=PHONE)
    page = context.new_page()
    _log_in(page, live, "coord-riviera")
    yield page
    context.close()


@pytest.fixture(scope="module")
def service(live: Live, coordinator: Page) -> Iterator[dict[str, str]]:
    """A service of this module's own, deleted at the end: the demo data stay as they were."""
    name = f"Permanence du test {uuid.uuid4().hex[:6]}"
    body = {
        "name": name,
        "categories": ["community-health"],
        "lon": 7.4246,
        "lat": 43.7384,
        "city": "Beausoleil",
        "phone": "04 93 00 00 10",
        "opening_hours": "Tu 14:00-18:00",
        "languages": ["fr"],
        "conditions": ["free"],
    }
    made = _api(coordinator, "POST", "/api/v1/services", body)
    assert made["status"] == 201, made
    sid = made["body"]["id"]
    yield {"id": sid, "name": name}
    now = _api(coordinator, "GET", f"/api/v1/services/{sid}")
    gone = _api(coordinator, "DELETE", f"/api/v1/services/{sid}", tag=now["etag"])
    assert gone["status"] == 204, gone


def _record(live: Live, sid: str) -> dict[str, Any]:
    properties: dict[str, Any] = httpx.get(f"{live.origin}/api/v1/services/{sid}").json()[
        "properties"
    ]
    return properties


def _open(page: Page, live: Live, sid: str, lang: str = "fr") -> None:
    page.goto(f"{live.origin}/app/directory/{sid}?lang={lang}")
    page.wait_for_selector("#correct:not([hidden])")


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
    """Keep the phone's view, the whole page and a desktop's view when screenshots are asked
    for."""
    if not SHOTS:
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-phone.png"))
    page.screenshot(path=str(SHOTS / f"{name}-phone-all.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)


def test_a_coordinator_corrects_hours_and_languages(
    live: Live, coordinator: Page, service: dict[str, str]
) -> None:
    page = coordinator
    page.goto(f"{live.origin}/app/directory?lang=fr")
    page.fill("#s-q", service["name"])
    page.fill("#s-city", "beausol")
    page.click("#search button[type=submit]")
    page.locator(".results-list a", has_text=service["name"]).click()
    page.wait_for_url(f"{live.origin}/app/directory/{service['id']}?lang=fr")
    page.wait_for_selector("#correct:not([hidden])")
    assert page.locator("#f-hours").input_value() == "Tu 14:00-18:00"
    before = len(_api(page, "GET", f"/api/v1/services/{service['id']}/history")["body"]["entries"])
    page.fill("#f-hours", "Mo-Fr 10:15-16:45; PH off")
    page.check("#field-languages input[value=ro]")
    page.fill("#f-other-languages", "fa")
    page.click("#add-closure")
    row = page.locator("#closure-rows .closure-row").last
    row.locator(".c-start").fill("2099-12-24")
    row.locator(".c-end").fill("2099-12-26")
    row.locator(".c-reason").fill("Fêtes")
    with page.expect_response(lambda r: r.request.method == "PATCH") as saved:
        page.click("#correct button[type=submit]")
    assert saved.value.status == 200
    record = _record(live, service["id"])
    assert record["opening_hours"] == "Mo-Fr 10:15-16:45; PH off"
    assert sorted(record["languages"]) == ["fa", "fr", "ro"]
    assert record["closures"] == [{"start": "2099-12-24", "end": "2099-12-26", "reason": "Fêtes"}]
    assert record["phone"] == "04 93 00 00 10"  # what was not touched stays
    public = page.context.new_page()
    public.goto(f"{live.origin}/service/{service['id']}?lang=fr")
    hours = public.locator("ul.hours").first.inner_text()
    assert "10:15" in hours
    assert "16:45" in hours
    public.close()
    label = catalog("fr").gettext("Opening hours")
    trail = page.locator("#history .history-list li")
    expect(trail).to_have_count(before + 1)
    assert label in trail.first.inner_text()
    assert "coord-riviera" in trail.first.inner_text()
    _shot(page, "service-fr-phone")
    back = _api(page, "GET", f"/api/v1/services/{service['id']}")
    put = {"opening_hours": HOURS, "languages": ["fr"], "closures": []}
    assert (
        _api(page, "PATCH", f"/api/v1/services/{service['id']}", put, back["etag"])["status"] == 200
    )


def test_invalid_hours_are_flagged_and_not_saved(
    live: Live, coordinator: Page, service: dict[str, str]
) -> None:
    page = coordinator
    _open(page, live, service["id"])
    kept = _record(live, service["id"])["opening_hours"]
    page.fill("#f-hours", "Mo-Fr 25:00-99:00 whenever")
    page.click("#correct button[type=submit]")
    error = page.locator("#err-opening_hours")
    error.wait_for()
    assert error.inner_text().strip()
    assert page.locator("#f-hours").get_attribute("aria-invalid") == "true"
    assert page.locator("#f-hours").input_value() == "Mo-Fr 25:00-99:00 whenever"
    assert _record(live, service["id"])["opening_hours"] == kept


def test_a_stale_save_shows_both_versions_and_keeps_what_was_typed(
    live: Live, coordinator: Page, service: dict[str, str]
) -> None:
    page = coordinator
    _open(page, live, service["id"])
    page.fill("#f-phone", "04 93 00 00 11")
    page.fill("#f-message", "Fermé exceptionnellement jeudi")
    page.fill("#f-message-end", "2099-01-31")
    # Someone else changes the phone meanwhile.
    now = _api(page, "GET", f"/api/v1/services/{service['id']}")
    theirs = {"phone": "04 93 00 00 22"}
    assert (
        _api(page, "PATCH", f"/api/v1/services/{service['id']}", theirs, now["etag"])["status"]
        == 200
    )
    with page.expect_response(lambda r: r.request.method == "PATCH") as lost:
        page.click("#correct button[type=submit]")
    assert lost.value.status == 412
    box = page.locator(".conflict")
    box.wait_for()
    fields = box.locator("fieldset")
    assert fields.count() == 1  # only the phone: both changed it
    assert "04 93 00 00 11" in fields.first.locator(".conflict-mine").inner_text()
    assert "04 93 00 00 22" in fields.first.locator(".conflict-theirs").inner_text()
    assert fields.first.locator(".conflict-mine input").is_checked()
    assert not _serious(page), _serious(page)
    _shot(page, "conflict-fr-phone")
    with page.expect_response(lambda r: r.request.method == "PATCH") as saved:
        box.locator("button").click()
    assert saved.value.status == 200
    record = _record(live, service["id"])
    assert record["phone"] == "04 93 00 00 11"
    assert record["temporary_message"]["text"] == {"fr": "Fermé exceptionnellement jeudi"}
    assert page.locator("#f-phone").input_value() == "04 93 00 00 11"
    back = _api(page, "GET", f"/api/v1/services/{service['id']}")
    put = {"phone": "04 93 00 00 10", "temporary_message": None}
    assert (
        _api(page, "PATCH", f"/api/v1/services/{service['id']}", put, back["etag"])["status"] == 200
    )


@pytest.mark.parametrize("username", ["worker-riviera", "worker-frontiere"])
def test_workers_get_no_directory_page(
    live: Live, browser: Browser, service: dict[str, str], username: str
) -> None:
    context = browser.new_context(locale="fr-FR", viewport=PHONE)
    page = context.new_page()
    _log_in(page, live, username)
    assert page.locator("a[href^='/app/directory']").count() == 0
    for path in ("/app/directory", f"/app/directory/{service['id']}"):
        response = page.goto(live.origin + path)
        assert response is not None
        assert response.status == 403
        assert page.locator("#correct").count() == 0
    context.close()


@pytest.mark.parametrize("lang", axe_languages("ru", "zh"))
def test_the_directory_pages_pass_axe(
    live: Live, coordinator: Page, service: dict[str, str], lang: str
) -> None:
    page = coordinator
    _open(page, live, service["id"], lang)
    page.wait_for_selector("#history .history-list, #history p")
    assert not _serious(page), (lang, _serious(page))
    assert not _wide(page), lang
    if lang in ("fr", "ar"):
        _shot(page, f"service-{lang}")
        page.goto(f"{live.origin}/app/directory?lang={lang}")
        page.wait_for_selector(".results-list")
        assert not _serious(page), (lang, _serious(page))
        assert not _wide(page), lang
        _shot(page, f"directory-{lang}")
