"""The public page of one service in Chromium: on a 360 px phone in French and Arabic it fits
the width, passes axe and asks nothing of another origin; its QR code, drawn in the page, reads
back (zxing-cpp) as exactly the address it was given."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator

import httpx
import pytest
import zxingcpp
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Request

from tests.web.conftest import OUT, Live
from web.i18n import catalog

PHONE = {"width": 360, "height": 780}
PHARMACY = ("pharmacy", "Pharmacie de garde (fictif)")
SHELTER = ("emergency-shelter", "Foyer d'hébergement d'urgence pour femmes (fictif)")

_SIDEWAYS = "[document.documentElement.scrollWidth, window.innerWidth]"


def _live_id(live: Live, category: str, name: str) -> str:
    with httpx.Client(base_url=live.origin) as http:
        features = http.get(f"/api/v1/services?category={category}&limit=50").json()["features"]
    [found] = [f["id"] for f in features if f["properties"]["name"] == name]
    return str(found)


def _serious(page: Page) -> list[str]:
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def _decoded(svg: Locator) -> list[str]:
    """Read the QR codes in a screenshot of the element (each at error correction level M)."""
    image = Image.open(io.BytesIO(svg.screenshot()))
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [b.ec_level for b in found] == ["M"] * len(found)
    return [b.text for b in found]


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="fr-FR", viewport=PHONE)
    yield context
    context.close()


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_on_a_phone_the_page_fits_passes_axe_and_asks_nothing_elsewhere(
    phone: BrowserContext, live: Live, lang: str
) -> None:
    page = phone.new_page()
    requests: list[Request] = []
    page.on("request", lambda r: requests.append(r))
    for name in (PHARMACY, SHELTER):
        page.goto(f"{live.origin}/service/{_live_id(live, *name)}?lang={lang}")
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert name[1] in page.inner_text("main")
        page.click("#show-qr")  # the code drawn, then looked at with the rest
        assert page.locator("#qr svg[role=img]").is_visible()
        width = page.evaluate(_SIDEWAYS)
        assert width[0] <= width[1], (name, lang, width)
        assert _serious(page) == [], (name, lang)
        OUT.mkdir(parents=True, exist_ok=True)
        shot = OUT / f"service-{name[0]}-{lang}-360.png"
        page.screenshot(path=str(shot), full_page=True)
    assert [r.url for r in requests if not r.url.startswith((live.origin, "data:"))] == []
    assert phone.cookies() == []


def test_the_shelter_s_page_shows_how_to_call_and_no_map(phone: BrowserContext, live: Live) -> None:
    page = phone.new_page()
    page.goto(f"{live.origin}/service/{_live_id(live, *SHELTER)}?lang=ar")
    body = page.inner_text("body")
    assert catalog("ar").gettext("Call: they will tell you where to go.") in body
    assert page.locator("a[href^='tel:']").count() >= 2  # the shelter, and the numbers
    assert page.locator("svg.sheet-map").count() == 0
    assert "La Turbie" not in page.content()


def test_a_service_not_found_is_a_page_with_the_quick_exit(
    phone: BrowserContext, live: Live
) -> None:
    page = phone.new_page()
    response = page.goto(f"{live.origin}/service/{uuid.uuid4()}?lang=ar")
    assert response is not None
    assert response.status == 404
    assert page.locator("html").get_attribute("dir") == "rtl"
    width = page.evaluate(_SIDEWAYS)
    assert width[0] <= width[1], width
    assert _serious(page) == []
    page.click("#quick-exit")
    page.wait_for_url(live.neutral)


@pytest.mark.parametrize("lang", ["ro", "ar"])
def test_the_page_s_qr_code_reads_as_its_own_address(
    phone: BrowserContext, live: Live, lang: str
) -> None:
    page = phone.new_page()
    service = _live_id(live, *PHARMACY)
    page.goto(f"{live.origin}/service/{service}?lang={lang}")
    button = page.locator("#show-qr")
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert _decoded(page.locator("#qr svg")) == [f"{live.origin}/service/{service}?lang={lang}"]
    button.click()
    assert page.locator("#qr").is_hidden()


@pytest.mark.parametrize(
    "address",
    [
        f"https://maraude.example.org/service/{uuid.UUID(int=0x5EED_2026)}?lang=ar",
        f"https://maraude.example.org/service/{uuid.uuid4()}?lang=zh",
        "https://maraude.example.org/info/prep-pep?lang=fr#où-aller",
    ],
)
def test_a_qr_code_reads_back_exactly_as_the_text_it_was_given(
    phone: BrowserContext, live: Live, address: str
) -> None:
    page = phone.new_page()
    page.goto(f"{live.origin}/service/{_live_id(live, *PHARMACY)}?lang=fr")
    drawn = page.evaluate(
        """address => {
          const svg = Maraude.qr(address, "QR");
          svg.id = "drawn";
          document.body.appendChild(svg);
          const size = svg.viewBox.baseVal.width, side = svg.getAttribute("width");
          const role = svg.getAttribute("role"), label = svg.getAttribute("aria-label");
          return {size, side, role, label};
        }""",
        address,
    )
    assert drawn["role"] == "img"
    assert drawn["label"] == "QR"
    modules = drawn["size"] - 8  # a quiet zone of 4 modules each side
    assert (modules - 17) % 4 == 0  # 21, 25, 29...: a real QR version
    assert int(drawn["side"]) == drawn["size"] * 4
    assert _decoded(page.locator("#drawn")) == [address]
