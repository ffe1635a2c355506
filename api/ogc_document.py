"""The OpenAPI 3.0 definition of the OGC API – Features endpoints (`/ogc/api`): what GIS
clients read to learn the service, separate from the application's OpenAPI 3.1 document."""

from __future__ import annotations

from typing import Any

from api.ogc_params import DEFAULT_LIMIT, MAX_LIMIT
from geo.directory.categories import CATEGORIES
from geo.vocab import Condition, Public

CONFORMANCE = (
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
)
OPENAPI_MEDIA = "application/vnd.oai.openapi+json;version=3.0"

_JSON = {"schema": {"type": "object"}}
_PROBLEM = {
    "description": "A parameter is unknown or malformed (RFC 9457 problem).",
    "content": {"application/problem+json": _JSON},
}
_NOT_FOUND = {
    "description": "No such resource.",
    "content": {"application/problem+json": _JSON},
}


def _ok(description: str, media: str = "application/json") -> dict[str, Any]:
    return {"description": description, "content": {media: _JSON}}


def _query(name: str, description: str, schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
        **extra,
    }


def _words(values: list[str]) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string", "enum": values}}


_F = _query("f", "The format: JSON only.", {"type": "string", "enum": ["json"]})
_COLLECTION = {
    "name": "collectionId",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "enum": ["services", "categories"]},
}
_ITEMS_PARAMETERS = [
    _F,
    _query(
        "limit",
        f"Features per page (at most {MAX_LIMIT}; a larger limit gives {MAX_LIMIT}).",
        {"type": "integer", "minimum": 1, "maximum": 10000, "default": DEFAULT_LIMIT},
    ),
    _query(
        "bbox",
        "Only features within the box: west,south,east,north in CRS84 degrees.",
        {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
        style="form",
        explode=False,
    ),
    _query(
        "datetime",
        "Only features last updated at this instant or within this interval "
        "(RFC 3339, `..` for an open end).",
        {"type": "string"},
    ),
    _query("cursor", "Where the next page starts (from a `next` link).", {"type": "string"}),
    _query(
        "category",
        "Only services of one of these categories.",
        _words([c.slug for c in CATEGORIES]),
        style="form",
        explode=False,
    ),
    _query(
        "language",
        "Only services speaking one of these languages (ISO 639-1).",
        {"type": "array", "items": {"type": "string", "pattern": "^[a-z]{2}$"}},
        style="form",
        explode=False,
    ),
    _query(
        "public",
        "Only services welcoming all these publics.",
        _words([p.value for p in Public]),
        style="form",
        explode=False,
    ),
    _query(
        "condition",
        "Only services meeting all these conditions.",
        _words([c.value for c in Condition]),
        style="form",
        explode=False,
    ),
]


def document(server: str) -> dict[str, Any]:
    """Return the OpenAPI 3.0 document of the OGC API at `server` (its /ogc URL)."""
    get = "get"
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Maraude — OGC API Features",
            "version": "1.0.0",
            "description": "Public referral services for harm-reduction outreach (never "
            "professionals-only services, confidential addresses or outreach zones).",
            "license": {"name": "Licence Ouverte / Open Licence 2.0"},
        },
        "servers": [{"url": server}],
        "paths": {
            "/": {
                get: {
                    "summary": "Landing page",
                    "operationId": "getLandingPage",
                    "parameters": [_F],
                    "responses": {"200": _ok("The landing page.")},
                }
            },
            "/conformance": {
                get: {
                    "summary": "Conformance classes",
                    "operationId": "getConformance",
                    "parameters": [_F],
                    "responses": {"200": _ok("The conformance classes.")},
                }
            },
            "/api": {
                get: {
                    "summary": "This document",
                    "operationId": "getApi",
                    "responses": {"200": _ok("The OpenAPI document.", OPENAPI_MEDIA)},
                }
            },
            "/collections": {
                get: {
                    "summary": "Collections",
                    "operationId": "getCollections",
                    "parameters": [_F],
                    "responses": {"200": _ok("The collections.")},
                }
            },
            "/collections/{collectionId}": {
                get: {
                    "summary": "One collection",
                    "operationId": "describeCollection",
                    "parameters": [_COLLECTION, _F],
                    "responses": {"200": _ok("The collection."), "404": _NOT_FOUND},
                }
            },
            "/collections/{collectionId}/items": {
                get: {
                    "summary": "Features of a collection",
                    "operationId": "getFeatures",
                    "parameters": [_COLLECTION, *_ITEMS_PARAMETERS],
                    "responses": {
                        "200": _ok("A page of features.", "application/geo+json"),
                        "400": _PROBLEM,
                        "404": _NOT_FOUND,
                    },
                }
            },
            "/collections/{collectionId}/items/{featureId}": {
                get: {
                    "summary": "One feature",
                    "operationId": "getFeature",
                    "parameters": [
                        _COLLECTION,
                        {
                            "name": "featureId",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        _F,
                    ],
                    "responses": {
                        "200": _ok("The feature.", "application/geo+json"),
                        "404": _NOT_FOUND,
                    },
                }
            },
        },
    }
