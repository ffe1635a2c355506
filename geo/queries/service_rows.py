"""The columns every directory read selects, and their mapping to value objects."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, func
from sqlalchemy.engine import Row

from geo.hours import Closure, HoursRule, state_at
from geo.models import Service
from geo.values import Audience, ServiceRecord, ServiceView
from geo.vocab import Visibility

SERVICE: Any = Service.__table__
"""The table itself: Core statements over it skip the ORM's per-statement bookkeeping."""


def col(name: str) -> Column[Any]:
    """Return a column of the service table."""
    column: Column[Any] = SERVICE.c[name]
    return column


COLUMNS = (
    *(
        col(name)
        for name in (
            "id", "name", "categories", "address", "postcode", "city", "phone", "website",
            "email", "description", "opening_hours", "timezone", "holiday_country", "closures",
            "languages", "interpreting", "publics", "conditions", "wheelchair", "accessibility",
            "visibility", "source", "source_id", "last_verified", "updated_at",
        )
    ),
    func.ST_X(col("geom")).label("lon"),
    func.ST_Y(col("geom")).label("lat"),
)  # fmt: skip


def _closures(raw: Sequence[dict[str, Any]]) -> tuple[Closure, ...]:
    return tuple(
        Closure(date.fromisoformat(c["start"]), date.fromisoformat(c["end"]), c.get("reason"))
        for c in raw
    )


def record(row: Row[Any]) -> ServiceRecord:
    """Map a selected row (COLUMNS first, in order) to a record."""
    (
        sid, name, categories, address, postcode, city, phone, website, email, description,
        opening_hours, timezone, holiday_country, closures, languages, interpreting, publics,
        conditions, wheelchair, accessibility, visibility, source, source_id, last_verified,
        updated_at, lon, lat,
    ) = row[: len(COLUMNS)]  # fmt: skip
    return ServiceRecord(
        id=sid,
        name=name,
        categories=tuple(categories),
        lon=lon,
        lat=lat,
        address=address,
        postcode=postcode,
        city=city,
        phone=phone,
        website=website,
        email=email,
        description=description,
        opening_hours=opening_hours,
        timezone=timezone,
        holiday_country=holiday_country,
        closures=_closures(closures) if closures else (),
        languages=tuple(languages),
        interpreting=interpreting,
        publics=tuple(publics),
        conditions=tuple(conditions),
        wheelchair=wheelchair,
        accessibility=accessibility,
        visibility=visibility,
        source=source,
        source_id=source_id,
        last_verified=last_verified,
        updated_at=updated_at,
    )


def view(row: Row[Any], *, audience: Audience, at: datetime) -> ServiceView:
    """Map a row to what `audience` may see of it, with its opening state at `at`."""
    rec = record(row)
    rule = (
        HoursRule(rec.opening_hours, rec.timezone, rec.holiday_country)
        if rec.opening_hours
        else None
    )
    hidden = audience is Audience.PUBLIC and rec.visibility == Visibility.CONFIDENTIAL_ADDRESS
    distance = row[len(COLUMNS)] if len(row) > len(COLUMNS) else None
    return ServiceView(
        record=rec,
        state=state_at(rule, at, rec.closures),
        state_at=at,
        distance_m=None if hidden else distance,
        location_hidden=hidden,
    )
