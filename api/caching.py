"""HTTP caching of public answers: the same bytes for every visitor, an `ETag` made from them,
`Last-Modified` when the data says when it last changed, `Cache-Control` for shared caches,
and `304 Not Modified` when the client already holds them. A CDN or a caching proxy in front of
replicas can serve these answers: nothing in them depends on who asks."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request
from fastapi.responses import Response
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SHORT = 60
"""Seconds a shared cache may keep an answer that follows the directory (opening state)."""
LONG = 3600
"""Seconds for answers that change with a release or a migration only."""


def to_the_minute(now: datetime) -> datetime:
    """The instant an answer that follows the clock is computed at: the start of its minute,
    so that every visitor within that minute gets the same bytes."""
    return now.replace(second=0, microsecond=0)


def _etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def _held(asked: str, tag: str) -> bool:
    """Whether an If-None-Match names `tag`: weak comparison (RFC 9110 §13.1.2), so a W/
    prefix from a compressing proxy matches."""
    tags = {t.strip().removeprefix("W/") for t in asked.split(",")}
    return "*" in tags or tag in tags


def _not_modified(request: Request, tag: str, last_modified: datetime | None) -> bool:
    asked = request.headers.get("if-none-match")
    if asked is not None:
        return _held(asked, tag)
    since = request.headers.get("if-modified-since")
    if since is None or last_modified is None:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    if when.tzinfo is None:
        return False
    return last_modified.replace(microsecond=0) <= when


def cached(
    request: Request,
    body: bytes | str,
    *,
    media_type: str,
    max_age: int = SHORT,
    last_modified: datetime | None = None,
    status_code: int = 200,
) -> Response:
    """Answer `body` with caching headers, or 304 when the client's copy is current."""
    raw = body.encode() if isinstance(body, str) else body
    tag = _etag(raw)
    headers = {
        "ETag": tag,
        "Cache-Control": f"public, max-age={max_age}",
    }
    if last_modified is not None:
        headers["Last-Modified"] = format_datetime(last_modified.astimezone(UTC), usegmt=True)
    if status_code == 200 and _not_modified(request, tag, last_modified):
        return Response(status_code=304, headers=headers)
    return Response(raw, status_code=status_code, media_type=media_type, headers=headers)


class Revalidation:
    """Give every public answer that has no `ETag` one made from its bytes, and answer 304
    when the client holds them (the pages, whose `Cache-Control` says public). Answers with a
    cookie, not public, or not 200 pass as they are."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Buffer a public 200 answer to tag it; pass anything else through."""
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        asked = Headers(scope=scope).get("if-none-match")
        start: Message | None = None
        chunks: list[bytes] = []

        async def tagging(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = Headers(raw=message["headers"])
                public = "public" in headers.get("cache-control", "")
                if (
                    message["status"] == 200
                    and public
                    and "etag" not in headers
                    and ("set-cookie" not in headers)
                ):
                    start = message
                    return
                await send(message)
                return
            if start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            tag = _etag(body)
            headers = MutableHeaders(raw=start["headers"])
            headers["ETag"] = tag
            if asked is not None and _held(asked, tag):
                del headers["content-length"]
                del headers["content-type"]
                await send({**start, "status": 304})
                await send({"type": "http.response.body", "body": b""})
                return
            await send(start)
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, tagging)
