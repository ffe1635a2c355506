"""The one error handler: every error becomes RFC 9457 application/problem+json."""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from geo.errors import DomainError

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
_PARAMETER_PLACES = {"query", "path", "header", "cookie"}


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _instance(request: Request) -> str:
    """Name the request's route, never the ids in its path (they may name a zone)."""
    return _UUID.sub("{id}", request.url.path)


def problem(
    request: Request,
    *,
    status: int,
    title: str,
    type_: str = "about:blank",
    detail: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    """Render a problem document."""
    body: dict[str, Any] = {"type": type_, "title": title, "status": status}
    if detail is not None:
        body["detail"] = detail
    body["instance"] = _instance(request)
    body.update(extensions)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _describe(error: dict[str, Any]) -> dict[str, str]:
    loc = [str(part) for part in error.get("loc", ())]
    message = str(error.get("msg", "invalid value"))
    if loc and loc[0] in _PARAMETER_PLACES:
        return {"parameter": loc[1] if len(loc) > 1 else loc[0], "detail": message}
    path = list(loc[1:]) if loc and loc[0] == "body" else loc
    return {"pointer": "/" + "/".join(path), "detail": message}


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    items = [_describe(e) for e in exc.errors()]
    in_body = any("pointer" in i for i in items)
    names = ", ".join(i.get("parameter") or i.get("pointer", "") for i in items)
    return problem(
        request,
        status=422,
        title="Invalid request body" if in_body else "Invalid parameter",
        type_="/problems/invalid-body" if in_body else "/problems/invalid-parameter",
        detail=f"invalid: {names}",
        errors=items,
    )


def render(request: Request, exc: DomainError) -> JSONResponse:
    """Render a domain error as its problem document."""
    return problem(
        request,
        status=exc.status,
        title=exc.title,
        type_=exc.type,
        detail=exc.detail,
        headers=exc.headers or None,
        **exc.extensions,
    )


async def _domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return render(request, exc)


def _allowed(request: Request) -> str:
    """Return every method the request's path answers to (a path may have several routes)."""
    allowed = []
    for method in ("DELETE", "GET", "PATCH", "POST", "PUT"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return ", ".join(allowed)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 405:
        exc.headers = {**(exc.headers or {}), "Allow": _allowed(request)}
    titles = {404: "Not found", 405: "Method not allowed"}
    return problem(
        request,
        status=exc.status_code,
        title=titles.get(exc.status_code, "HTTP error"),
        type_="/problems/not-found" if exc.status_code == 404 else "about:blank",
        detail=str(exc.detail) if exc.detail else None,
        headers=dict(exc.headers) if exc.headers else None,
    )


# Text the database cannot store (a NUL byte, an invalid sequence) is the request's fault.
_UNSTORABLE_TEXT = frozenset({"22021", "22P05"})


def _sqlstate(exc: Exception) -> str | None:
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    code = getattr(cause, "sqlstate", None)
    return code if isinstance(code, str) else None


async def _database(request: Request, exc: Exception) -> JSONResponse:
    if _sqlstate(exc) in _UNSTORABLE_TEXT:
        return problem(
            request,
            status=422,
            title="Invalid text",
            type_="/problems/invalid-text",
            detail="a value holds a character that cannot be stored (such as a NUL byte)",
        )
    unreachable = isinstance(exc, OSError | OperationalError | InterfaceError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    )
    if not unreachable:
        return await _unexpected(request, exc)
    logger.error("database unavailable: %s", type(exc).__name__)
    return problem(
        request,
        status=503,
        title="Service unavailable",
        type_="/problems/unavailable",
        detail="the directory database cannot be reached; try again shortly",
        headers={"Retry-After": "5"},
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Messages of database and validation errors can quote the values at fault (a zone's
    # name, a failing row): log where it failed and what kind of error, never the message.
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    code = _sqlstate(exc)
    frames = "".join(traceback.format_tb(exc.__traceback__))
    logger.error(
        "unexpected %s%s on %s %s\n%s",
        type(cause).__name__,
        f" (SQLSTATE {code})" if code else "",
        request.method,
        _instance(request),
        frames,
    )
    return problem(request, status=500, title="Internal server error")


def install(app: FastAPI) -> None:
    """Register the handlers on an app."""
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(DomainError, _domain)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(DBAPIError, _database)
    app.add_exception_handler(OSError, _database)
    app.add_exception_handler(Exception, _unexpected)
