"""Items of the OGC API Features collection `services`: public services as GeoJSON features,
built by PostgreSQL (the server sends its bytes as they are), a page at a time in id order."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import text

from geo.db import Reader
from geo.opendata.kinds import Kinds
from geo.values import BBox

PROPERTIES = (
    "name",
    "categories",
    "address",
    "postcode",
    "city",
    "phone",
    "website",
    "email",
    "description",
    "opening_hours",
    "timezone",
    "closures",
    "languages",
    "interpreting",
    "publics",
    "conditions",
    "wheelchair",
    "accessibility",
    "last_verified",
    "updated_at",
)
"""The properties of a feature: the public columns of `opendata.service`."""

_FEATURE = (
    "json_build_object('type', 'Feature', 'id', s.id, "
    "'geometry', ST_AsGeoJSON(s.geom, 7)::json, "
    "'properties', json_build_object(" + ", ".join(f"'{p}', s.{p}" for p in PROPERTIES) + "))"
)


@dataclass(frozen=True, slots=True)
class ItemsQuery:
    """What a client asks of the collection; every field is a fixed filter."""

    shown_since: date
    bbox: BBox | None = None
    updated_from: datetime | None = None
    updated_to: datetime | None = None
    kinds: Kinds = Kinds()
    limit: int = 100
    after: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class ItemsPage:
    """One page: its features as a JSON array, how many, how many match in all, the id to
    page on from and the latest change among them."""

    features: str
    returned: int
    matched: int
    last_id: uuid.UUID | None
    latest: datetime | None


def _where(q: ItemsQuery) -> tuple[str, dict[str, Any]]:
    where = ["s.last_verified >= :shown_since"]
    params: dict[str, Any] = {"shown_since": q.shown_since}
    if q.bbox is not None:
        where.append("s.geom && ST_MakeEnvelope(:west, :south, :east, :north, 4326)")
        params.update(west=q.bbox.west, south=q.bbox.south, east=q.bbox.east, north=q.bbox.north)
    if q.updated_from is not None:
        where.append("s.updated_at >= :updated_from")
        params["updated_from"] = q.updated_from
    if q.updated_to is not None:
        where.append("s.updated_at <= :updated_to")
        params["updated_to"] = q.updated_to
    kinds, bound = q.kinds.clauses("s")
    return " AND ".join(where + kinds), params | bound


async def items(reader: Reader, query: ItemsQuery) -> ItemsPage:
    """Return one page of the collection `services` and the count of all that match."""
    where, params = _where(query)
    page_where = where + (" AND s.id > :after" if query.after is not None else "")
    params.update(after=query.after, rows=query.limit)
    statement = text(
        f"""
        WITH page AS (
            SELECT * FROM opendata.service s WHERE {page_where} ORDER BY s.id LIMIT :rows
        )
        SELECT coalesce(json_agg({_FEATURE} ORDER BY s.id), '[]')::text,
               count(*), max(s.id::text), max(s.updated_at),
               (SELECT count(*) FROM opendata.service s WHERE {where})
        FROM page s
        """
    )
    if query.after is None:
        params.pop("after")
    features, returned, last, latest, matched = (await reader.execute(statement, params)).one()
    return ItemsPage(
        features=features,
        returned=returned,
        matched=matched,
        last_id=uuid.UUID(last) if last else None,
        latest=latest,
    )


async def item(reader: Reader, service_id: uuid.UUID, *, shown_since: date) -> str | None:
    """Return one public service as a GeoJSON feature, or None."""
    statement = text(
        f"SELECT {_FEATURE}::text FROM opendata.service s "
        "WHERE s.id = :sid AND s.last_verified >= :shown_since"
    )
    found: str | None = (
        await reader.execute(statement, {"sid": service_id, "shown_since": shown_since})
    ).scalar_one_or_none()
    return found


async def extent(reader: Reader, *, shown_since: date) -> tuple[Any, ...] | None:
    """Return the box of every public service (west, south, east, north) and the latest
    change, for the collection's description."""
    row = (
        await reader.execute(
            text(
                "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), latest FROM ("
                " SELECT ST_Extent(s.geom) AS e, max(s.updated_at) AS latest"
                " FROM opendata.service s WHERE s.last_verified >= :shown_since) x"
            ),
            {"shown_since": shown_since},
        )
    ).one()
    return None if row[0] is None else tuple(row)


async def more_than(reader: Reader, bbox: BBox, count: int) -> bool:
    """Whether more than `count` public services lie within the box (reads `count` + 1 at
    most)."""
    found: int = (
        await reader.execute(
            text(
                "SELECT count(*) FROM (SELECT 1 FROM opendata.service s "
                "WHERE s.geom && ST_MakeEnvelope(:west, :south, :east, :north, 4326) "
                "LIMIT :enough) x"
            ),
            {
                "west": bbox.west,
                "south": bbox.south,
                "east": bbox.east,
                "north": bbox.north,
                "enough": count + 1,
            },
        )
    ).scalar_one()
    return found > count
