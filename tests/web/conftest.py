"""Pages in a real browser: the app served by uvicorn on loopback with the demo data, Debian's
Chromium driven by Playwright, and a second loopback origin for a partner's page."""

from __future__ import annotations

import asyncio
import functools
import http.server
import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from api.settings import Settings
from datasets.demo_accounts import load_demo_accounts
from datasets.demo_loader import load_demo
from geo.db import Database
from geo.directory.queries.schedules import Horizon
from tests.conftest import free_port, served_app, throwaway_database
from web.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "out"


_USED_STEPS: dict[str, int] = {}


def fresh_code(secret: str) -> str:
    """Return a TOTP code not used yet in this test session (a code works once): the current
    time-step's, else the next one's (accepted early), else wait for a new step."""
    totp = pyotp.TOTP(secret)
    while True:
        current = totp.timecode(datetime.now(UTC))
        step = max(current, _USED_STEPS.get(secret, current - 1) + 1)
        if step <= current + 1:
            _USED_STEPS[secret] = step
            return str(totp.generate_otp(step))
        time.sleep(1)


@dataclass(frozen=True, slots=True)
class Partner:
    """Another origin on loopback: a partner's site embedding the map, and a neutral page."""

    origin: str
    folder: Path

    def page(self, name: str, html: str) -> str:
        """Publish a page and return its URL."""
        (self.folder / name).write_text(html, encoding="utf-8")
        return f"{self.origin}/{name}"


@dataclass(frozen=True, slots=True)
class Live:
    """The app being served, and the partner origin beside it."""

    origin: str
    settings: Settings
    partner: Partner

    @property
    def neutral(self) -> str:
        """Where the quick exit leads in these tests (no request leaves the machine)."""
        return f"{self.partner.origin}/neutral.html"


async def _load(settings: Settings) -> None:
    database = Database.from_url(settings.owner_database_url, pool_size=1)
    try:
        horizon = Horizon.around(datetime.now(UTC), past_days=7, future_days=60)
        await load_demo(database, horizon=horizon)
        await load_demo_accounts(database)
    finally:
        await database.dispose()


@pytest.fixture(scope="session")
def partner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Partner]:
    """A static site on another loopback port."""
    folder = tmp_path_factory.mktemp("partner")
    (folder / "neutral.html").write_text("<!DOCTYPE html><title>Weather</title><p>Sunny.</p>")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Partner(f"http://127.0.0.1:{server.server_address[1]}", folder)
    server.shutdown()


@pytest.fixture(scope="session")
def live(partner: Partner) -> Iterator[Live]:
    """The app on a throwaway database with the demo data, served by uvicorn."""
    with throwaway_database(roads=True) as settings:
        asyncio.run(_load(settings))
        environment = {
            "MARAUDE_SECRET_KEY": "browser-tests-only-" + "s" * 32,
            "MARAUDE_LOG_LEVEL": "WARNING",
            "MARAUDE_QUICK_EXIT_URL": f"{partner.origin}/neutral.html",
        }
        with served_app(settings, **environment) as origin:
            yield Live(origin, settings, partner)


@pytest.fixture(scope="session")
def playwright(live: Live) -> Iterator[Playwright]:
    """Playwright's driver, started after the app: it keeps an event loop running in this
    thread, so the app's database set-up (and tear-down) must come before (and after) it."""
    del live
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless; `make test` installs it."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed (make test installs Debian's package)")
    b = playwright.chromium.launch(executable_path=executable, headless=True, args=["--no-sandbox"])
    yield b
    b.close()


def axe_languages(*also: str) -> tuple[str, ...]:
    """The languages a console page is checked with axe in: French, Arabic (right to left)
    and the ones named, each page naming others so that the console's pages cover the nine
    together; every page in all nine in `make test-full`."""
    if os.environ.get("MARAUDE_FULL_MATRIX"):
        return tuple(LANGUAGES)
    return ("fr", "ar", *also)
