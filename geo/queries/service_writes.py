"""Writes to the directory: the upsert every writer shares (API, importers, demo)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, literal_column, or_
from sqlalchemy.dialects.postgresql import Range, insert
from sqlalchemy.ext.asyncio import AsyncSession

from geo.drafts import ServiceDraft
from geo.hours import closure_intervals
from geo.models import Service
from geo.queries.schedules import Horizon, ensure_schedules


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


def service_values(draft: ServiceDraft, schedule_id: int | None) -> dict[str, Any]:
    """Return the column values of a draft."""
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
        rows.append(service_values(d, schedules[rule] if rule is not None else None))
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
