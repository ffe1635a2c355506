"""Named queries over referral services: list, one, nearest, and the upsert all writers share."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from geoalchemy2 import Geography
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY, Range, insert
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Integer, Text

from geo.categories import category_ids
from geo.drafts import ServiceDraft
from geo.errors import InvalidParameter, NotFound
from geo.hours import Closure, HoursRule, closure_intervals, state_at
from geo.models import OpeningSchedule, Service
from geo.queries.schedules import Horizon, ensure_schedules, open_schedule_ids_outside
from geo.values import Audience, LonLat, Page, ServiceFilter, ServiceRecord, ServiceView
from geo.vocab import Visibility

_COLUMNS = (
    Service.id,
    Service.name,
    Service.categories,
    func.ST_X(Service.geom).label("lon"),
    func.ST_Y(Service.geom).label("lat"),
    Service.address,
    Service.postcode,
    Service.city,
    Service.phone,
    Service.website,
    Service.email,
    Service.description,
    Service.opening_hours,
    Service.timezone,
    Service.holiday_country,
    Service.closures,
    Service.languages,
    Service.interpreting,
    Service.publics,
    Service.conditions,
    Service.wheelchair,
    Service.accessibility,
    Service.visibility,
    Service.source,
    Service.source_id,
    Service.last_verified,
    Service.updated_at,
)


def _closures(raw: Sequence[dict[str, Any]]) -> tuple[Closure, ...]:
    return tuple(
        Closure(date.fromisoformat(c["start"]), date.fromisoformat(c["end"]), c.get("reason"))
        for c in raw
    )


def _record(row: Row[Any]) -> ServiceRecord:
    return ServiceRecord(
        id=row.id,
        name=row.name,
        categories=tuple(row.categories),
        lon=row.lon,
        lat=row.lat,
        address=row.address,
        postcode=row.postcode,
        city=row.city,
        phone=row.phone,
        website=row.website,
        email=row.email,
        description=row.description,
        opening_hours=row.opening_hours,
        timezone=row.timezone,
        holiday_country=row.holiday_country,
        closures=_closures(row.closures),
        languages=tuple(row.languages),
        interpreting=row.interpreting,
        publics=tuple(row.publics),
        conditions=tuple(row.conditions),
        wheelchair=row.wheelchair,
        accessibility=row.accessibility,
        visibility=row.visibility,
        source=row.source,
        source_id=row.source_id,
        last_verified=row.last_verified,
        updated_at=row.updated_at,
    )


def _view(row: Row[Any], *, audience: Audience, at: datetime) -> ServiceView:
    record = _record(row)
    rule = (
        HoursRule(record.opening_hours, record.timezone, record.holiday_country)
        if record.opening_hours
        else None
    )
    hidden = audience is Audience.PUBLIC and record.visibility == Visibility.CONFIDENTIAL_ADDRESS
    distance = getattr(row, "distance_m", None)
    return ServiceView(
        record=record,
        state=state_at(rule, at, record.closures),
        state_at=at,
        distance_m=None if hidden else distance,
        location_hidden=hidden,
    )


def _visible(audience: Audience, *, locating: bool) -> ColumnElement[bool]:
    """Return the visibility rule; `locating` queries never reveal a confidential address."""
    if audience is Audience.MEMBER:
        return literal(True)
    if locating:
        return Service.visibility == Visibility.PUBLIC.value
    return Service.visibility.in_([Visibility.PUBLIC.value, Visibility.CONFIDENTIAL_ADDRESS.value])


def _text_array(values: Sequence[str]) -> Any:
    return cast(list(values), ARRAY(Text))


async def _open_clause(
    session: AsyncSession, at: datetime, horizon: Horizon | None
) -> ColumnElement[bool]:
    if horizon is None or horizon.covers(at):
        open_ids: Any = select(OpeningSchedule.id).where(OpeningSchedule.open_ranges.contains(at))
    else:
        open_ids = await open_schedule_ids_outside(session, at=at)
    return and_(
        Service.schedule_id.in_(open_ids),
        or_(Service.closed_ranges.is_(None), ~Service.closed_ranges.contains(at)),
    )


async def _filtered(
    session: AsyncSession,
    stmt: Select[Any],
    filters: ServiceFilter,
    horizon: Horizon | None,
) -> Select[Any]:
    if filters.categories:
        ids = cast(category_ids(filters.categories), ARRAY(Integer))
        stmt = stmt.where(Service.category_ids.op("&&")(ids))
    if filters.languages:
        stmt = stmt.where(Service.languages.op("&&")(_text_array(filters.languages)))
    if filters.publics:
        stmt = stmt.where(Service.publics.op("@>")(_text_array(filters.publics)))
    if filters.conditions:
        stmt = stmt.where(Service.conditions.op("@>")(_text_array(filters.conditions)))
    if filters.q:
        name = func.maraude_unaccent(func.lower(Service.name))
        for word in filters.q.split():
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            pattern = func.concat("%", func.maraude_unaccent(func.lower(escaped)), "%")
            stmt = stmt.where(name.like(pattern, escape="\\"))
    if filters.bbox:
        b = filters.bbox
        box = func.ST_MakeEnvelope(b.west, b.south, b.east, b.north, 4326)
        stmt = stmt.where(Service.geom.op("&&")(box))
    if filters.open_at is not None:
        stmt = stmt.where(await _open_clause(session, filters.open_at, horizon))
    return stmt


def encode_cursor(name: str, service_id: uuid.UUID) -> str:
    """Return an opaque cursor pointing after (name, id)."""
    raw = json.dumps([name, str(service_id)], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, uuid.UUID]:
    """Decode a cursor made by encode_cursor, or raise InvalidParameter."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, sid = json.loads(raw)
        return str(name), uuid.UUID(sid)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise InvalidParameter("cursor", "not a cursor returned by this API") from exc


