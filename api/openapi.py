"""The OpenAPI document, completed so that it describes every answer the app gives: each
operation lists the problems it can answer with, as `application/problem+json`."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

PROBLEM = {"$ref": "#/components/schemas/Problem"}
GEOJSON = "application/geo+json"
TITLES = {
    400: "A body that cannot be parsed",
    401: "Not logged in, or an access token that is not valid",
    403: "Not allowed to the caller",
    404: "No such object, or not the caller's",
    405: "Not a method this path takes (an id not of its form)",
    409: "In conflict with what exists",
    412: "Changed since read (If-Match)",
    413: "Body too large",
    422: "Invalid request",
    428: "If-Match required",
    429: "Too many attempts",
    503: "Unavailable for now",
}
SCHEMES = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "An access token from POST /api/v1/auth/token (15 minutes).",
    },
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "maraude_session",
        "description": "The team map's session cookie (changes only from this site's pages).",
    },
}
_BODY = {"post", "put", "patch"}
_QUEUED = {("post", "/api/v1/plans"), ("post", "/api/v1/imports")}


def _codes(path: str, method: str) -> set[int]:
    codes = {401, 403, 422}
    if method in _BODY:
        codes |= {400, 413}  # a body that cannot be parsed; one too large
    if re.search(r"\{[a-z_]+\}", path):
        codes.add(404)
        if method != "get":  # an id not of its form matches no route of this method
            codes.add(405)
    if path == "/api/v1/auth/token":
        codes.add(429)
    if (method, path) in _QUEUED or path == "/readyz":
        codes.add(503)
    return codes


def _geojson_like_json(responses: dict[str, Any]) -> None:
    """Give GeoJSON answers the schema of their model (declared for `application/json`)."""
    for entry in responses.values():
        content = entry.get("content", {})
        model = content.get("application/json", {}).get("schema")
        if GEOJSON in content and model is not None:
            content[GEOJSON] = {"schema": model}
            del content["application/json"]


def complete(document: dict[str, Any]) -> dict[str, Any]:
    """Document the problems of every operation, and validation errors as problems."""
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            responses: dict[str, Any] = operation.setdefault("responses", {})
            _geojson_like_json(responses)
            # Every operation takes either credential; those the public may call take none.
            operation.setdefault("security", [{"bearer": []}, {"session": []}, {}])
            for code in sorted(_codes(path, method) | {int(c) for c in responses if c[0] in "45"}):
                entry = responses.setdefault(str(code), {"description": TITLES.get(code, "")})
                entry["content"] = {"application/problem+json": {"schema": PROBLEM}}
    components = document.setdefault("components", {})
    components["securitySchemes"] = SCHEMES
    schemas = components.get("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    return document


def install(app: FastAPI) -> None:
    """Serve the completed document (built once, on first request)."""

    def document() -> dict[str, Any]:
        if app.openapi_schema is None:
            built = get_openapi(
                title=app.title, version=app.version, summary=app.summary, routes=app.routes
            )
            app.openapi_schema = complete(built)
        return app.openapi_schema

    app.openapi = document  # type: ignore[method-assign]
