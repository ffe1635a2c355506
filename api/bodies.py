"""Request bodies are bounded before they are read: a declared length over the limit is
refused at once, a streamed body is cut when it passes the limit, and an upload is read only
for an admin (FastAPI reads a form before it resolves who is asking).
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import render
from api.security import bearer
from api.settings import Settings
from geo.errors import DomainError, Forbidden, TooLarge
from geo.vocab import Role

UPLOADS = "/api/v1/imports"
_READS = frozenset({"GET", "HEAD", "OPTIONS"})


class BodyLimit:
    """ASGI middleware bounding every request body."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    def _limit(self, path: str) -> int:
        if path == UPLOADS:
            return self.settings.import_max_megabytes * 1024 * 1024
        return self.settings.body_max_kilobytes * 1024

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse or bound the body, then serve the request."""
        if scope["type"] != "http" or scope["method"] in _READS:
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope["path"])
        try:
            self._check_length(scope, limit)
            if scope["path"] == UPLOADS and scope["method"] == "POST":
                self._check_uploader(scope)
        except DomainError as refusal:
            await _refuse(scope, send, refusal)
            return
        bounded = _Bounded(receive, send, limit)
        try:
            await self.app(scope, bounded.receive, bounded.send)
        except Exception:
            if not bounded.cut:
                raise
        if bounded.cut and not bounded.started:
            await _refuse(scope, send, _too_large(limit))

    @staticmethod
    def _check_length(scope: Scope, limit: int) -> None:
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            raise _too_large(limit)

    def _check_uploader(self, scope: Scope) -> None:
        header = Headers(scope=scope).get("authorization", "")
        if bearer(self.settings, header).role is not Role.ADMIN:
            raise Forbidden("only an admin manages the instance")


class _Bounded:
    """One request's body, counted as the app reads it."""

    def __init__(self, receive: Receive, send: Send, limit: int) -> None:
        self._receive, self._send, self._limit = receive, send, limit
        self.received, self.cut, self.started = 0, False, False

    async def receive(self) -> Message:
        """Pass the body on; past the limit, tell the app the client left (it stops reading,
        and the refusal is the answer)."""
        if self.cut:
            return {"type": "http.disconnect"}
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self._limit:
                self.cut = True
                return {"type": "http.disconnect"}
        return message

    async def send(self, message: Message) -> None:
        """Pass the app's answer on, unless the body was cut before it began (then 413)."""
        if self.cut and not self.started:
            return
        self.started = self.started or message["type"] == "http.response.start"
        await self._send(message)


def _too_large(limit: int) -> TooLarge:
    return TooLarge(f"the request body is larger than {limit // 1024} KiB")


async def _refuse(scope: Scope, send: Send, refusal: DomainError) -> None:
    """Answer with the refusal as problem+json, without reading the body (and close the
    connection: the unread body must not be taken for the next request)."""
    response = render(Request(scope), refusal)
    response.headers["Connection"] = "close"
    await response(scope, _nothing, send)


async def _nothing() -> Message:
    return {"type": "http.disconnect"}