async def list_services(
    session: AsyncSession,
    *,
    audience: Audience,
    filters: ServiceFilter,
    at: datetime,
    limit: int,
    cursor: str | None = None,
    horizon: Horizon | None = None,
) -> Page:
    """Return one page of services ordered by name, then id."""
    stmt = select(*_COLUMNS).where(_visible(audience, locating=filters.bbox is not None))
    stmt = await _filtered(session, stmt, filters, horizon)
    if cursor is not None:
        name, sid = decode_cursor(cursor)
        stmt = stmt.where(tuple_(Service.name, Service.id) > tuple_(literal(name), literal(sid)))
    stmt = stmt.order_by(Service.name, Service.id).limit(limit + 1)
    rows = (await session.execute(stmt)).all()
    items = [_view(r, audience=audience, at=at) for r in rows[:limit]]
    nxt = encode_cursor(rows[limit - 1].name, rows[limit - 1].id) if len(rows) > limit else None
    return Page(items=items, next_cursor=nxt)


async def get_service(
    session: AsyncSession, *, audience: Audience, service_id: uuid.UUID, at: datetime
) -> ServiceView:
    """Return one service as the caller may see it, or raise NotFound."""
    stmt = select(*_COLUMNS).where(Service.id == service_id, _visible(audience, locating=False))
    row = (await session.execute(stmt)).one_or_none()
    if row is None:
        raise NotFound(f"no service {service_id}")
    return _view(row, audience=audience, at=at)


