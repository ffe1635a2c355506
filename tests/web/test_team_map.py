"""The team map in Chromium: login with a session cookie, the association's zones and no
other's, "from here" with an orientation sheet, planning a week, and no cross-site change."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page

from tests.web.conftest import ROOT, Live, fresh_code
from web.i18n import catalog

RIVIERA = ("Boulevard du port (démo)", "Jardin du bord de mer (démo)")
FRONTIERE = ("Aire de stationnement (démo)", "Salon de massage (démo)")
PASSWORDS = {
    "worker-riviera": "Demo-worker-Riviera-2026",
    "worker-frontiere": "Demo-worker-Frontiere-2026",
    "coord-riviera": "Demo-coord-Riviera-2026",
}
TOTP = {"coord-riviera": "MARAUDEDEMOCOORAMARAUDEDEMOCOORA"}


def _log_in(page: Page, live: Live, username: str, lang: str = "en") -> None:
    page.goto(f"{live.origin}/app?lang={lang}")
    assert page.url.startswith(f"{live.origin}/app/login")
    page.fill("#l-user", username)
    page.fill("#l-pass", PASSWORDS[username])
    if username in TOTP:
        page.fill("#l-totp", fresh_code(TOTP[username]))
    page.click("button[type=submit]")
    page.wait_for_url(f"{live.origin}/app?lang={lang}")


def _zones(page: Page) -> list[str]:
    page.wait_for_selector("#zones li")
    return page.eval_on_selector_all("#zones li", "els => els.map(e => e.textContent.trim())")


@pytest.fixture
def context(browser: Browser) -> BrowserContext:
    return browser.new_context(locale="fr-FR")


def test_zones_show_only_after_login_and_never_to_another_association(
    context: BrowserContext, live: Live
) -> None:
    bodies: list[str] = []
    context.on(
        "response",
        lambda r: (
            bodies.append(r.text()) if "json" in (r.headers.get("content-type") or "") else None
        ),
    )
    page = context.new_page()
    page.goto(f"{live.origin}/app")
    assert "/app/login" in page.url
    assert page.locator("#zones").count() == 0
    _log_in(page, live, "worker-riviera")
    names = _zones(page)
    assert set(RIVIERA) <= set(names)
    assert not set(FRONTIERE) & set(names)
    assert page.locator("path.leaflet-interactive").count() >= 2  # the line and the polygon
    [cookie] = context.cookies()
    assert cookie["httpOnly"]
    assert cookie["sameSite"] == "Strict"
    assert cookie["secure"]

    page.click("text=Log out")
    page.wait_for_url(f"{live.origin}/app/login")
    page.goto(f"{live.origin}/app")
    assert "/app/login" in page.url
    switched = len(bodies)
    _log_in(page, live, "worker-frontiere")
    names = _zones(page)
    assert set(FRONTIERE) <= set(names)
    assert not set(RIVIERA) & set(names)
    html = page.content()
    assert not any(n in html for n in RIVIERA)
    seen_after_switch = "".join(bodies[switched:])
    assert seen_after_switch  # the zones did come as JSON
    assert not any(n in seen_after_switch for n in RIVIERA)


def test_from_here_finds_open_services_and_prints_an_orientation_sheet(
    context: BrowserContext, live: Live
) -> None:
    page = context.new_page()
    _log_in(page, live, "worker-riviera")
    page.select_option("#h-category", "pharmacy")
    page.select_option("#h-lang", "ro")
    page.set_default_timeout(15_000)
    page.locator("#map").click(position={"x": 300, "y": 250})
    page.wait_for_selector("#h-list li.service:not(.phone-line)")
    links = page.locator("#h-list a[href^='/app/orientation']")
    assert links.count() >= 1  # the demo's on-duty pharmacy is open 24/7
    with context.expect_page() as opened:
        links.first.click()
    sheet = opened.value
    sheet.wait_for_load_state()
    text = sheet.inner_text("body")
    romanian, french = (catalog(lang).gettext("Where to go") for lang in ("ro", "fr"))
    assert romanian != french
    assert text.index(romanian) < text.index(french)  # the person's language first
    assert sheet.locator("svg polyline").count() == 1  # the way there, drawn here


def test_a_coordinator_plans_the_week_and_sees_its_rounds(
    context: BrowserContext, live: Live
) -> None:
    page = context.new_page()
    _log_in(page, live, "coord-riviera")
    monday = date.today() + timedelta(days=(7 - date.today().weekday()) % 7 or 7)
    page.fill("#p-week", monday.isoformat())
    page.click("#plan-form button[type=submit]")
    page.wait_for_function("document.getElementById('p-status').textContent.length > 0")
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
    page.wait_for_selector("#rounds a[href$='week.ics']", timeout=20_000)
    assert page.locator("#rounds a[href$='/sheet']").count() >= 1
    # The online zone was never visited: it weighs three times its priority, and says so.
    # (A street zone may have a visit on record from another test's plan of this week.)
    page.wait_for_selector("#weighted-title", state="visible")
    weighted = page.locator("#weighted li").all_inner_texts()
    assert "Petites annonces en ligne (démo) — ×3, no visit on record" in weighted, weighted
    for line in weighted:
        assert line.split(" — ")[0] in {*RIVIERA, "Petites annonces en ligne (démo)"}, line


def test_no_serious_or_critical_accessibility_violation_on_the_team_map(
    context: BrowserContext, live: Live
) -> None:
    page = context.new_page()
    _log_in(page, live, "worker-riviera")
    _zones(page)
    results = Axe().run(page)
    serious = [
        v["id"] for v in results.response["violations"] if v["impact"] in {"serious", "critical"}
    ]
    assert serious == [], results.generate_report()


def test_a_change_with_the_cookie_from_another_site_is_refused(live: Live) -> None:
    with httpx.Client(base_url=live.origin, follow_redirects=False) as client:
        form = {
            "username": "coord-riviera",
            "password": PASSWORDS["coord-riviera"],
            "totp": fresh_code(TOTP["coord-riviera"]),
        }
        logged = client.post("/app/login", data=form)
        assert logged.status_code == 303
        session = logged.cookies["maraude_session"]
        # The cookie is Secure: send it by hand over this plain-HTTP test server.
        client.headers["Cookie"] = f"maraude_session={session}"
        body = {"week_start": "2026-12-14", "seconds": 5}
        refused = client.post("/api/v1/plans", json=body, headers={"Origin": live.partner.origin})
        assert refused.status_code == 403
        assert refused.headers["content-type"] == "application/problem+json"
        accepted = client.post("/api/v1/plans", json=body, headers={"Origin": live.origin})
        assert accepted.status_code == 202


def test_a_hostile_zone_name_is_text_in_the_team_map(context: BrowserContext, live: Live) -> None:
    hostile = "<img src=x onerror=window.pwned=1>Zone"
    with httpx.Client(base_url=live.origin) as api:
        form = {
            "username": "coord-riviera",
            "password": PASSWORDS["coord-riviera"],
            "totp": fresh_code(TOTP["coord-riviera"]),
        }
        token = api.post("/api/v1/auth/token", data=form).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        body = {
            "name": hostile,
            "kind": "street",
            "geometry": {"type": "Point", "coordinates": [7.4246, 43.7384]},
            "presence": "Mo-Su 20:00-02:00",
        }
        created = api.post("/api/v1/zones", json=body, headers=headers)
        assert created.status_code == 201, created.text
        try:
            page = context.new_page()
            _log_in(page, live, "worker-riviera")
            assert hostile in _zones(page)
            # Open every zone's tooltip, as a pointer passing over the map would.
            page.evaluate(
                "document.querySelectorAll('#map .leaflet-interactive, #map .leaflet-marker-icon')"
                ".forEach(e => e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))"
            )
            page.wait_for_timeout(300)
            tips = page.eval_on_selector_all(".zone-label", "els => els.map(e => e.textContent)")
            assert hostile in tips  # shown as the text it is
            assert page.locator("#map img[src='x']").count() == 0
            assert page.evaluate("window.pwned") is None
        finally:
            zone = created.json()["id"]
            etag = api.get(f"/api/v1/zones/{zone}", headers=headers).headers["etag"]
            api.delete(f"/api/v1/zones/{zone}", headers={**headers, "If-Match": etag})
