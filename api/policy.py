"""Content security policies: every HTML response gets one, so a value that slips through
escaping still runs nothing and loads nothing from elsewhere."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.settings import Settings


def csp(settings: Settings, *, frame_ancestors: str) -> str:
    """Return the Content-Security-Policy of a page: this origin only (and the tile server)."""
    images = "'self' data:"
    if settings.tile_url:
        tiles = urlsplit(settings.tile_url)
        images += f" {tiles.scheme}://{tiles.netloc.replace('{s}', '*')}"
    return (
        f"default-src 'self'; script-src 'self'; style-src 'self'; img-src {images}; "
        "connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; "
        f"form-action 'self'; frame-ancestors {frame_ancestors}"
    )


def sheet_csp(nonce: str) -> str:
    """Return the policy of a generated sheet: only its own scripts (named by the nonce) run,
    and they may fetch nothing; it cannot be framed."""
    return (
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; "
        "img-src data:; frame-src 'self'; connect-src 'none'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )


class HtmlPolicy:
    """ASGI middleware giving every HTML response that sets no policy of its own the app's
    (this origin only, framed by this origin only), and the headers that go with it."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.policy = csp(settings, frame_ancestors="'self'")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request, adding the policy to an HTML answer without one."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                html = headers.get("content-type", "").startswith("text/html")
                if html and "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = self.policy
                    headers.setdefault("X-Content-Type-Options", "nosniff")
                    headers.setdefault("Referrer-Policy", "no-referrer")
            await send(message)

        await self.app(scope, receive, with_policy)