async def nearest_services(
    session: AsyncSession,
    *,
    audience: Audience,
    origin: LonLat,
    filters: ServiceFilter,
    at: datetime,
    limit: int,
    max_distance_m: float | None = None,
    horizon: Horizon | None = None,
) -> list[ServiceView]:
    """Return the `limit` nearest located services by great-circle distance (KNN on GiST)."""
    point = cast(func.ST_SetSRID(func.ST_MakePoint(origin.lon, origin.lat), 4326), Geography)
    distance = func.ST_Distance(Service.geog, point, False).label("distance_m")
    stmt = select(*_COLUMNS, distance).where(
        Service.geog.is_not(None), _visible(audience, locating=True)
    )
    stmt = await _filtered(session, stmt, filters, horizon)
    if max_distance_m is not None:
        stmt = stmt.where(func.ST_DWithin(Service.geog, point, max_distance_m, False))
    stmt = stmt.order_by(Service.geog.op("<->")(point)).limit(limit)
    rows = (await session.execute(stmt)).all()
    return [_view(r, audience=audience, at=at) for r in rows]


@dataclass(frozen=True, slots=True)
class UpsertCounts:
    """What an upsert did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _closed_ranges(draft: ServiceDraft) -> list[Range[datetime]] | None:
    if not draft.closures:
        return None
    zone = ZoneInfo(draft.timezone)
    spans = closure_intervals([c.to_closure() for c in draft.closures], zone)
    return [Range(lo, hi, bounds="[)") for lo, hi in spans]


def _row(draft: ServiceDraft, schedule_id: int | None) -> dict[str, Any]:
    geom = (
        None
        if draft.lon is None or draft.lat is None
        else f"SRID=4326;POINT({draft.lon!r} {draft.lat!r})"
    )
    return {
        "name": draft.name,
        "categories": list(draft.categories),
        "geom": geom,
        "address": draft.address,
        "postcode": draft.postcode,
        "city": draft.city,
        "phone": draft.phone,
        "website": draft.website,
        "email": draft.email,
        "description": draft.description,
        "opening_hours": draft.opening_hours,
        "timezone": draft.timezone,
        "holiday_country": draft.holiday_country,
        "schedule_id": schedule_id,
        "closures": [c.model_dump(mode="json") for c in draft.closures],
        "closed_ranges": _closed_ranges(draft),
        "languages": list(draft.languages),
        "interpreting": draft.interpreting,
        "publics": [p.value for p in draft.publics],
        "conditions": [c.value for c in draft.conditions],
        "wheelchair": draft.wheelchair.value if draft.wheelchair else None,
        "accessibility": draft.accessibility,
        "visibility": draft.visibility.value,
        "source": draft.source,
        "source_id": draft.source_id,
        "last_verified": draft.last_verified,
    }


_WRITABLE = (
    "name",
    "categories",
    "geom",
    "address",
    "postcode",
    "city",
    "phone",
    "website",
    "email",
    "description",
    "opening_hours",
    "timezone",
    "holiday_country",
    "schedule_id",
    "closures",
    "closed_ranges",
    "languages",
    "interpreting",
    "publics",
    "conditions",
    "wheelchair",
    "accessibility",
    "visibility",
    "last_verified",
)


async def upsert_services(
    session: AsyncSession, *, drafts: Sequence[ServiceDraft], horizon: Horizon
) -> UpsertCounts:
    """Insert or update services by (source, source_id); rows that would not change are left."""
    if not drafts:
        return UpsertCounts()
    rules = {r for d in drafts if (r := d.hours_rule()) is not None}
    schedules = await ensure_schedules(session, rules=rules, default=horizon)
    rows = []
    for d in drafts:
        rule = d.hours_rule()
        rows.append(_row(d, schedules[rule] if rule is not None else None))
    new = insert(Service)
    changed = [getattr(Service, c).is_distinct_from(getattr(new.excluded, c)) for c in _WRITABLE]
    stmt: Any = new.on_conflict_do_update(
        index_elements=[Service.source, Service.source_id],
        set_={**{c: getattr(new.excluded, c) for c in _WRITABLE}, "updated_at": func.now()},
        where=or_(*changed),
    ).returning(literal_column("(xmax = 0)"))
    created = updated = 0
    for row in rows:
        result = (await session.execute(stmt, row)).scalar_one_or_none()
        if result is None:
            continue
        if result:
            created += 1
        else:
            updated += 1
    return UpsertCounts(created, updated, len(rows) - created - updated)
