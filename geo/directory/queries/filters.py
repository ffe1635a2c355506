"""Directory filters as cached statement shapes with bound parameters.

Building a SQLAlchemy statement costs more than running the query it makes; statements are
therefore built once per shape (which filters are present, for whom) with bound parameters,
and each request only binds its values. "Open at t" binds the ids of the schedules open then
(one small lookup a minute, see `OpenSchedules`), checked row by row during the KNN scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    DateTime,
    Float,
    and_,
    any_,
    bindparam,
    func,
    or_,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import BigInteger, Integer, Text

from geo.db import Reader
from geo.directory.categories import category_ids
from geo.directory.queries.rows import CHECKED, col
from geo.directory.queries.schedules import OpenSchedules, open_schedule_ids
from geo.values import Audience, OpenMatch, Reach, ServiceFilter
from geo.vocab import Visibility


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
    open: OpenMatch | None = None
    reach: Reach | None = None


def _visible(audience: Audience, *, locating: bool) -> ColumnElement[bool]:
    """Return the visibility rule. `locating` queries (by distance or within an area) never
    yield a confidential address, whoever asks: such a service is reached by phone. A service
    unchecked for too long (before `shown_since`) is shown to the directory's editors alone,
    who check it."""
    visibility = col("visibility")
    current: ColumnElement[bool] = col("withdrawn_at").is_(None)
    if audience is not Audience.EDITOR:
        current = and_(current, bindparam("shown_since", type_=Date) <= CHECKED)
    if locating:
        located = visibility != Visibility.CONFIDENTIAL_ADDRESS.value
        if audience is Audience.PUBLIC:
            located = visibility == Visibility.PUBLIC.value
        return and_(current, located)
    if audience is not Audience.PUBLIC:
        return current
    return and_(
        current,
        visibility.in_([Visibility.PUBLIC.value, Visibility.CONFIDENTIAL_ADDRESS.value]),
    )


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
    if shape.open is not None:
        out.append(_open(shape.open))
    if shape.reach is Reach.PHONE:
        out.append(
            and_(
                col("phone").is_not(None),
                or_(
                    col("geom").is_(None),
                    col("visibility") == Visibility.CONFIDENTIAL_ADDRESS.value,
                ),
            )
        )
    elif shape.reach is Reach.PLACE:
        out.append(col("geom").is_not(None))
    return out


def _open(match: OpenMatch) -> ColumnElement[bool]:
    """Open at `open_at` by known hours, or hours unknown, or either; never closed then by a
    closure."""
    at = bindparam("open_at", type_=DateTime(timezone=True))
    closed = col("closed_ranges")
    not_closed = or_(closed.is_(None), ~closed.op("@>")(at))
    schedule = col("schedule_id")
    known = schedule == any_(bindparam("open_ids", type_=ARRAY(BigInteger)))
    which = {
        OpenMatch.KNOWN: known,
        OpenMatch.UNKNOWN: schedule.is_(None),
        OpenMatch.EITHER: or_(known, schedule.is_(None)),
    }[match]
    return and_(which, not_closed)


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def bind(
    session: Reader,
    *,
    audience: Audience,
    filters: ServiceFilter,
    locating: bool,
    schedules: OpenSchedules | None,
    shown_since: date,
) -> tuple[Shape, dict[str, Any]]:
    """Return the shape of a filtered query and the values to bind."""
    params: dict[str, Any] = {}
    if audience is not Audience.EDITOR:
        params["shown_since"] = shown_since
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
    if filters.open_at is not None:
        params["open_at"] = filters.open_at
    if filters.open_at is not None and filters.open_match is not OpenMatch.UNKNOWN:
        params["open_ids"] = (
            await schedules.at(session, filters.open_at)
            if schedules is not None
            else await open_schedule_ids(session, at=filters.open_at)
        )
    shape = Shape(
        audience=audience,
        locating=locating,
        categories=bool(filters.categories),
        languages=bool(filters.languages),
        publics=bool(filters.publics),
        conditions=bool(filters.conditions),
        words=len(words),
        bbox=filters.bbox is not None,
        open=None if filters.open_at is None else filters.open_match,
        reach=filters.reach,
    )
    return shape, params
