"""Suggestions from anyone, in Chromium: a public card says what holds for the moment (a notice
first, in the page's language, "full until") and how fresh its record is (a warning when it is
stale); a person taps "report a problem", sends a message and opens its reference page; a
refusal, too many messages or a lost network keep everything typed; the robots' field is out of
sight and of screen readers; the pages ask nothing of another origin, set no cookie and pass
axe on a 360 px phone in French and Arabic.

The rate limit is one budget for every browser test (one loopback client): two messages are
really sent here, the refusals that would count are answered by the browser's routing."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, Request, Route, ViewportSize
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.web.conftest import OUT, Live, fresh_code
from web.i18n import catalog

PHONE: ViewportSize = {"width": 360, "height": 740}
AREA = "7.39,43.71,7.50,43.78"
FOOD = "Distribution alimentaire du soir (fictif)"
VACCINATION = "Centre de vaccination (fictif)"
NOTICE = {
    "fr": "Fermé pour travaux jusqu'au 12 janvier : distribution devant la mairie.",
    "en": "Closed for works until 12 January: food is handed out outside the town hall.",
}
REASON = "Nous n'avons pas trouvé ce lieu à cette adresse."
COORDINATOR = ("coord-riviera", "Demo-coord-Riviera-2026", "MARAUDEDEMOCOORAMARAUDEDEMOCOORA")
REFERENCE = re.compile(r"^S-[0-9A-Z]{4}-[0-9A-Z]{4}$")
_SIDEWAYS = "[document.documentElement.scrollWidth, window.innerWidth]"


def _run(work: Coroutine[Any, Any, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Run a coroutine in a thread of its own (Playwright keeps this thread's loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, work).result()


def _sql(live: Live, statement: str, **params: Any) -> list[dict[str, Any]]:
    """Run one statement as the owner; return its rows, if any."""

    async def run() -> list[dict[str, Any]]:
        engine = create_async_engine(live.settings.owner_database_url)
        try:
            async with engine.begin() as conn:
                result = await conn.execute(text(statement), params)
                return [dict(r._mapping) for r in result] if result.returns_rows else []
        finally:
            await engine.dispose()

    return _run(run())


def _words(message: str) -> re.Pattern[str]:
    """A translated message with its `{date}` (or any value) left open."""
    return re.compile(re.sub(r"\\\{\w+\\\}", ".+", re.escape(message)))


def _ids(live: Live) -> dict[str, str]:
    with httpx.Client(base_url=live.origin, timeout=10) as http:
        features = http.get(f"/api/v1/services?bbox={AREA}&limit=500").json()["features"]
    return {f["properties"]["name"]: f["id"] for f in features}


def _serious(page: Page) -> list[str]:
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.fixture(scope="module")
def services(live: Live) -> Iterator[dict[str, str]]:
    """The food distribution with a notice and full for five hours, the vaccination centre
    not checked for 400 days (their records as they were, afterwards)."""
    ids = _ids(live)
    chosen = {"food": ids[FOOD], "vaccination": ids[VACCINATION]}
    kept = _sql(
        live,
        "SELECT id, last_verified, verified_by, temporary_message, saturated_until FROM service "
        "WHERE id IN (:food, :vaccination)",
        **chosen,
    )
    end = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    _sql(
        live,
        "UPDATE service SET temporary_message = jsonb_build_object('text', "
        "jsonb_build_object('fr', CAST(:fr AS text), 'en', CAST(:en AS text)), 'start', NULL, "
        "'end', CAST(:end AS text)), saturated_until = now() + interval '5 hours', "
        "last_verified = current_date - 2, verified_by = 'team' WHERE id = :food",
        food=ids[FOOD],
        end=end,
        **NOTICE,
    )
    _sql(
        live,
        "UPDATE service SET last_verified = current_date - 400, verified_by = 'import' "
        "WHERE id = :vaccination",
        vaccination=ids[VACCINATION],
    )
    yield ids
    for row in kept:
        _sql(
            live,
            "UPDATE service SET last_verified = :last_verified, verified_by = :verified_by, "
            "temporary_message = CAST(:message AS jsonb), saturated_until = :saturated_until "
            "WHERE id = :id",
            **{k: v for k, v in row.items() if k != "temporary_message"},
            message=None
            if row["temporary_message"] is None
            else json.dumps(row["temporary_message"]),
        )


@pytest.fixture(scope="module")
def rejected(live: Live) -> str:
    """A suggested service that a coordinator did not accept, with a reason: its reference."""
    username, password, secret = COORDINATOR
    with httpx.Client(base_url=live.origin, timeout=10) as api:
        body = {"kind": "new-service", "message": "Un accueil de jour, rue Grimaldi, le matin."}
        sent = api.post("/api/v1/suggestions", json=body)
        assert sent.status_code == 202, sent.text
        reference = str(sent.json()["reference"])
        form = {"username": username, "password": password, "totp": fresh_code(secret)}
        token = api.post("/api/v1/auth/token", data=form).json()["access_token"]
        refused = api.post(
            f"/api/v1/suggestions/{reference}/reject",
            json={"reason": REASON},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert refused.status_code == 200, refused.text
    return reference


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", viewport=PHONE)
    yield context
    context.close()


def _map(context: BrowserContext, live: Live, lang: str) -> Page:
    page = context.new_page()
    page.goto(f"{live.origin}/?lang={lang}")
    page.wait_for_selector("body[data-loaded=true]", timeout=15_000)
    return page


def _open_row(page: Page, name: str) -> Any:
    row = page.locator("li.service", has=page.locator(".title", has_text=name))
    row.locator("button.name").click()
    return row


# --- the cards --------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "shown"), [("en", "en"), ("fr", "fr"), ("ar", "fr")])
def test_a_notice_comes_first_on_the_card_in_the_page_s_language_else_french(
    phone: BrowserContext, live: Live, services: dict[str, str], lang: str, shown: str
) -> None:
    del services
    page = _map(phone, live, lang)
    details = _open_row(page, FOOD).locator(".details")
    first = details.locator(":scope > *").first
    assert first.get_attribute("class") == "temporary"
    assert first.inner_text() == NOTICE[shown]
    assert first.get_attribute("lang") == (None if shown == lang else shown)
    full = details.locator(".saturated")
    assert full.is_visible()
    assert catalog(lang).gettext("Full until {time}").split("{")[0].strip() in full.inner_text()
    # Checked lately: a quiet line, no warning.
    assert details.locator(".stale").count() == 0
    checked = details.locator(".card-foot .checked").inner_text()
    assert _words(catalog(lang).gettext("Checked in {date} by a team")).fullmatch(checked)
    page.close()


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_stale_service_warns_on_its_row_and_its_card(
    phone: BrowserContext, live: Live, services: dict[str, str], lang: str
) -> None:
    del services
    c = catalog(lang)
    page = _map(phone, live, lang)
    row = page.locator("li.service", has=page.locator(".title", has_text=VACCINATION))
    mark = row.locator(".stale-mark").inner_text()
    assert _words(c.gettext("Not checked since {date}")).fullmatch(mark), mark
    # Rows checked lately carry no mark.
    fresh = page.locator("li.service", has=page.locator(".title", has_text=FOOD))
    assert fresh.locator(".stale-mark").count() == 0
    row.locator("button.name").click()
    warning = row.locator(".details .stale")
    assert warning.is_visible()
    said = warning.inner_text()
    assert _words(c.gettext("Not checked since {date}: call before going")).fullmatch(said)
    # The warning is under the hours, where it is needed; no quiet "checked" line besides.
    order = row.locator(".details > p").evaluate_all("ps => ps.map(p => p.className)")
    assert order.index("stale") == order.index(next(x for x in order if x.startswith("hours"))) + 1
    assert row.locator(".card-foot .checked").count() == 0
    assert page.evaluate(_SIDEWAYS)[0] <= PHONE["width"]
    OUT.mkdir(parents=True, exist_ok=True)
    row.screenshot(path=str(OUT / f"card-stale-{lang}-360.png"))
    page.close()


def test_a_full_shelter_reached_by_phone_says_so(phone: BrowserContext, live: Live) -> None:
    page = phone.new_page()
    page.goto(f"{live.origin}/?lang=en&category=emergency-shelter")
    page.wait_for_selector("li.phone-line .saturated", timeout=15_000)
    line = page.locator("li.phone-line", has=page.locator(".saturated"))
    assert line.locator(".temporary").inner_text() == "Full tonight: call 115 for another place."
    page.close()


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_service_s_page_says_its_notice_its_age_and_where_to_report_a_problem(
    phone: BrowserContext, live: Live, services: dict[str, str], lang: str
) -> None:
    c = catalog(lang)
    page = phone.new_page()
    page.goto(f"{live.origin}/service/{services[FOOD]}?lang={lang}")
    side = page.locator("section.side").first
    assert side.locator(".temporary").inner_text() == NOTICE["fr"]  # no Arabic notice: French
    assert side.locator(".saturated").is_visible()
    assert _words(c.gettext("Checked in {date} by a team")).fullmatch(
        side.locator(".checked").inner_text()
    )
    page.goto(f"{live.origin}/service/{services[VACCINATION]}?lang={lang}")
    warning = page.locator("section.side .stale").first.inner_text()
    assert _words(c.gettext("Not checked since {date}: call before going")).fullmatch(warning)
    page.click("a.report-problem")
    page.wait_for_url(f"{live.origin}/suggest?service={services[VACCINATION]}&lang={lang}")
    assert VACCINATION in page.inner_text("main")
    page.close()


# --- reporting a problem -----------------------------------------------------------------------


def test_a_person_reports_a_problem_and_opens_the_reference_page(
    phone: BrowserContext, live: Live, services: dict[str, str]
) -> None:
    requests: list[Request] = []
    page = _map(phone, live, "fr")
    page.on("request", lambda r: requests.append(r))
    row = _open_row(page, VACCINATION)
    row.locator("a.report-problem").click()
    page.wait_for_url(f"{live.origin}/suggest?service={services[VACCINATION]}&lang=fr")
    assert VACCINATION in page.inner_text("main")
    page.get_by_label("Les horaires sont faux").check()
    page.fill("#s-message", "Fermé le lundi depuis novembre ; ouvert le samedi matin.")
    page.click("#suggest button[type=submit]")
    done = page.locator("#s-done")
    done.wait_for()
    assert done.evaluate("e => document.activeElement === e")
    reference = page.inner_text("#s-reference")
    assert REFERENCE.match(reference), reference
    assert page.locator("#suggest").is_hidden()
    assert _serious(page) == []
    page.click("#s-follow")
    page.wait_for_url(f"{live.origin}/suggestions/{reference}?lang=fr")
    main = page.inner_text("main")
    assert reference in main
    assert (
        catalog("fr").gettext("Waiting for a moderator: a person from a team will read it soon.")
        in main
    )
    assert catalog("fr").gettext("The opening hours are wrong") in main
    assert [r.url for r in requests if not r.url.startswith((live.origin, "data:"))] == []
    assert phone.cookies() == []


def test_nothing_is_sent_before_a_kind_and_a_message_are_given(
    phone: BrowserContext, live: Live, services: dict[str, str]
) -> None:
    page = phone.new_page()
    posts: list[Request] = []
    page.on("request", lambda r: posts.append(r) if r.method == "POST" else None)
    page.goto(f"{live.origin}/suggest?service={services[FOOD]}&lang=ar")
    page.click("#suggest button[type=submit]")
    assert page.inner_text("#s-problem") == catalog("ar").gettext("Choose what is wrong.")
    assert page.evaluate("document.activeElement.name") == "kind"
    page.locator("input[name=kind][value=closed]").check()
    page.fill("#s-message", "   ")
    page.click("#suggest button[type=submit]")
    assert page.inner_text("#s-problem") == catalog("ar").gettext("Write a few words about it.")
    page.fill("#s-message", "é" * 2001)
    assert page.locator("#s-count.over").is_visible()  # one character too many
    page.click("#suggest button[type=submit]")
    assert page.inner_text("#s-problem") == catalog("ar").gettext(
        "Your message is too long: please shorten it."
    )
    assert posts == []
    page.close()


def _problem(status: int, **extra: Any) -> dict[str, Any]:
    document = {"type": "about:blank", "title": "Refused", "status": status, "detail": "refused"}
    return {"status": status, "content_type": "application/problem+json", **extra, "json": document}


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (
            "429",
            "Trop de messages ont été envoyés d'ici. Réessayez dans 3 minutes, s'il vous plaît.",
        ),
        ("413", "Votre message est trop long : raccourcissez-le, s'il vous plaît."),
        ("offline", "Pas de réseau : votre message n'a pas été envoyé ; il est conservé ici."),
    ],
)
def test_a_refusal_or_no_network_keeps_everything_typed(
    phone: BrowserContext, live: Live, services: dict[str, str], answer: str, said: str
) -> None:
    page = phone.new_page()

    def refuse(route: Route) -> None:
        if answer == "offline":
            route.abort("internetdisconnected")
        elif answer == "429":
            route.fulfill(**_problem(429, headers={"Retry-After": "150"}))
        else:
            route.fulfill(**_problem(413))

    page.route("**/api/v1/suggestions", refuse)
    page.goto(f"{live.origin}/suggest?service={services[FOOD]}&lang=fr")
    page.locator("input[name=kind][value=hours]").check()
    message = "Ouvert seulement le soir, de 19 h à 21 h.\nPlus le midi."
    page.fill("#s-message", message)
    page.fill("#s-contact", "06 12 34 56 78")
    page.click("#suggest button[type=submit]")
    problem = page.locator("#s-problem")
    problem.wait_for()
    assert problem.inner_text().startswith(said)
    assert page.input_value("#s-message") == message
    assert page.input_value("#s-contact") == "06 12 34 56 78"
    assert page.locator("input[name=kind][value=hours]").is_checked()
    assert page.locator("#suggest button[type=submit]").is_enabled()
    assert page.locator("#s-done").is_hidden()
    page.close()


def test_a_refusal_by_the_api_is_said_in_words_and_keeps_the_text(
    phone: BrowserContext, live: Live
) -> None:
    page = phone.new_page()
    page.goto(f"{live.origin}/suggest?lang=en")
    message = "A day centre\u0007 near the station, open in the morning."
    page.fill("#s-message", message)
    with page.expect_response("**/api/v1/suggestions") as answered:
        page.click("#suggest button[type=submit]")
    assert answered.value.status == 422
    page.locator("#s-problem").wait_for()
    assert page.inner_text("#s-problem") == catalog("en").gettext(
        "The message could not be accepted: it may hold an invisible character. Please check "
        "it and send again."
    )
    assert page.input_value("#s-message") == message
    assert page.evaluate("document.activeElement.id") == "s-message"
    page.close()


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_robots_field_is_out_of_sight_and_of_reach(
    phone: BrowserContext, live: Live, lang: str
) -> None:
    page = phone.new_page()
    page.goto(f"{live.origin}/suggest?lang={lang}")
    field = page.locator("input[name=website]")
    box = field.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= 0 or box["width"] <= 1  # never on the screen
    assert field.evaluate("e => e.closest('[aria-hidden=true]') !== null")
    assert field.get_attribute("tabindex") == "-1"
    assert field.get_attribute("autocomplete") == "off"
    assert page.evaluate(_SIDEWAYS)[0] <= PHONE["width"]
    page.focus("#s-message")
    focused = []
    for _ in range(6):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.name || document.activeElement.id"))
    assert "website" not in focused
    assert "contact" in focused
    page.close()


# --- the pages, for everyone -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_pages_pass_axe_fit_a_phone_ask_nothing_elsewhere_and_set_no_cookie(
    phone: BrowserContext, live: Live, services: dict[str, str], rejected: str, lang: str
) -> None:
    page = phone.new_page()
    requests: list[Request] = []
    page.on("request", lambda r: requests.append(r))
    pages = {
        "suggest-new": (f"/suggest?lang={lang}", 200),
        "suggest-service": (f"/suggest?service={services[VACCINATION]}&lang={lang}", 200),
        "suggestion-rejected": (f"/suggestions/{rejected}?lang={lang}", 200),
        "suggestion-missing": (f"/suggestions/S-0000-0000?lang={lang}", 404),
    }
    for name, (path, status) in pages.items():
        response = page.goto(f"{live.origin}{path}")
        assert response is not None
        assert response.status == status, name
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert "set-cookie" not in response.headers
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert page.locator("#quick-exit").is_visible()
        width = page.evaluate(_SIDEWAYS)
        assert width[0] <= width[1], (name, lang, width)
        assert _serious(page) == [], (name, lang)
        OUT.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUT / f"{name}-{lang}-360.png"), full_page=True)
    assert [r.url for r in requests if not r.url.startswith((live.origin, "data:"))] == []
    assert phone.cookies() == []


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_suggestion_not_accepted_says_why(
    phone: BrowserContext, live: Live, rejected: str, lang: str
) -> None:
    c = catalog(lang)
    page = phone.new_page()
    page.goto(f"{live.origin}/suggestions/{rejected.lower()}?lang={lang}")
    assert page.inner_text(".status") == c.gettext("Not accepted.")
    assert page.inner_text(".reason") == REASON
    assert page.locator(".reason").get_attribute("dir") == "auto"
    assert c.gettext("Handled on") in page.inner_text("main")
    page.close()


def test_the_language_menu_keeps_the_service_asked_about(
    phone: BrowserContext, live: Live, services: dict[str, str]
) -> None:
    page = phone.new_page()
    page.goto(f"{live.origin}/suggest?service={services[FOOD]}&lang=fr")
    page.select_option("#lang", "ro")
    page.click("form.lang button[type=submit]")
    page.wait_for_url(re.compile(r".*lang=ro.*"))
    assert f"service={services[FOOD]}" in page.url
    assert FOOD in page.inner_text("main")
    assert page.locator("input[name=kind]").count() == 6
    page.close()


def test_an_unknown_service_offers_a_new_one_saying_so(phone: BrowserContext, live: Live) -> None:
    page = phone.new_page()
    response = page.goto(f"{live.origin}/suggest?service=not-a-service&lang=en")
    assert response is not None
    assert response.status == 200
    assert page.locator(".notice").inner_text().startswith("This service is not in the directory")
    assert page.locator("input[name=kind]").get_attribute("value") == "new-service"
    page.close()


def test_a_partner_s_frame_opens_the_suggestion_pages_in_a_tab_of_their_own(
    phone: BrowserContext, live: Live, services: dict[str, str]
) -> None:
    del services
    host = live.partner.page(
        "suggest-frame.html",
        '<!DOCTYPE html><html lang="en"><title>Partner</title>'
        f'<iframe title="Services" src="{live.origin}/embed?lang=fr" width="360" height="700">'
        "</iframe>",
    )
    page = phone.new_page()
    page.goto(host)
    frame = page.frame_locator("iframe")
    frame.locator("body[data-loaded=true]").wait_for(timeout=15_000)
    assert frame.locator("footer a[href^='/suggest']").get_attribute("target") == "_blank"
    row = frame.locator("li.service", has=frame.locator(".title", has_text=VACCINATION))
    row.locator("button.name").click()
    with phone.expect_page() as opened:
        row.locator("a.report-problem").click()
    tab = opened.value
    tab.wait_for_load_state()
    assert tab.url.startswith(f"{live.origin}/suggest?service=")
    assert VACCINATION in tab.inner_text("main")
    page.close()
    tab.close()
