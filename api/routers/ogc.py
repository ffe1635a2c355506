"""OGC API – Features, Part 1 (core, GeoJSON, OpenAPI 3.0) at `/ogc`: the public services and
the categories, for GIS tools (QGIS, ArcGIS, open-data portals). Read through the open-data
role: nothing but the views of `opendata` can be served from here."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from api.caching import LONG, cached, to_the_minute
from api.deps import NowDep, OpenReaderDep, SettingsDep
from api.ogc_document import CONFORMANCE, OPENAPI_MEDIA, document
from api.ogc_params import CRS84, check_known, items_query
from api.responses import GEOJSON
from api.routers.maps import LINES as FEATURES
from api.schemas.common import PROBLEM_RESPONSES
from geo.directory.categories import BY_SLUG, CATEGORIES
from geo.errors import NotFound
from geo.opendata import features

router = APIRouter(prefix="/ogc", tags=["ogc-api-features"])

JSON = "application/json"
_FORMAT = frozenset({"f"})
_COLLECTIONS = {
    "services": (
        "Referral services",
        "Public referral services for harm-reduction outreach, with their hours, languages, "
        "publics and conditions (never services for professionals only, confidential "
        "addresses or outreach zones).",
    ),
    "categories": (
        "Categories of service",
        "The kinds of referral service of the national guidelines (no geometry).",
    ),
}
_COLLECTION_ID = Annotated[str, Path(pattern="^(services|categories)$")]
_OBJECT = {"schema": {"type": "object"}}
_DOC: dict[int | str, dict[str, Any]] = {200: {"content": {JSON: _OBJECT}}, **PROBLEM_RESPONSES}
_GEO: dict[int | str, dict[str, Any]] = {
    200: {"content": {GEOJSON: {"schema": FEATURES}}},
    **PROBLEM_RESPONSES,
}


def _root(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/ogc"


def _json(request: Request, body: dict[str, Any], media: str = JSON) -> Response:
    return cached(request, orjson.dumps(body), media_type=media)


def _collection(root: str, cid: str, extent: tuple[Any, ...] | None) -> dict[str, Any]:
    title, description = _COLLECTIONS[cid]
    found: dict[str, Any] = {
        "id": cid,
        "title": title,
        "description": description,
        "itemType": "feature",
        "links": [
            {"href": f"{root}/collections/{cid}", "rel": "self", "type": JSON},
            {"href": f"{root}/collections/{cid}/items", "rel": "items", "type": GEOJSON},
        ],
    }
    if cid == "services":
        found["crs"] = [CRS84]
        found["storageCrs"] = CRS84
        if extent is not None:
            west, south, east, north, latest = extent
            found["extent"] = {
                "spatial": {"bbox": [[west, south, east, north]], "crs": CRS84},
                "temporal": {
                    "interval": [[None, latest.astimezone(UTC).isoformat()]],
                    "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
                },
            }
    return found


@router.get("", responses=_DOC, summary="Landing page of the OGC API")
async def landing(request: Request) -> Response:
    """Return the landing page: links to the API definition, conformance and collections."""
    check_known(request.query_params, _FORMAT)
    root = _root(request)
    return _json(
        request,
        {
            "title": "Maraude — referral services",
            "description": "OGC API – Features of the public referral services.",
            "links": [
                {"href": root, "rel": "self", "type": JSON, "title": "This document"},
                {"href": f"{root}/api", "rel": "service-desc", "type": OPENAPI_MEDIA},
                {"href": f"{root}/conformance", "rel": "conformance", "type": JSON},
                {"href": f"{root}/collections", "rel": "data", "type": JSON},
            ],
        },
    )


@router.get("/conformance", responses=_DOC, summary="Conformance classes of the OGC API")
async def conformance(request: Request) -> Response:
    """Return the conformance classes: core, GeoJSON, OpenAPI 3.0."""
    check_known(request.query_params, _FORMAT)
    return _json(request, {"conformsTo": list(CONFORMANCE)})


@router.get(
    "/api",
    responses={200: {"content": {OPENAPI_MEDIA: _OBJECT}}, **PROBLEM_RESPONSES},
    summary="OGC API definition",
)
async def api_definition(request: Request) -> Response:
    """Return the OpenAPI 3.0 document of the OGC API."""
    body = orjson.dumps(document(_root(request)))
    return cached(request, body, media_type=OPENAPI_MEDIA.split(";")[0], max_age=LONG)


@router.get("/collections", responses=_DOC, summary="Collections of the OGC API")
async def collections(
    request: Request, reader: OpenReaderDep, settings: SettingsDep, now: NowDep
) -> Response:
    """Return the collections: `services` and `categories`."""
    check_known(request.query_params, _FORMAT)
    root = _root(request)
    extent = await features.extent(reader, shown_since=settings.freshness.shown_since(now.date()))
    return _json(
        request,
        {
            "links": [{"href": f"{root}/collections", "rel": "self", "type": JSON}],
            "collections": [_collection(root, cid, extent) for cid in _COLLECTIONS],
        },
    )


@router.get("/collections/{collection_id}", responses=_DOC, summary="One collection")
async def collection(
    request: Request,
    reader: OpenReaderDep,
    settings: SettingsDep,
    now: NowDep,
    collection_id: _COLLECTION_ID,
) -> Response:
    """Return one collection's description, with its extent."""
    check_known(request.query_params, _FORMAT)
    extent = None
    if collection_id == "services":
        extent = await features.extent(
            reader, shown_since=settings.freshness.shown_since(now.date())
        )
    return _json(request, _collection(_root(request), collection_id, extent))


