"""The library's pages and the exposure sheet in Chromium: nothing from elsewhere, axe, one
printed page, and the exposure sheet's answers never leave the browser."""

from __future__ import annotations

import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Request

from tests.web.conftest import Live
from web.i18n import LANGUAGES, catalog
from web.library import library

SERIOUS = ("serious", "critical")


def _pages_of(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.fixture
def page(browser: Browser) -> Page:
    return browser.new_context(locale="fr-FR").new_page()


def _watch(page: Page) -> list[Request]:
    requests: list[Request] = []
    page.on("request", lambda r: requests.append(r))
    return requests


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_index_and_a_page_pass_axe_at_360_px_and_ask_nothing_elsewhere(
    browser: Browser, live: Live, lang: str
) -> None:
    context = browser.new_context(locale=lang, viewport={"width": 360, "height": 780})
    page = context.new_page()
    requests = _watch(page)
    slug = library()[0].slug
    for path in (f"/info?lang={lang}", f"/info/{slug}?lang={lang}", f"/info/exposure?lang={lang}"):
        page.goto(f"{live.origin}{path}")
        page.wait_for_load_state("networkidle")
        found = [v for v in Axe().run(page).response["violations"] if v["impact"] in SERIOUS]
        assert found == [], (path, [v["id"] for v in found])
        width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert width[0] <= width[1], path
    assert [r.url for r in requests if not r.url.startswith((live.origin, "data:"))] == []
    assert context.cookies() == []
    context.close()


PRINTED = LANGUAGES if os.environ.get("MARAUDE_FULL_MATRIX") else ("fr", "ar", "ru")
"""The languages whose every page is printed (all nine in `make test-full`)."""


@pytest.mark.parametrize("lang", PRINTED)
def test_every_page_prints_on_one_a4_page(page: Page, live: Live, lang: str) -> None:
    for topic in library():
        page.goto(f"{live.origin}/info/{topic.slug}?lang={lang}")
        page.emulate_media(media="print")
        assert _pages_of(page.pdf(format="A4")) == 1, (lang, topic.slug)


def test_the_quick_exit_works_on_the_library(page: Page, live: Live) -> None:
    page.goto(f"{live.origin}/info?lang=fr")
    page.click("#quick-exit")
    page.wait_for_url(live.neutral)


def test_the_exposure_sheets_answers_never_leave_the_browser(browser: Browser, live: Live) -> None:
    context = browser.new_context(
        locale="fr-FR",
        geolocation={"latitude": 43.735, "longitude": 7.42},
        permissions=["geolocation"],
    )
    page = context.new_page()
    requests = _watch(page)
    page.goto(f"{live.origin}/info/exposure?lang=fr")
    page.wait_for_selector("body[data-loaded=true]")
    page.check("input[name=hours][value='4']")
    page.check("input[name=what][value=assault]")
    page.check("input[name=what][value=condom]")
    page.check("input[name=complaint][value=yes]")
    page.select_option("#x-lang", "ro")
    page.click("#exposure button[type=submit]")
    page.click("#x-here")
    page.wait_for_selector("#sheet section.sheet[lang=ro]")
    sheets = page.locator("#sheet section.sheet")
    assert sheets.count() == 2  # the person's language, then French for the doctor
    ro, fr = catalog("ro"), catalog("fr")
    ro_text = sheets.nth(0).inner_text()
    fr_text = sheets.nth(1).inner_text()
    assert ro.gettext("What to ask for") in ro_text
    assert (
        fr.gettext(
            "Emergency contraception: a pill in any pharmacy, free and without "
            "prescription, or a copper IUD (up to 5 days)."
        )
        in fr_text
    )
    assert fr.gettext("The person wants to file a complaint.") in fr_text
    assert sheets.nth(1).locator("ol.places li").count() >= 1
    # Nothing but pages, scripts and the services of the whole area was asked for: no answer,
    # no position in any request.
    for r in requests:
        assert r.method == "GET", r.url
        assert not re.search(r"assault|condom|complaint|hours=|person=|lon=|lat=", r.url), r.url
        assert r.post_data is None
    api = [r.url for r in requests if "/api/" in r.url]
    assert all("/api/v1/services?" in u for u in api), api
    page.emulate_media(media="print")
    assert _pages_of(page.pdf(format="A4")) == 1
    context.close()
