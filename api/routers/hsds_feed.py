"""A read-only subset of the HSDS 3.1 API over the public services, for data hubs that want
the changes rather than whole files: `/hsds/services` (paged, `modified_after`) with the
services that left the public directory as tombstones, one service, and the taxonomy.

Records are those of the HSDS file export (`datasets/hsds_json.py`), with the same ids. A
tombstone is a service record with `status: defunct`, no content but its id, and a `metadata`
row saying when and that it was withdrawn: a hub deletes what it holds under that id."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.caching import LONG, cached
from api.deps import NowDep, OpenReaderDep, SettingsDep
from api.schemas.common import PROBLEM_RESPONSES
from datasets.hsds_json import published, service_full
from datasets.hsds_vocabulary import TAXONOMY, stable_id, terms
from geo.errors import InvalidParameter, NotFound
from geo.opendata import feed

router = APIRouter(prefix="/hsds", tags=["hsds"])

JSON = "application/json"
HSDS_VERSION = "3.1"
PER_PAGE = 100
MAX_PER_PAGE = 500
_PAGE = {
    "type": "object",
    "required": ["total_items", "total_pages", "page_number", "size", "contents"],
    "properties": {"contents": {"type": "array", "items": {"type": "object"}}},
}
_OK: dict[int | str, dict[str, Any]] = {
    200: {"content": {JSON: {"schema": {"type": "object"}}}},
    **PROBLEM_RESPONSES,
}
_PAGED: dict[int | str, dict[str, Any]] = {
    200: {"content": {JSON: {"schema": _PAGE}}},
    **PROBLEM_RESPONSES,
}


def _page(contents: list[Any], *, total: int, page: int, per_page: int) -> dict[str, Any]:
    """HSDS's page envelope."""
    pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }


def tombstone(hsds_id: str, when: datetime) -> dict[str, Any]:
    """A service withdrawn from the public directory, as the feed gives it."""
    stamp = when.astimezone(UTC).isoformat()
    return {
        "id": hsds_id,
        "name": "(withdrawn)",
        "status": "defunct",
        "metadata": [
            {
                "id": stable_id("metadata", hsds_id, stamp),
                "resource_id": hsds_id,
                "resource_type": "service",
                "last_action_date": stamp,
                "last_action_type": "deleted",
                "field_name": "status",
                "previous_value": "active",
                "replacement_value": "defunct",
                "updated_by": "maraude",
            }
        ],
    }


_FLOOR = datetime(1900, 1, 1, tzinfo=UTC)
_CEILING = datetime(9000, 1, 1, tzinfo=UTC)


def _instant(raw: str) -> datetime:
    """Read an RFC 3339 date-time, offset required (a bare number is not a date)."""
    try:
        if "T" not in raw.upper():
            raise ValueError(raw)
        value = datetime.fromisoformat(raw.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidParameter("modified_after", "not an RFC 3339 date-time") from exc
    if value.tzinfo is None:
        raise InvalidParameter("modified_after", "needs its offset (Z or ±hh:mm)")
    # Nothing changed before 1900 nor after 9000: far dates mean those bounds.
    try:
        return min(max(value, _FLOOR), _CEILING)
    except OverflowError:
        return _FLOOR if value.year < 1900 else _CEILING


@router.get("", responses=_OK, summary="About this HSDS API")
async def about(request: Request) -> Response:
    """Return the HSDS version and profile this API follows."""
    base = str(request.base_url).rstrip("/")
    body = {
        "version": HSDS_VERSION,
        "profile": "https://openreferral.org/",
        "openapi_url": f"{base}/openapi.json",
    }
    return cached(request, orjson.dumps(body), media_type=JSON, max_age=LONG)


@router.get("/services", responses=_PAGED, summary="Public services and their changes (HSDS)")
async def services(
    request: Request,
    reader: OpenReaderDep,
    settings: SettingsDep,
    now: NowDep,
    modified_after: Annotated[
        str | None,
        Query(
            description="Only what changed after this instant (RFC 3339, with its offset), "
            "oldest first, withdrawn services included as tombstones (`status: defunct`).",
            json_schema_extra={"format": "date-time"},
        ),
    ] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = PER_PAGE,
) -> Response:
    """Return a page of full HSDS services, in the order they changed. Without
    `modified_after`: every public service; a hub keeps the latest `last_action_date` or
    the time of its request and asks for what changed after it next time."""
    found = await feed.changes(
        reader,
        since=None if modified_after is None else _instant(modified_after),
        shown_since=settings.freshness.shown_since(now.date()),
        hide_after_days=settings.freshness.hide_after_days,
        offset=(page - 1) * per_page,
        limit=per_page,
    )
    contents = [
        published(service_full(c.record))
        if c.record is not None
        else tombstone(c.hsds_id, c.changed_at)
        for c in found.changes
    ]
    body = _page(contents, total=found.total, page=page, per_page=per_page)
    return cached(request, orjson.dumps(body), media_type=JSON)


@router.get("/services/{service_id}", responses=_OK, summary="One public service (HSDS)")
async def service(
    request: Request,
    reader: OpenReaderDep,
    settings: SettingsDep,
    now: NowDep,
    service_id: str,
) -> Response:
    """Return one public service in full, by its HSDS id."""
    found = await feed.one(
        reader, service_id, shown_since=settings.freshness.shown_since(now.date())
    )
    if found is None:
        raise NotFound("no such public service")
    return cached(request, orjson.dumps(published(service_full(found))), media_type=JSON)


@router.get("/taxonomies", responses=_PAGED, summary="Taxonomies (HSDS)")
async def taxonomies(request: Request) -> Response:
    """Return the one taxonomy of Maraude's categories, publics, conditions and access."""
    body = _page([published(TAXONOMY)], total=1, page=1, per_page=1)
    return cached(request, orjson.dumps(body), media_type=JSON, max_age=LONG)


@router.get("/taxonomy_terms", responses=_PAGED, summary="Taxonomy terms (HSDS)")
async def taxonomy_terms(request: Request) -> Response:
    """Return every term of the taxonomy."""
    rows = [published(t.row()) for t in terms().values()]
    body = _page(rows, total=len(rows), page=1, per_page=len(rows))
    return cached(request, orjson.dumps(body), media_type=JSON, max_age=LONG)
