"""The API documentation works from this origin alone, under the app's policy."""

from __future__ import annotations

from playwright.sync_api import Browser

from tests.web.conftest import Live


def test_the_api_documentation_loads_nothing_from_elsewhere(browser: Browser, live: Live) -> None:
    context = browser.new_context()
    requests: list[str] = []
    violations: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    response = page.goto(f"{live.origin}/docs")
    assert response is not None
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    paths = page.eval_on_selector_all(".opblock-summary-path", "els => els.map(e => e.textContent)")
    assert any("/api/v1/services/nearest" in p for p in paths)
    # An operation opened shows its parameters, still with nothing asked elsewhere.
    nearest = page.locator(
        ".opblock", has=page.locator('.opblock-summary-path[data-path="/api/v1/services/nearest"]')
    )
    nearest.locator(".opblock-summary-control").click()
    nearest.locator(".parameters-container").wait_for(timeout=10_000)
    names = nearest.locator(".parameter__name").all_text_contents()
    assert {"lon", "lat", "category"} <= {n.split()[0].strip() for n in names}
    assert [u for u in requests if not u.startswith((live.origin + "/", "data:"))] == []
    assert violations == []
    context.close()
