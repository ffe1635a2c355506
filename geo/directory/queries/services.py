"""Named queries over referral services: a page of them, one, the k nearest."""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import lru_cache
from typing import Any

from geoalchemy2 import Geography
from sqlalchemy import Float, Integer, Select, bindparam, cast, func, select, tuple_
from sqlalchemy.types import Text, Uuid

from geo.cursors import decode_cursor, encode_cursor
from geo.db import Reader
from geo.directory.queries.filters import Shape, bind, clauses
from geo.directory.queries.rows import CHECKED, COLUMNS, col, view
from geo.directory.queries.schedules import OpenSchedules
from geo.errors import NotFound
from geo.values import Audience, Freshness, LonLat, Page, ServiceFilter, ServiceView

_ORIGIN = cast(
    func.ST_SetSRID(
        func.ST_MakePoint(bindparam("lon", type_=Float), bindparam("lat", type_=Float)), 4326
    ),
    Geography,
)


@lru_cache(maxsize=512)
def _page_statement(shape: Shape, after: bool) -> Select[Any]:
    stmt = select(*COLUMNS).where(*clauses(shape))
    if after:
        key = tuple_(bindparam("after_name", type_=Text), bindparam("after_id", type_=Uuid))
        stmt = stmt.where(tuple_(col("name"), col("id")) > key)
    return stmt.order_by(col("name"), col("id")).limit(bindparam("rows", type_=Integer))


@lru_cache(maxsize=512)
def _nearest_statement(shape: Shape, radius: bool) -> Select[Any]:
    distance = func.ST_Distance(col("geog"), _ORIGIN, False).label("distance_m")
    stmt = select(*COLUMNS, distance).where(col("geog").is_not(None), *clauses(shape))
    if radius:
        stmt = stmt.where(
            func.ST_DWithin(col("geog"), _ORIGIN, bindparam("radius", type_=Float), False)
        )
    return stmt.order_by(col("geog").op("<->")(_ORIGIN)).limit(bindparam("rows", type_=Integer))


@lru_cache(maxsize=4)
def _one_statement(audience: Audience) -> Select[Any]:
    shape = Shape(audience=audience, locating=False)
    return select(*COLUMNS).where(col("id") == bindparam("sid", type_=Uuid), *clauses(shape))


async def list_services(
    session: Reader,
    *,
    audience: Audience,
    filters: ServiceFilter,
    at: datetime,
    limit: int,
    freshness: Freshness,
    cursor: str | None = None,
    schedules: OpenSchedules | None = None,
) -> Page:
    """Return one page of services ordered by name, then id."""
    shape, params = await bind(
        session,
        audience=audience,
        filters=filters,
        locating=filters.bbox is not None,
        schedules=schedules,
        shown_since=freshness.shown_since(at.date()),
    )
    if cursor is not None:
        params["after_name"], params["after_id"] = decode_cursor(cursor)
    params["rows"] = limit + 1
    rows = (await session.execute(_page_statement(shape, cursor is not None), params)).all()
    items = [view(r, audience=audience, at=at, freshness=freshness) for r in rows[:limit]]
    nxt = encode_cursor(rows[limit - 1].name, rows[limit - 1].id) if len(rows) > limit else None
    return Page(items=items, next_cursor=nxt)


async def get_service(
    session: Reader,
    *,
    audience: Audience,
    service_id: uuid.UUID,
    at: datetime,
    freshness: Freshness,
) -> ServiceView:
    """Return one service as the caller may see it, or raise NotFound."""
    params: dict[str, Any] = {"sid": service_id}
    if audience is not Audience.EDITOR:
        params["shown_since"] = freshness.shown_since(at.date())
    row = (await session.execute(_one_statement(audience), params)).one_or_none()
    if row is None:
        raise NotFound("no such service")
    return view(row, audience=audience, at=at, freshness=freshness)


async def nearest_services(
    session: Reader,
    *,
    audience: Audience,
    origin: LonLat,
    filters: ServiceFilter,
    at: datetime,
    limit: int,
    freshness: Freshness,
    max_distance_m: float | None = None,
    schedules: OpenSchedules | None = None,
) -> list[ServiceView]:
    """Return the `limit` nearest located services by great-circle distance (KNN on GiST)."""
    shape, params = await bind(
        session,
        audience=audience,
        filters=filters,
        locating=True,
        schedules=schedules,
        shown_since=freshness.shown_since(at.date()),
    )
    params.update(lon=origin.lon, lat=origin.lat, rows=limit)
    if max_distance_m is not None:
        params["radius"] = max_distance_m
    stmt = _nearest_statement(shape, max_distance_m is not None)
    rows = (await session.execute(stmt, params)).all()
    return [view(r, audience=audience, at=at, freshness=freshness) for r in rows]


async def to_check(
    session: Reader, *, at: datetime, freshness: Freshness, limit: int
) -> list[ServiceView]:
    """Return the current services not checked lately, the longest unchecked first: those
    past `hide_after_days` have left every result but this list."""
    stmt = (
        select(*COLUMNS)
        .where(col("withdrawn_at").is_(None), CHECKED.op("<")(freshness.stale_before(at.date())))
        .order_by(CHECKED, col("name"), col("id"))
        .limit(limit)
    )
    rows = (await session.execute(stmt)).all()
    return [view(r, audience=Audience.EDITOR, at=at, freshness=freshness) for r in rows]


async def phone_lines(session: Reader) -> list[tuple[str, str]]:
    """Return the public phone-only services (national lines): name and number."""
    rows = await session.execute(
        select(col("name"), col("phone"))
        .where(
            col("geom").is_(None),
            col("phone").is_not(None),
            col("visibility") == "public",
            col("withdrawn_at").is_(None),
        )
        .order_by(col("name"))
    )
    return [(name, phone) for name, phone in rows]
