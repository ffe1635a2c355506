"""The plans page in Chromium: a week planned from the page and found again after a reload, a
round locked and the rest planned again around it, an edit the validator refuses (said in
words, nothing saved) and one it accepts (a revision, listed first); a worker reads without a
single write control, the other association sees none of it; axe in the nine languages.

The weeks planned here lie weeks ahead, clear of "this week's" plans the team map reads."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Response
from playwright.sync_api import Error as PlaywrightError

from tests.web.conftest import ROOT, Live, axe_languages, fresh_code
from tests.web.test_console_pages import _serious, _wide
from tests.web.test_team_map import PASSWORDS, TOTP
from web import messages
from web.plan_copy import REASONS, SCRIPT_WORDS, VIOLATIONS

SHOTS = Path(os.environ["MARAUDE_SHOTS_DIR"]) if os.environ.get("MARAUDE_SHOTS_DIR") else None
PLAN_URL = re.compile(r"/app/plans/([0-9a-f-]{36})")


def _monday(weeks_ahead: int) -> date:
    today = date.today()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7) + timedelta(weeks=weeks_ahead)


def _work(live: Live) -> None:
    """Run the queued planning jobs once, as the worker does."""
    env = {
        **os.environ,
        "MARAUDE_DATABASE_URL": live.settings.database_url,
        "MARAUDE_OWNER_DATABASE_URL": live.settings.owner_database_url,
        "MARAUDE_SECRET_KEY": "browser-tests-only-" + "s" * 32,
    }
    command = [sys.executable, "-m", "api.cli", "worker", "--once"]
    subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=120)


def _log_in(page: Page, live: Live, username: str) -> None:
    page.goto(f"{live.origin}/app/login?lang=en")
    page.fill("#l-user", username)
    page.fill("#l-pass", PASSWORDS[username])
    if username in TOTP:
        page.fill("#l-totp", fresh_code(TOTP[username]))
    page.click("button[type=submit]")
    page.wait_for_url(f"{live.origin}/app?lang=en")


def _client(live: Live, context: BrowserContext) -> httpx.Client:
    """The JSON API with the page's session cookie, from the page's own origin."""
    [cookie] = [c for c in context.cookies() if c["name"] == "maraude_session"]
    headers = {"Cookie": f"maraude_session={cookie['value']}", "Origin": live.origin}
    return httpx.Client(base_url=live.origin, headers=headers, timeout=30)


@pytest.fixture(scope="module")
def coordinator(browser: Browser, live: Live) -> Iterator[tuple[BrowserContext, Page]]:
    """coord-riviera, logged in once for the whole file (a TOTP code works once)."""
    context = browser.new_context(locale="en-GB", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(20_000)
    _log_in(page, live, "coord-riviera")
    yield context, page
    context.close()


@pytest.fixture(scope="module")
def second_team(coordinator: tuple[BrowserContext, Page], live: Live) -> Iterator[str]:
    """A team on foot with no skill the street zone needs, for this file only."""
    context, _ = coordinator
    depot = {"type": "Point", "coordinates": [7.4200, 43.7310]}
    body = {
        "label": f"Équipe test plans {uuid.uuid4().hex[:6]}",
        "mode": "foot",
        "start": depot,
        "end": depot,
        "shifts": "Tu,Th 20:00-02:00; Sa 14:00-20:00",
        "skills": ["peer"],
    }
    with _client(live, context) as api:
        made = api.post("/api/v1/teams", json=body)
        assert made.status_code == 201, made.text
        team = made.json()["id"]
    yield team
    with _client(live, context) as api:
        etag = api.get(f"/api/v1/teams/{team}").headers["etag"]
        assert api.delete(f"/api/v1/teams/{team}", headers={"If-Match": etag}).status_code == 204


@pytest.fixture(scope="module")
def planned(
    coordinator: tuple[BrowserContext, Page], live: Live, second_team: str
) -> dict[str, Any]:
    """A week planned from the page (2 s of search), five weeks ahead, with both teams."""
    context, page = coordinator
    page.goto(f"{live.origin}/app/plans?lang=en")
    page.wait_for_selector("#plan-list li.plan-item, #plan-list li.empty")
    if page.locator("#new-plan[open]").count() == 0:  # folded on a phone once plans exist
        page.click("#new-plan summary")
    page.fill("#p-week", _monday(5).isoformat())
    page.fill("#p-seconds", "2")
    page.click("#plan-form button[type=submit]")
    page.wait_for_selector("#p-status:not(:empty)")
    _work(live)
    page.wait_for_url(PLAN_URL)
    plan_id = PLAN_URL.search(page.url).group(1)  # type: ignore[union-attr]
    with _client(live, context) as api:
        body: dict[str, Any] = api.get(f"/api/v1/plans/{plan_id}").json()
    assert body["week_start"] == _monday(5).isoformat()
    return body


def _open(page: Page, live: Live, plan_id: str, lang: str = "en") -> None:
    page.goto(f"{live.origin}/app/plans/{plan_id}?lang={lang}")
    page.wait_for_selector("#week-grid table.week")


def _busy_round(plan: dict[str, Any]) -> int:
    """The first round with a street zone in it (a night round of the demo's team)."""
    names = plan["zones"]
    for i, r in enumerate(plan["plan"]["rounds"]):
        if any("en ligne" not in names.get(s["zone"], "") for s in r["stops"]):
            return i
    raise AssertionError("no street round in the plan")


def test_a_week_planned_from_the_page_opens_again_after_a_reload(
    coordinator: tuple[BrowserContext, Page], planned: dict[str, Any], live: Live
) -> None:
    context, page = coordinator
    page.reload()
    page.wait_for_selector("#week-grid table.week")
    assert page.locator("#plan-title").inner_text().startswith("Week of")
    current = page.locator("#plan-list a[aria-current]")
    assert current.get_attribute("data-id") == planned["id"]
    assert page.locator(".round-block").count() == len(planned["plan"]["rounds"])
    assert page.locator("#figures dt", has_text="Travel time").count() == 1
    assert page.locator("#plan-links a[href$='week.ics']").count() == 1
    page.locator(".round-block").first.click()
    assert page.locator("#round-panel .round-links a[href$='/sheet']").count() == 1
    assert page.locator("#round-panel .round-links a[href$='.gpx']").count() == 1
    # Unvisited zones with their reasons in words, not codes.
    for u in planned["plan"]["unvisited"]:
        if u.get("code") in REASONS:
            assert u["code"] not in page.locator("#unvisited").inner_text()
    with _client(live, context) as api:
        listed = api.get("/api/v1/plans?limit=5").json()["plans"]
    assert planned["id"] in [p["id"] for p in listed]


def test_a_locked_round_is_kept_when_the_rest_is_planned_again(
    coordinator: tuple[BrowserContext, Page], planned: dict[str, Any], live: Live
) -> None:
    context, page = coordinator
    i = _busy_round(planned)
    _open(page, live, planned["id"])
    page.click(f".round-block[data-round='{i}']")
    page.click("#lock-round")
    page.wait_for_selector("#draft-status.ok")
    assert page.locator(f".round-block.locked[data-round='{i}']").count() >= 1
    page.click("#replan-button")
    page.wait_for_selector("#replan-status:not(:empty)")
    _work(live)
    page.wait_for_url(lambda url: PLAN_URL.search(url) is not None and planned["id"] not in url)
    new_id = PLAN_URL.search(page.url).group(1)  # type: ignore[union-attr]
    with _client(live, context) as api:
        again = api.get(f"/api/v1/plans/{new_id}").json()
    kept = planned["plan"]["rounds"][i]
    same = [
        r
        for r in again["plan"]["rounds"]
        if r["team"] == kept["team"]
        and r["depart"] == kept["depart"]
        and [s["zone"] for s in r["stops"]] == [s["zone"] for s in kept["stops"]]
    ]
    assert same, (kept, again["plan"]["rounds"])
    assert again["week_start"] == planned["week_start"]


def test_an_edit_the_validator_refuses_is_said_in_words_and_not_saved(
    coordinator: tuple[BrowserContext, Page], planned: dict[str, Any], live: Live, second_team: str
) -> None:
    context, page = coordinator
    with _client(live, context) as api:
        before = [p["id"] for p in api.get("/api/v1/plans?limit=50").json()["plans"]]
    garden = next(z for z, name in planned["zones"].items() if name.startswith("Jardin"))
    i = _busy_round(planned)
    _open(page, live, planned["id"])
    page.click(f".round-block[data-round='{i}']")
    page.select_option("#add-zone", garden)
    page.click("#add-button")
    page.wait_for_selector("#draft-status.problem")
    said = page.locator("#draft-status").inner_text()
    assert "Refused, nothing changed" in said
    assert any(words.split("{")[0] in said for words in VIOLATIONS.values()), said
    assert "presence interval" not in said  # words, not the API's
    assert "outside-" not in said
    assert page.locator("#save-button").is_disabled()
    assert page.locator("#round-panel .stops bdi", has_text="Jardin").count() == 0
    # Given to a team that lacks the street zone's skill: refused, the skill named.
    page.select_option("#move-team", second_team)
    page.click("#move-button")
    lacks = VIOLATIONS["missing-skills"].replace("{skills}", "ro")
    page.wait_for_selector(f"#draft-status li:has-text('{lacks}')")
    assert page.locator("#save-button").is_disabled()
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.locator("#round-panel").screenshot(path=str(SHOTS / "refused-panel.png"))
        page.locator("section.edits").screenshot(path=str(SHOTS / "refused-status.png"))
    with _client(live, context) as api:
        after = [p["id"] for p in api.get("/api/v1/plans?limit=50").json()["plans"]]
    assert after == before


def test_a_valid_edit_is_saved_as_a_revision_listed_first(
    coordinator: tuple[BrowserContext, Page], planned: dict[str, Any], live: Live
) -> None:
    context, page = coordinator
    i = _busy_round(planned)
    _open(page, live, planned["id"])
    page.click(f".round-block[data-round='{i}']")
    page.locator("#round-panel .remove-stop").first.click()
    page.wait_for_selector("#draft-status.ok")
    assert "removed from the round" in page.locator("#draft-status").inner_text()
    page.click("#save-button")
    page.wait_for_url(lambda url: PLAN_URL.search(url) is not None and planned["id"] not in url)
    new_id = PLAN_URL.search(page.url).group(1)  # type: ignore[union-attr]
    page.wait_for_selector("#week-grid table.week")
    first = page.locator("#plan-list li").first
    assert first.locator("a").get_attribute("data-id") == new_id
    assert first.locator("a").get_attribute("aria-current") == "page"
    assert "revised" in first.inner_text()
    with _client(live, context) as api:
        newest = api.get("/api/v1/plans?limit=1").json()["plans"][0]
    assert newest["id"] == new_id
    assert newest["revision_of"] == planned["id"]


def test_a_worker_reads_the_plan_without_any_write_control(
    browser: Browser, planned: dict[str, Any], live: Live
) -> None:
    context = browser.new_context(locale="en-GB", viewport={"width": 360, "height": 740})
    page = context.new_page()
    _log_in(page, live, "worker-riviera")
    _open(page, live, planned["id"])
    page.locator(".round-block").first.click()
    page.wait_for_selector("#round-panel .stops")
    for control in (
        "#plan-form",
        "#save-button",
        "#replan-button",
        "#lock-round",
        "#add-button",
        "#move-button",
        ".remove-stop",
        "#round-panel select",
        "form",
    ):
        assert page.locator(control).count() == 0, control
    assert page.locator("nav.console-nav").count() == 0  # the console's other pages are not theirs
    context.close()


def test_the_other_association_sees_none_of_these_plans(
    browser: Browser, planned: dict[str, Any], live: Live
) -> None:
    anonymous = httpx.get(f"{live.origin}/app/plans/{planned['id']}", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/app/login")
    context = browser.new_context(locale="en-GB")
    bodies: list[str] = []

    def keep(response: Response) -> None:
        if "json" in (response.headers.get("content-type") or ""):
            with contextlib.suppress(PlaywrightError):  # a body navigated away from is gone
                bodies.append(response.text())

    context.on("response", keep)
    page = context.new_page()
    _log_in(page, live, "worker-frontiere")
    page.goto(f"{live.origin}/app/plans?lang=en")
    page.wait_for_selector("#plan-list li:not(:has-text('Loading'))")
    with _client(live, context) as api:
        listed = api.get("/api/v1/plans?limit=100").json()["plans"]
        assert planned["id"] not in [p["id"] for p in listed]
        assert api.get(f"/api/v1/plans/{planned['id']}").status_code == 404
    response = page.goto(f"{live.origin}/app/plans/{planned['id']}?lang=en")
    assert response is not None
    assert response.status == 200  # a shell: the API says no
    page.wait_for_selector("#plan-title:has-text('not found')")
    seen = page.content() + "".join(bodies)
    for name in planned["zones"].values():
        assert name not in seen
    assert page.locator(".round-block").count() == 0
    context.close()


def test_reasons_are_the_team_maps_words() -> None:
    assert set(REASONS.values()) <= set(messages.SCRIPT_MESSAGES)


def test_every_word_the_script_says_is_in_its_word_list() -> None:
    text = (ROOT / "web" / "static" / "js" / "console_plans.js").read_text(encoding="utf-8")
    said = set(re.findall(r'\bt\("((?:[^"\\]|\\.)*)"', text))
    assert said
    assert said - set(SCRIPT_WORDS) == set()


@pytest.mark.parametrize("lang", axe_languages("bg", "es"))
def test_the_plans_page_passes_axe(
    coordinator: tuple[BrowserContext, Page], planned: dict[str, Any], live: Live, lang: str
) -> None:
    _, page = coordinator
    _open(page, live, planned["id"], lang)
    page.locator(".round-block").first.click()
    page.wait_for_selector("#round-panel .stops")
    if SHOTS and lang in {"fr", "ar"}:
        _shots(page, lang)
    assert not _serious(page), (lang, _serious(page))
    assert not _wide(page), lang


def _shots(page: Page, lang: str) -> None:
    """Keep what a phone and a desktop show (MARAUDE_SHOTS_DIR), the phone's whole page too."""
    assert SHOTS is not None
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"plans-{lang}-phone.png"))
    height = page.evaluate("document.documentElement.scrollHeight")
    for k, top in enumerate(range(0, height, 740)):
        clip = {"x": 0, "y": top, "width": 360, "height": min(740, height - top)}
        page.screenshot(path=str(SHOTS / f"plans-{lang}-phone-{k}.png"), clip=clip, full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / f"plans-{lang}-desktop.png"))
    page.screenshot(path=str(SHOTS / f"plans-{lang}-desktop-full.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})
