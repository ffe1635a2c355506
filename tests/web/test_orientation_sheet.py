"""The orientation sheet for a person met: a confidential address never located, hours in words
and numbers in the person's language, no label said twice, the address or at least the commune,
a map with the streets, and one A4 page when printed (the words alone, over HTTP, and in
Chromium)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import procrastinate
import procrastinate.testing
import pytest
from axe_playwright_python.sync_playwright import Axe
from babel.dates import get_day_names
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, BrowserContext, Page
from pydantic import SecretStr

from api.main import create_app
from api.routers import team_pages
from tests.web.conftest import OUT, Live
from web.hours_words import hours_in_words
from web.i18n import catalog

PASSWORD = "Demo-worker-Riviera-2026"
FAR_FROM_THE_PHARMACY = (7.4190, 43.7310)
"""A street in Monaco more than a kilometre's walk from the demo's on-duty pharmacy."""
NEAR = (7.4246, 43.7384)
BABEL_LOCALE = {"zh": "zh_Hans_CN"}
SIDE = re.compile(r'<section [^>]*\blang="(?P<lang>[^"]+)"[^>]*>.*?</section>', re.S)


def _text(html: str) -> str:
    """Return the words of a page (tags dropped, entities of the sheet decoded)."""
    words = re.sub(r"<[^>]+>", " ", html)
    for entity, char in (("&#39;", "'"), ("&amp;", "&"), ("&quot;", '"'), ("&nbsp;", " ")):
        words = words.replace(entity, char)
    return " ".join(words.split())


def _sides(html: str) -> dict[str, str]:
    """Return the words of each language's side of the sheet, by page language."""
    return {m.group("lang").split("-")[0]: _text(m.group(0)) for m in SIDE.finditer(html)}


def _day(lang: str, weekday: int) -> str:
    return str(get_day_names("wide", locale=BABEL_LOCALE.get(lang, lang))[weekday])


# --- The hours in words, alone ------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "lines"),
    [
        (
            "Mo-Sa 21:00-02:00; PH off",
            ["lundi–samedi : 21:00–02:00", "dimanche : fermé", "fermé les jours fériés"],
        ),
        ("24/7", ["Ouvert 24 h/24, 7 j/7"]),
        ("24/7; PH off", ["tous les jours : toute la journée", "fermé les jours fériés"]),
        ("Mo-Su 09:00-21:00", ["tous les jours : 09:00–21:00"]),
        (
            "Mo-Fr 09:00-12:30,13:30-17:00; Sa 09:00-12:00; PH off",
            [
                "lundi–vendredi : 09:00–12:30 et 13:30–17:00",
                "samedi : 09:00–12:00",
                "dimanche : fermé",
                "fermé les jours fériés",
            ],
        ),
        (
            "Tu,Th 18:00-22:00",
            ["mardi et jeudi : 18:00–22:00", "lundi, mercredi et vendredi–dimanche : fermé"],
        ),
        (
            "Mo-Su 07:00-11:00; PH 08:00-10:00",
            ["tous les jours : 07:00–11:00", "jours fériés : 08:00–10:00"],
        ),
        (
            "Mo-Fr 09:00-18:00; We off",
            [
                "lundi, mardi, jeudi et vendredi : 09:00–18:00",
                "mercredi, samedi et dimanche : fermé",
            ],
        ),
        (
            "Mo-Fr 09:00-17:00; We 12:00-14:00 off",
            [
                "lundi, mardi, jeudi et vendredi : 09:00–17:00",
                "mercredi : 09:00–12:00 et 14:00–17:00",
                "samedi et dimanche : fermé",
            ],
        ),
        (
            "Mo-Fr 14:00-02:00; Sa 20:00-04:00",
            ["lundi–vendredi : 14:00–02:00", "samedi : 20:00–04:00", "dimanche : fermé"],
        ),
        ("Mo-Su 00:00-24:00; Su off", ["lundi–samedi : toute la journée", "dimanche : fermé"]),
    ],
)
def test_hours_are_worded_in_french(expression: str, lines: list[str]) -> None:
    worded = hours_in_words(catalog("fr"), expression)
    assert worded.raw is None
    assert [" ".join(line.replace("\u2009", "").split()) for line in worded.lines] == lines


@pytest.mark.parametrize(
    "expression",
    ["Mo-Fr sunrise-sunset", 'Mo-Fr 09:00-17:00 "sur rendez-vous"', "Jan-Mar Mo 10:00-12:00"],
)
def test_hours_that_cannot_be_worded_are_given_as_written(expression: str) -> None:
    worded = hours_in_words(catalog("ar"), expression)
    assert worded.lines == ()
    assert worded.raw == expression


def test_the_hours_are_worded_in_every_page_language() -> None:
    for lang in ("fr", "en", "es", "pt", "ro", "bg", "ru", "zh", "ar"):
        c = catalog(lang)
        worded = hours_in_words(c, "Mo-Sa 21:00-02:00; PH off")
        assert worded.lines[-1] == c.gettext("closed on public holidays")
        assert _day(lang, 0) in worded.lines[0]
        assert _day(lang, 5) in worded.lines[0]
        assert _day(lang, 6) in worded.lines[1]
        assert c.gettext("closed") in worded.lines[1]
        if lang != "en":
            assert c.gettext("closed on public holidays") != "closed on public holidays"