def _category_feature(slug: str) -> dict[str, Any]:
    c = BY_SLUG[slug]
    return {
        "type": "Feature",
        "id": c.slug,
        "geometry": None,
        "properties": {
            "slug": c.slug,
            "guideline": c.guideline,
            "label_fr": c.label_fr,
            "label_en": c.label_en,
        },
    }


@router.get(
    "/collections/{collection_id}/items",
    responses=_GEO,
    summary="Features of a collection",
)
async def items(
    request: Request,
    reader: OpenReaderDep,
    settings: SettingsDep,
    now: NowDep,
    collection_id: _COLLECTION_ID,
) -> Response:
    """Return a page of features (`limit`, `bbox`, `datetime` on the last update, `category`,
    `language`, `public`, `condition`), with `numberMatched`, `numberReturned` and a `next`
    link while more remain. Parameters are described in `/ogc/api`."""
    root = f"{_root(request)}/collections/{collection_id}/items"
    # The minute the answer was made at: every visitor within it gets the same bytes.
    stamp = to_the_minute(now).astimezone(UTC).isoformat().replace("+00:00", "Z")
    if collection_id == "categories":
        check_known(request.query_params, frozenset({"f", "limit"}))
        found = [_category_feature(c.slug) for c in CATEGORIES]
        body = {
            "type": "FeatureCollection",
            "features": found,
            "numberMatched": len(found),
            "numberReturned": len(found),
            "links": [{"href": root, "rel": "self", "type": GEOJSON}],
        }
        return cached(request, orjson.dumps(body), media_type=GEOJSON, max_age=LONG)
    query = items_query(
        request.query_params, shown_since=settings.freshness.shown_since(now.date())
    )
    page = await features.items(reader, query)
    links = [{"href": str(request.url), "rel": "self", "type": GEOJSON}]
    more = page.matched > page.returned if query.after is None else page.returned == query.limit
    if more and page.last_id is not None:
        href = str(request.url.include_query_params(cursor=str(page.last_id)))
        links.append({"href": href, "rel": "next", "type": GEOJSON})
    # The features are PostgreSQL's bytes, sent as they are; only the envelope is built here.
    head = orjson.dumps(
        {
            "type": "FeatureCollection",
            "numberMatched": page.matched,
            "numberReturned": page.returned,
            "timeStamp": stamp,
            "links": links,
        }
    )
    raw = head[:-1] + b',"features":' + page.features.encode() + b"}"
    return cached(request, raw, media_type=GEOJSON, last_modified=page.latest)


@router.get(
    "/collections/{collection_id}/items/{feature_id}",
    responses={200: {"content": {GEOJSON: _OBJECT}}, **PROBLEM_RESPONSES},
    summary="One feature",
)
async def item(
    request: Request,
    reader: OpenReaderDep,
    settings: SettingsDep,
    now: NowDep,
    collection_id: _COLLECTION_ID,
    feature_id: str,
) -> Response:
    """Return one feature of a collection."""
    check_known(request.query_params, _FORMAT)
    base = f"{_root(request)}/collections/{collection_id}"
    if collection_id == "categories":
        if feature_id not in BY_SLUG:
            raise NotFound("no such category")
        found: dict[str, Any] = _category_feature(feature_id)
    else:
        try:
            service_id = uuid.UUID(feature_id)
        except ValueError as exc:
            raise NotFound("no such public service") from exc
        text = await features.item(
            reader, service_id, shown_since=settings.freshness.shown_since(now.date())
        )
        if text is None:
            raise NotFound("no such public service")
        found = orjson.loads(text)
    found["links"] = [
        {"href": f"{base}/items/{feature_id}", "rel": "self", "type": GEOJSON},
        {"href": base, "rel": "collection", "type": JSON},
    ]
    changed = found["properties"].get("updated_at")
    stamp = datetime.fromisoformat(changed) if changed else None
    return cached(request, orjson.dumps(found), media_type=GEOJSON, last_modified=stamp)
