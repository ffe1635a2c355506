"""A round sheet whose zone, team and alert texts are hostile runs no script but its own, in
a real browser, and its own scripts may fetch nothing."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Route

from api.policy import sheet_csp
from geo.planning.rounds import RoundView, StopView
from geo.values import LonLat
from web.round_facts import RoundAlert, RoundFacts
from web.round_sheet import round_sheet

HOSTILE = (
    "</script><script>window.pwned=1</script>",
    "`${window.pwned=2}`",
    '<img src=x onerror="window.pwned=3">',
    "\\`; window.pwned=4; //",
)


def _sheet(nonce: str) -> str:
    paris = ZoneInfo("Europe/Paris")
    start = datetime(2026, 12, 14, 21, 0, tzinfo=paris)
    stops = tuple(
        StopView(
            zone_id=f"z{i}",
            zone_name=name,
            arrive=start + timedelta(minutes=40 * i),
            start=start + timedelta(minutes=40 * i),
            end=start + timedelta(minutes=40 * i + 30),
            position=LonLat(7.42 + i / 1000, 43.74),
        )
        for i, name in enumerate(HOSTILE)
    )
    line = ((7.41, 43.73), *((s.position.lon, s.position.lat) for s in stops), (7.41, 43.73))
    round_ = RoundView(
        index=0,
        team_id="t",
        team_label=HOSTILE[0],
        shift_start=start - timedelta(hours=1),
        shift_end=start + timedelta(hours=4),
        depart=start - timedelta(minutes=30),
        back=start + timedelta(hours=3),
        stops=stops,
        line=line,
        path=None,
    )
    alert = RoundAlert(
        messages={"fr": {"headline": HOSTILE[1], "description": HOSTILE[2]}},
        zones=(HOSTILE[3],),
    )
    facts = RoundFacts(
        nearby=tuple(() for _ in stops), lines=(("Samu", "15"),), alerts=(alert,), pack=()
    )
    return round_sheet(round_, facts, nonce=nonce)


def test_hostile_texts_run_nothing_on_a_round_sheet(browser: Browser) -> None:
    nonce = secrets.token_hex(16)
    body = _sheet(nonce)
    context = browser.new_context()

    def serve(route: Route) -> None:
        route.fulfill(
            status=200,
            body=body,
            headers={
                "Content-Type": "text/html; charset=utf-8",
                "Content-Security-Policy": sheet_csp(nonce),
            },
        )

    context.route("http://sheet.test/**", serve)
    page = context.new_page()
    page.goto("http://sheet.test/sheet")
    page.wait_for_timeout(500)
    frame = page.frames[1]
    assert frame.evaluate("typeof L") == "object"  # the map's own scripts ran
    assert frame.locator(".leaflet-interactive").count() >= len(HOSTILE)
    for f in page.frames:
        assert f.evaluate("window.pwned") is None
    assert page.evaluate("window.pwned") is None
    text = page.inner_text("body")
    assert HOSTILE[0] in text  # shown as text
    context.close()
