"""The query of an OGC API – Features `items` request, read from its raw parameters: an
unknown parameter or a malformed value is a 400, as the standard requires."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from starlette.datastructures import QueryParams

from geo.directory.categories import BY_SLUG
from geo.errors import InvalidParameter, InvalidQuery
from geo.opendata.features import ItemsQuery
from geo.opendata.kinds import Kinds
from geo.values import BBox
from geo.vocab import Condition, Public

ITEMS_PARAMETERS = frozenset(
    {"f", "limit", "bbox", "bbox-crs", "datetime", "cursor", "category", "language", "public"}
    | {"condition"}
)
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def check_known(params: QueryParams, known: frozenset[str]) -> None:
    """Refuse a parameter the operation does not know, and any format but JSON."""
    for name in params:
        if name not in known:
            raise InvalidQuery(name, "not a parameter of this operation")
    if params.get("f", "json") not in ("json", "geojson"):
        raise InvalidQuery("f", "only json is served")


def _limit(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    try:
        value = int(raw)
    except ValueError as exc:
        raise InvalidQuery("limit", "not an integer") from exc
    if value < 1:
        raise InvalidQuery("limit", "must be at least 1")
    return min(value, MAX_LIMIT)  # a larger limit is served as the largest page (OGC: 200)


def _bbox(raw: str | None, crs: str | None) -> BBox | None:
    if crs is not None and crs != CRS84:
        raise InvalidQuery("bbox-crs", f"only {CRS84} is supported")
    if raw is None:
        return None
    parts = raw.split(",")
    if len(parts) == 6:  # with heights: drop them
        parts = [parts[0], parts[1], parts[3], parts[4]]
    try:
        return BBox.parse(",".join(parts))
    except InvalidParameter as exc:
        raise InvalidQuery("bbox", exc.detail.removeprefix("bbox: ")) from exc


def _instant(raw: str) -> datetime | None:
    if raw in ("", ".."):
        return None
    try:
        if "T" not in raw:
            return datetime.combine(date.fromisoformat(raw), datetime.min.time(), UTC)
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidQuery("datetime", f"{raw!r} is not an RFC 3339 date-time") from exc
    if value.tzinfo is None:
        raise InvalidQuery("datetime", "a date-time needs its offset (Z or ±hh:mm)")
    return value


def _interval(raw: str | None) -> tuple[datetime | None, datetime | None]:
    if raw is None:
        return None, None
    if "/" not in raw:
        at = _instant(raw)
        if at is None:
            raise InvalidQuery("datetime", "an instant cannot be open")
        if "T" not in raw:  # a whole day
            return at, at.replace(hour=23, minute=59, second=59, microsecond=999999)
        return at, at
    start_raw, _, end_raw = raw.partition("/")
    start, end = _instant(start_raw), _instant(end_raw)
    if start is not None and end is not None and start > end:
        raise InvalidQuery("datetime", "the interval ends before it starts")
    return start, end


def _words(params: QueryParams, name: str, known: frozenset[str] | None) -> tuple[str, ...]:
    values = tuple(v for raw in params.getlist(name) for v in raw.split(",") if v)
    for v in values:
        if known is not None and v not in known:
            raise InvalidQuery(name, f"{v!r} is not one of {', '.join(sorted(known))}")
    return values


def _language(params: QueryParams) -> tuple[str, ...]:
    values = _words(params, "language", None)
    for v in values:
        if len(v) != 2 or not v.isascii() or not v.isalpha() or not v.islower():
            raise InvalidQuery("language", f"{v!r} is not an ISO 639-1 code")
    return values


def _cursor(raw: str | None) -> uuid.UUID | None:
    if raw is None:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError as exc:
        raise InvalidQuery("cursor", "not a cursor given by a next link") from exc


def items_query(params: QueryParams, *, shown_since: date) -> ItemsQuery:
    """Read an `items` request's parameters, or raise InvalidQuery."""
    check_known(params, ITEMS_PARAMETERS)
    start, end = _interval(params.get("datetime"))
    return ItemsQuery(
        shown_since=shown_since,
        bbox=_bbox(params.get("bbox"), params.get("bbox-crs")),
        updated_from=start,
        updated_to=end,
        kinds=Kinds(
            categories=_words(params, "category", frozenset(BY_SLUG)),
            languages=_language(params),
            publics=_words(params, "public", frozenset(p.value for p in Public)),
            conditions=_words(params, "condition", frozenset(c.value for c in Condition)),
        ),
        limit=_limit(params.get("limit")),
        after=_cursor(params.get("cursor")),
    )
