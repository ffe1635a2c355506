"""The campaign link page and the coordinators' console in Chromium: an e-mailed link followed
and confirmed, a suggestion accepted and the public card changed, no console for a worker,
axe and screenshots at phone and desktop widths in French and Arabic."""

from __future__ import annotations

import asyncio
import os
import re
import threading
import uuid
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page
from pydantic import SecretStr
from sqlalchemy import text

from api.mail import mail_campaign
from geo.db import Database
from geo.directory.queries.writes import upsert_services
from tests.api.test_campaign_links import Sink
from tests.conftest import HORIZON, draft, free_port
from tests.web.conftest import Live, fresh_code
from tests.web.test_team_map import PASSWORDS, TOTP

SHOTS = Path(os.environ["MARAUDE_SHOTS_DIR"]) if os.environ.get("MARAUDE_SHOTS_DIR") else None
"""Where to keep screenshots of the pages (none unless asked for)."""
SECRET = "browser-tests-only-" + "s" * 32
SIZES = (
    {"phone": (360, 740), "desktop": (1366, 900)}
    if os.environ.get("MARAUDE_FULL_MATRIX") or SHOTS
    else {"phone": (360, 740)}
)
"""A phone in the default run; a desktop too in `make test-full` or when screenshots are kept."""


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


@pytest.fixture(scope="module")
def sink() -> Iterator[tuple[Sink, int]]:
    """An SMTP server on loopback."""
    handler = Sink()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    c = browser.new_context(locale="fr-FR")
    yield c
    c.close()


def _service(live: Live, name: str, email: str) -> str:
    made = draft(name=name, email=email, phone="01 11 11 11 11", categories=("emergency-shelter",))

    async def work() -> str:
        database = Database.from_url(live.settings.owner_database_url, pool_size=1)
        try:
            async with database.session() as session:
                await upsert_services(session, drafts=[made], horizon=HORIZON)
                found = await session.scalar(
                    text("SELECT id FROM service WHERE source_id = :s"), {"s": made.source_id}
                )
                await session.commit()
            return str(found)
        finally:
            await database.dispose()

    result: str = _in_thread(work)
    return result


def _mail(live: Live, port: int, campaign_id: str) -> None:
    settings = live.settings.model_copy(
        update={
            "smtp_url": f"smtp://127.0.0.1:{port}",
            "secret_key": SecretStr(SECRET),
            "public_url": live.origin,
        }
    )

    async def work() -> None:
        database = Database.from_url(settings.database_url, pool_size=1)
        try:
            await mail_campaign(
                database, settings, campaign_id=uuid.UUID(campaign_id), reminder=False
            )
        finally:
            await database.dispose()

    _in_thread(work)


def _log_in(page: Page, live: Live, username: str, lang: str = "fr") -> None:
    page.goto(f"{live.origin}/app/login?lang={lang}")
    page.fill("#l-user", username)
    page.fill("#l-pass", PASSWORDS[username])
    if username in TOTP:
        page.fill("#l-totp", fresh_code(TOTP[username]))
    page.click("button[type=submit]")
    page.wait_for_url(f"{live.origin}/app?lang={lang}")


def _start_campaign(page: Page, live: Live, title: str) -> str:
    page.goto(f"{live.origin}/app/campaigns?lang=fr")
    page.fill("#c-title", title)
    page.uncheck("#c-stale")
    page.click("#start-campaign button[type=submit]")
    page.wait_for_url(re.compile(r"/app/campaigns/[0-9a-f-]{36}"))
    page.wait_for_selector(".counts")
    return page.url.split("/app/campaigns/", 1)[1].split("?", 1)[0]