# --- Over HTTP: the app in this process (its routing can be watched) on the demo database ---
# Synchronous: the browser tests' driver keeps an event loop running in this thread.


@dataclass(frozen=True, slots=True)
class Sheets:
    """The app in this process, and a logged-in demo worker's headers."""

    http: TestClient
    worker: dict[str, str]

    def service(self, category: str, name: str) -> str:
        """Return the id of a demo service."""
        response = self.http.get(f"/api/v1/services?category={category}&limit=50")
        assert response.status_code == 200, response.text
        [found] = [f["id"] for f in response.json()["features"] if f["properties"]["name"] == name]
        return str(found)

    def sheet(self, service: str, lang: str, at: tuple[float, float] | None = NEAR) -> str:
        """Return the orientation sheet of a service, seen from `at`."""
        where = f"&lon={at[0]}&lat={at[1]}" if at else ""
        url = f"/app/orientation?service={service}&lang={lang}{where}"
        response = self.http.get(url, headers=self.worker)
        assert response.status_code == 200, response.text[:300]
        return response.text


@pytest.fixture(scope="module")
def sheets(live: Live) -> Iterator[Sheets]:
    """The app on the page tests' demo database, with a demo worker logged in."""
    settings = live.settings.model_copy(update={"secret_key": SecretStr("sheet-tests-" + "k" * 32)})
    queue = procrastinate.App(connector=procrastinate.testing.InMemoryConnector())
    with TestClient(create_app(settings, queue=queue), base_url="http://maraude.test") as http:
        form = {"username": "worker-riviera", "password": PASSWORD}
        response = http.post("/app/login?lang=fr", data=form, follow_redirects=False)
        assert response.status_code == 303
        # The cookie is Secure: send it by hand over this plain-HTTP client.
        yield Sheets(http, {"Cookie": f"maraude_session={response.cookies['maraude_session']}"})


