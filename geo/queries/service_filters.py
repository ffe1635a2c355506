"""Directory filters as cached statement shapes with bound parameters.

Building a SQLAlchemy statement costs more than running the query it makes; statements are
therefore built once per shape (which filters are present, for whom) with bound parameters,
and each request only binds its values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Float,
    and_,
    any_,
    bindparam,
    cast,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import BigInteger, Integer, Text

from geo.categories import category_ids
from geo.db import Reader
from geo.models import OpeningInterval
from geo.queries.schedules import Horizon, open_schedule_ids_outside
from geo.queries.service_rows import col
from geo.values import Audience, ServiceFilter
from geo.vocab import Visibility


class OpenCheck(StrEnum):
    """How "open at t" is checked, if at all."""

    NONE = "none"
    RANGES = "ranges"  # t inside the precomputed horizon: SQL ranges
    IDS = "ids"  # t outside it: schedule ids evaluated in Python


@dataclass(frozen=True, slots=True)
class Shape:
    """Which clauses a directory query has; the cache key of its statement."""

    audience: Audience
    locating: bool
    categories: bool = False
    languages: bool = False
    publics: bool = False
    conditions: bool = False
    words: int = 0
    bbox: bool = False
    open: OpenCheck = OpenCheck.NONE


def _visible(audience: Audience, *, locating: bool) -> ColumnElement[bool]:
    """Return the visibility rule; `locating` queries never reveal a confidential address."""
    visibility = col("visibility")
    if audience is Audience.MEMBER:
        return literal(True)
    if locating:
        return visibility == Visibility.PUBLIC.value
    return visibility.in_([Visibility.PUBLIC.value, Visibility.CONFIDENTIAL_ADDRESS.value])


def clauses(shape: Shape) -> list[ColumnElement[bool]]:
    """Return the WHERE clauses of a shape, with bound parameters."""
    out = [_visible(shape.audience, locating=shape.locating)]
    if shape.categories:
        out.append(col("category_ids").op("&&")(bindparam("cats", type_=ARRAY(Integer))))
    if shape.languages:
        out.append(col("languages").op("&&")(bindparam("langs", type_=ARRAY(Text))))
    if shape.publics:
        out.append(col("publics").op("@>")(bindparam("publics", type_=ARRAY(Text))))
    if shape.conditions:
        out.append(col("conditions").op("@>")(bindparam("conds", type_=ARRAY(Text))))
    name = func.maraude_unaccent(func.lower(col("name")))
    for i in range(shape.words):
        word = func.maraude_unaccent(func.lower(bindparam(f"w{i}", type_=Text)))
        out.append(name.like(func.concat("%", word, "%"), escape="\\"))
    if shape.bbox:
        box = func.ST_MakeEnvelope(
            *(bindparam(k, type_=Float) for k in ("west", "south", "east", "north")), 4326
        )
        out.append(col("geom").op("&&")(box))
    if shape.open is not OpenCheck.NONE:
        at = bindparam("open_at", type_=DateTime(timezone=True))
        open_ids: Any
        if shape.open is OpenCheck.RANGES:
            # One array, computed once (an InitPlan), then checked row by row during the KNN
            # scan: the planner cannot turn it into a join that rescans the intervals.
            open_ids = (
                select(func.array_agg(OpeningInterval.schedule_id))
                .where(OpeningInterval.during.op("@>")(at))
                .scalar_subquery()
            )
        else:
            open_ids = bindparam("open_ids", type_=ARRAY(BigInteger))
        closed = col("closed_ranges")
        schedule = col("schedule_id") == any_(cast(open_ids, ARRAY(BigInteger)))
        out.append(and_(schedule, or_(closed.is_(None), ~closed.op("@>")(at))))
    return out


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def bind(
    session: Reader,
    *,
    audience: Audience,
    filters: ServiceFilter,
    locating: bool,
    horizon: Horizon | None,
) -> tuple[Shape, dict[str, Any]]:
    """Return the shape of a filtered query and the values to bind."""
    params: dict[str, Any] = {}
    if filters.categories:
        params["cats"] = category_ids(filters.categories)
    if filters.languages:
        params["langs"] = list(filters.languages)
    if filters.publics:
        params["publics"] = list(filters.publics)
    if filters.conditions:
        params["conds"] = list(filters.conditions)
    words = filters.q.split() if filters.q else []
    for i, word in enumerate(words):
        params[f"w{i}"] = _escape(word)
    if filters.bbox:
        b = filters.bbox
        params.update(west=b.west, south=b.south, east=b.east, north=b.north)
    open_check = OpenCheck.NONE
    if filters.open_at is not None:
        at: datetime = filters.open_at
        params["open_at"] = at
        if horizon is None or horizon.covers(at):
            open_check = OpenCheck.RANGES
        else:
            open_check = OpenCheck.IDS
            params["open_ids"] = await open_schedule_ids_outside(session, at=at)
    shape = Shape(
        audience=audience,
        locating=locating,
        categories=bool(filters.categories),
        languages=bool(filters.languages),
        publics=bool(filters.publics),
        conditions=bool(filters.conditions),
        words=len(words),
        bbox=filters.bbox is not None,
        open=open_check,
    )
    return shape, params
