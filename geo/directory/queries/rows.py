"""The columns every directory read selects, and their mapping to value objects."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Date, cast, func, type_coerce
from sqlalchemy.engine import Row
from sqlalchemy.types import NullType

from geo.directory.freshness import quality
from geo.directory.hours import Closure, HoursRule, state_at
from geo.directory.models import Service
from geo.values import Audience, Freshness, ServiceRecord, ServiceView
from geo.vocab import Visibility

SERVICE: Any = Service.__table__
"""The table itself: Core statements over it skip the ORM's per-statement bookkeeping."""


def col(name: str) -> Column[Any]:
    """Return a column of the service table."""
    column: Column[Any] = SERVICE.c[name]
    return column


# Array columns come back from asyncpg as lists already; NullType skips SQLAlchemy's
# per-item result processing, a measurable cost on every page.
_ARRAYS = frozenset({"categories", "languages", "publics", "conditions"})

CHECKED: Any = func.coalesce(col("last_verified"), cast(col("created_at"), Date))
"""When a service was last confirmed: its creation day when never since."""


def _column(name: str) -> Any:
    if name in _ARRAYS:
        return type_coerce(col(name), NullType()).label(name)
    if name == "last_verified":
        return CHECKED.label(name)
    return col(name)


COLUMNS = (
    *(
        _column(name)
        for name in (
            "id",
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
            "holiday_country",
            "closures",
            "languages",
            "interpreting",
            "publics",
            "conditions",
            "wheelchair",
            "accessibility",
            "visibility",
            "source",
            "source_id",
            "last_verified",
            "updated_at",
            "verified_by",
            "temporary_message",
            "saturated_until",
        )
    ),
    func.ST_X(col("geom")).label("lon"),
    func.ST_Y(col("geom")).label("lat"),
)


def _closures(raw: Sequence[dict[str, Any]]) -> tuple[Closure, ...]:
    return tuple(
        Closure(date.fromisoformat(c["start"]), date.fromisoformat(c["end"]), c.get("reason"))
        for c in raw
    )


def record(row: Row[Any]) -> ServiceRecord:
    """Map a selected row (COLUMNS first, in order) to a record."""
    (
        sid,
        name,
        categories,
        address,
        postcode,
        city,
        phone,
        website,
        email,
        description,
        opening_hours,
        timezone,
        holiday_country,
        closures,
        languages,
        interpreting,
        publics,
        conditions,
        wheelchair,
        accessibility,
        visibility,
        source,
        source_id,
        last_verified,
        updated_at,
        verified_by,
        temporary_message,
        saturated_until,
        lon,
        lat,
    ) = row[: len(COLUMNS)]
    return ServiceRecord(
        sid,
        name,
        tuple(categories),
        address,
        postcode,
        city,
        phone,
        website,
        email,
        description,
        opening_hours,
        timezone,
        holiday_country,
        _closures(closures) if closures else (),
        tuple(languages),
        interpreting,
        tuple(publics),
        tuple(conditions),
        wheelchair,
        accessibility,
        visibility,
        source,
        source_id,
        last_verified,
        updated_at,
        verified_by,
        temporary_message,
        saturated_until,
        lon,
        lat,
    )


def view(row: Row[Any], *, audience: Audience, at: datetime, freshness: Freshness) -> ServiceView:
    """Map a row to what `audience` may see of it, with its opening state at `at` and how
    recent its last check is then."""
    rec = record(row)
    rule = (
        HoursRule(rec.opening_hours, rec.timezone, rec.holiday_country)
        if rec.opening_hours
        else None
    )
    hidden = audience is not Audience.EDITOR and rec.visibility == Visibility.CONFIDENTIAL_ADDRESS
    distance = row[len(COLUMNS)] if len(row) > len(COLUMNS) else None
    return ServiceView(
        record=rec,
        state=state_at(rule, at, rec.closures),
        state_at=at,
        distance_m=None if hidden else distance,
        location_hidden=hidden,
        stale=rec.last_verified < freshness.stale_before(at.date()),
        quality=quality(rec, at.date(), freshness),
    )