def _serious(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def _wide(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"))


def test_an_emailed_link_is_followed_and_confirmed(
    live: Live, browser: Browser, context: BrowserContext, sink: tuple[Sink, int]
) -> None:
    sid = _service(live, "Abri du test (e-mail)", "abri@example.org")
    coordinator = context.new_page()
    _log_in(coordinator, live, "coord-riviera")
    campaign = _start_campaign(coordinator, live, "Vérification d'hiver")
    sink[0].messages.clear()
    _mail(live, sink[1], campaign)
    path = sink[0].links()["abri@example.org"]
    assert path.startswith(f"/verify/{sid}/")
    stranger = browser.new_context(locale="fr-FR")
    page = stranger.new_page()
    page.goto(live.origin + path)
    assert page.locator("h2#record-title").inner_text() == "Abri du test (e-mail)"
    _shots(page, "verify", path)
    page.click("button[value=confirm]")
    page.wait_for_selector("#done-title")
    assert not stranger.cookies()
    record = httpx.get(f"{live.origin}/api/v1/services/{sid}").json()["properties"]
    assert record["verified_by"] == "structure"
    page.goto(live.origin + path)
    assert page.locator("h1").count() == 1
    assert "410" not in page.title()
    _shots(page, "verify-used", path)
    stranger.close()
    coordinator.reload()
    coordinator.wait_for_selector(".counts")
    _shots(coordinator, "campaign", f"/app/campaigns/{campaign}")


def test_a_coordinator_accepts_a_suggestion_and_the_public_card_changes(
    live: Live, context: BrowserContext
) -> None:
    sid = _service(live, "Douches du test", "douches@example.org")
    sent = httpx.post(
        f"{live.origin}/api/v1/suggestions",
        json={"service_id": sid, "kind": "phone", "message": "Le numéro a changé: 04 22 22 22 22"},
    )
    assert sent.status_code == 202, sent.text
    reference = sent.json()["reference"]
    page = context.new_page()
    _log_in(page, live, "coord-riviera")
    page.goto(f"{live.origin}/app/suggestions?lang=fr")
    item = page.locator("article.item", has_text=reference)
    item.wait_for()
    assert "04 22 22 22 22" in item.locator(".message").inner_text()
    _shots(page, "suggestions", "/app/suggestions")
    item.locator("details summary").click()
    phone = item.locator("details input").nth(1)
    phone.fill("04 22 22 22 22")
    with page.expect_response(lambda r: r.url.endswith(f"/{reference}/accept")) as accepted:
        item.locator("details button[type=submit]").click()
    assert accepted.value.status == 200
    public = context.new_page()
    public.goto(f"{live.origin}/service/{sid}?lang=fr")
    assert "04 22 22 22 22" in public.content()


def test_a_worker_sees_no_console(live: Live, context: BrowserContext) -> None:
    page = context.new_page()
    _log_in(page, live, "worker-riviera")
    assert page.locator("a[href^='/app/suggestions']").count() == 0
    assert page.locator("a[href^='/app/campaigns']").count() == 0
    for path in ("/app/suggestions", "/app/campaigns", "/app/to-check"):
        response = page.goto(live.origin + path)
        assert response is not None
        assert response.status == 403
        assert page.locator("#console").count() == 0


def test_the_console_pages_pass_axe(live: Live, context: BrowserContext) -> None:
    page = context.new_page()
    _log_in(page, live, "coord-riviera")
    for path in ("/app/campaigns", "/app/to-check", "/app/suggestions?status=held"):
        _shots(page, path.strip("/").replace("/", "-").split("?")[0], path)


def _shots(page: Page, name: str, path: str) -> None:
    """Axe and width in French and Arabic, on a phone (and a desktop: see SIZES); screenshots
    when MARAUDE_SHOTS_DIR names a folder."""
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ("fr", "ar"):
        for size, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            joiner = "&" if "?" in path else "?"
            page.goto(
                f"{page.url.split('/', 3)[0]}//{page.url.split('/', 3)[2]}{path}{joiner}lang={lang}"
            )
            page.wait_for_load_state("networkidle")
            if SHOTS:
                page.screenshot(path=str(SHOTS / f"{name}-{lang}-{size}.png"), full_page=True)
            assert not _serious(page), (name, lang, size, _serious(page))
            assert not _wide(page), (name, lang, size)
