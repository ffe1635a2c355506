"""Access log without precise positions or object ids.

Coordinates in query strings are cut to 2 decimals; ids in paths are replaced by `{id}`.
"""

from __future__ import annotations

import logging
import re
import time
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("maraude.access")

# Any written number: decimals, exponents, underscores between digits (all read by float()).
_NUMBER = re.compile(r"[-+]?(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][-+]?\d+)?")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _coarse(match: re.Match[str]) -> str:
    """Round a number written with a fraction, an exponent or underscores to 2 decimals;
    plain whole numbers (page sizes, zoom levels) are left as they are."""
    written = match.group(0)
    if written.lstrip("+-").isdigit():
        return written
    try:
        value = float(written)
    except ValueError:
        return "?"
    return f"{value:.2f}" if abs(value) < 1e6 else "?"


def redact_query(query: str) -> str:
    """Return the query string with every number that is not a plain whole number rounded to 2
    places (about 1 km), however it is written."""
    if not query:
        return ""
    pairs = [(k, _NUMBER.sub(_coarse, v)) for k, v in parse_qsl(query, keep_blank_values=True)]
    return urlencode(pairs, safe=",:")


_LINK = re.compile(r"^/verify/[^/]+/[^/]+")
_REFERENCE = re.compile(r"S-[0-9A-Z]{4}-[0-9A-Z]{4}", re.IGNORECASE)


def _route(path: str) -> str:
    """Return the route of a path: no ids, no campaign link token (a credential), no
    suggestion reference."""
    path = _LINK.sub("/verify/{id}/{token}", path)
    path = _REFERENCE.sub("{reference}", path)
    return _UUID.sub("{id}", path)


class AccessLog:
    """ASGI middleware writing one line per request, replacing uvicorn's access log."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request and log it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            if logger.isEnabledFor(logging.INFO):
                query = redact_query(scope.get("query_string", b"").decode("latin-1"))
                # Ids name zones and teams: logs keep the route, not the object.
                path = _route(scope["path"])
                target = path + ("?" + query if query else "")
                elapsed_ms = (time.perf_counter() - started) * 1000
                logger.info("%s %s %d %.1fms", scope["method"], target, status, elapsed_ms)