SHELTER = ("emergency-shelter", "Foyer d'hébergement d'urgence pour femmes (fictif)")
CAARUD = ("caarud", "CAARUD bus de nuit (fictif)")
PHARMACY = ("pharmacy", "Pharmacie de garde (fictif)")
CSAPA = ("csapa", "CSAPA des Moneghetti (fictif)")
TROD = ("trod", "Association Prévention Riviera — TROD (fictif)")


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_confidential_address_is_never_located_on_the_sheet(
    sheets: Sheets, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    asked: list[Any] = []

    async def no_routing(*args: Any) -> None:
        asked.append(args)
        raise AssertionError("the way to a confidential address was computed")

    monkeypatch.setattr(team_pages, "route", no_routing)
    html = sheets.sheet(sheets.service(*SHELTER), lang)
    assert asked == []
    words = _text(html)
    assert SHELTER[1].replace("'", "&#39;") in html or SHELTER[1] in words
    assert "+33 4 00 00 00 13" in words  # the phone: how the person reaches them
    for c in (catalog(lang), catalog("fr")):
        assert c.gettext("Call: they will tell you where to go.") in words
        assert c.gettext("On foot") not in words
        assert c.gettext("Address") not in words
    for located in (
        "sheet-map",
        "polyline",
        "Adresse confidentielle",
        "La Turbie",
        "06320",
        "7.411",
    ):
        assert located not in html
    assert re.findall(r"<svg", html) == ["<svg"]  # only the QR code of the phone number
    assert not re.search(r"\d\s?(km|m)\b|كم|متر", words)


def test_the_hours_are_in_words_in_the_persons_language_then_french(sheets: Sheets) -> None:
    caarud = sheets.service(*CAARUD)
    for lang in ("fr", "ro", "ar"):
        sides = _sides(sheets.sheet(caarud, lang))
        assert set(sides) == {lang, "fr"}
        for side_lang, words in sides.items():
            c = catalog(side_lang)
            assert "Mo-Sa" not in words
            assert "PH off" not in words
            assert _day(side_lang, 5) in words  # Saturday: the last night of the week open
            assert c.gettext("closed on public holidays") in words
            assert "21:00" in words or "9:00" in words
    fr = _sides(sheets.sheet(caarud, "fr"))["fr"]
    assert "lundi–samedi : 21:00" in fr.replace("\u2009", "")


def test_distances_are_written_as_in_the_persons_language(sheets: Sheets) -> None:
    sides = _sides(sheets.sheet(sheets.service(*PHARMACY), "en", FAR_FROM_THE_PHARMACY))
    assert re.search(r"\b\d,\d km\b", sides["fr"]), sides["fr"]
    assert re.search(r"\b\d\.\d km\b", sides["en"]), sides["en"]
    assert not re.search(r"\b\d\.\d km\b", sides["fr"])


def test_no_label_is_said_twice(sheets: Sheets) -> None:
    sides = _sides(sheets.sheet(sheets.service(*PHARMACY), "ro", FAR_FROM_THE_PHARMACY))
    for lang, words in sides.items():
        on_foot = catalog(lang).gettext("On foot").lower()
        assert words.lower().count(on_foot) == 1, words


def test_the_address_or_at_least_the_commune_is_shown(sheets: Sheets) -> None:
    trod = _sides(sheets.sheet(sheets.service(*TROD), "ar"))
    csapa = _sides(sheets.sheet(sheets.service(*CSAPA), "ro"))
    for words in trod.values():
        assert "1 rue de la Démonstration" in words
        assert "06240 Beausoleil" in words
    for words in csapa.values():
        assert "06240 Beausoleil" in words


def test_the_map_draws_the_streets_the_way_and_a_scale(sheets: Sheets) -> None:
    pharmacy = sheets.service(*PHARMACY)
    html = sheets.sheet(pharmacy, "fr", FAR_FROM_THE_PHARMACY)
    [svg] = re.findall(r'<svg[^>]*class="sheet-map".*?</svg>', html, re.S)
    assert len(re.findall(r"<path [^>]*class=\"streets", svg)) >= 1
    assert len(re.findall(r"[ML]", " ".join(re.findall(r' d="([^"]+)"', svg)))) > 50
    assert svg.count("<polyline") == 1  # the way there, over the streets
    assert 'class="start"' in svg
    assert 'class="end"' in svg
    assert re.search(r'class="scale".*?\d+\s?(m|km)<', svg, re.S)
    sheet = sheets.sheet(pharmacy, "fr", None)
    assert "<polyline" not in sheet  # no position given: no way drawn, the place alone


# --- In Chromium ----------------------------------------------------------------------------


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    c = browser.new_context(locale="fr-FR")
    yield c
    c.close()


@pytest.fixture
def logged_in(context: BrowserContext, live: Live) -> Page:
    page = context.new_page()
    page.goto(f"{live.origin}/app/login?lang=fr")
    page.fill("#l-user", "worker-riviera")
    page.fill("#l-pass", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live.origin}/app?lang=fr")
    return page


def _live_id(live: Live, category: str, name: str) -> str:
    with httpx.Client(base_url=live.origin) as http:
        features = http.get(f"/api/v1/services?category={category}&limit=50").json()["features"]
    [found] = [f["id"] for f in features if f["properties"]["name"] == name]
    return str(found)


def _open(page: Page, live: Live, service: str, lang: str, at: tuple[float, float] | None) -> None:
    where = f"&lon={at[0]}&lat={at[1]}" if at else ""
    page.goto(f"{live.origin}/app/orientation?service={service}&lang={lang}{where}")


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize(("lang", "service"), [("ar", PHARMACY), ("ro", CAARUD)])
def test_the_sheet_prints_on_one_a4_page_with_both_languages(
    logged_in: Page, live: Live, lang: str, service: tuple[str, str]
) -> None:
    page = logged_in
    _open(page, live, _live_id(live, *service), lang, FAR_FROM_THE_PHARMACY)
    page.emulate_media(media="print")
    for side in {lang, "fr"}:
        assert page.locator(f"section[lang^={side}]").is_visible()
    assert page.locator("svg.sheet-map").is_visible()
    assert page.locator("figure.handed svg").is_visible()  # the QR code for the person, printed
    assert not page.locator("#print").is_visible()
    pdf = page.pdf(format="A4", print_background=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"orientation-{lang}.pdf").write_bytes(pdf)
    assert _pages(pdf) == 1


def test_on_a_phone_a_confidential_address_shows_the_phone_and_no_way(
    context: BrowserContext, logged_in: Page, live: Live
) -> None:
    shelter = _live_id(live, *SHELTER)
    page = logged_in
    page.set_viewport_size({"width": 360, "height": 740})
    for lang in ("ar", "fr"):
        _open(page, live, shelter, lang, NEAR)
        body = page.inner_text("body")
        assert catalog(lang).gettext("Call: they will tell you where to go.") in body
        assert page.locator("svg.sheet-map").count() == 0
        assert page.locator("a[href^='tel:']").count() >= 1
        assert "La Turbie" not in page.content()
        page.screenshot(path=str(OUT / f"orientation-confidential-{lang}-360.png"), full_page=True)
    del context


def test_on_a_phone_the_sheet_fits_the_width(logged_in: Page, live: Live) -> None:
    page = logged_in
    page.set_viewport_size({"width": 360, "height": 740})
    pharmacy = _live_id(live, *PHARMACY)
    for lang in ("ar", "fr"):
        _open(page, live, pharmacy, lang, FAR_FROM_THE_PHARMACY)
        assert page.locator("svg.sheet-map path.streets").count() >= 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.screenshot(path=str(OUT / f"orientation-{lang}-360.png"), full_page=True)
        found = Axe().run(page).response["violations"]
        assert [v["id"] for v in found if v["impact"] in {"serious", "critical"}] == []
