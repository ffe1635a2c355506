"""Writes to the directory: the upsert every writer shares (API, importers, demo)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Column,
    CursorResult,
    MetaData,
    Table,
    func,
    literal_column,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import Range, insert
from sqlalchemy.ext.asyncio import AsyncSession

from geo.directory.drafts import ServiceDraft
from geo.directory.hours import closure_intervals
from geo.directory.models import Service
from geo.directory.queries.schedules import Horizon, ensure_schedules


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


WRITABLE: tuple[str, ...] = (
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
"""Every column a writer sets: an importer that owns them all (a list of its own, another
hub's export) replaces the whole service on re-import."""


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
    changed = [getattr(Service, c).is_distinct_from(getattr(new.excluded, c)) for c in WRITABLE]
    stmt: Any = new.on_conflict_do_update(
        index_elements=[Service.source, Service.source_id],
        set_={**{c: getattr(new.excluded, c) for c in WRITABLE}, "updated_at": func.now()},
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


@dataclass(frozen=True, slots=True)
class ImportCounts:
    """What importing a whole source did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0


_STAGE = "import_service"
_STAGED = (*WRITABLE, "source", "source_id")


def _stage_table() -> Table:
    """The transaction's staging table: the service columns an import writes."""
    columns = [Column(c.name, c.type) for c in Service.__table__.columns if c.name in _STAGED]
    return Table(_STAGE, MetaData(), *columns, prefixes=["TEMPORARY"])


# A source's date of last check never takes a later check back (a structure's answer to a
# campaign, a team's correction): the latest check wins, and says who made it.
_NEWER_CHECK = "EXCLUDED.last_verified > coalesce(s.last_verified, '-infinity'::date)"


def _changed(column: str) -> str:
    if column == "last_verified":
        return _NEWER_CHECK
    return f"s.{column} IS DISTINCT FROM EXCLUDED.{column}"


def _set(column: str) -> str:
    if column == "last_verified":
        return (
            f"verified_by = CASE WHEN {_NEWER_CHECK} THEN 'import' ELSE s.verified_by END, "
            "last_verified = GREATEST(s.last_verified, EXCLUDED.last_verified)"
        )
    return f"{column} = EXCLUDED.{column}"


async def import_services(
    session: AsyncSession,
    *,
    source: str,
    drafts: Sequence[ServiceDraft],
    horizon: Horizon,
    owned: Sequence[str] = WRITABLE,
    withdraw_missing: bool = True,
) -> ImportCounts:
    """Make the directory hold `drafts` for `source`, in the caller's transaction: new ones
    created, changed ones updated, identical ones left alone, and (with `withdraw_missing`)
    the source's services the drafts no longer list withdrawn — kept, shown nowhere. A
    withdrawn service listed again comes back. Only the `owned` columns of an existing service
    are compared and written: what another source added (hours from OpenStreetMap on a FINESS
    establishment) stays."""
    if any(d.source != source for d in drafts):
        raise ValueError(f"every draft must come from {source!r}")
    if not set(owned) <= set(WRITABLE):
        raise ValueError(f"not writable: {sorted(set(owned) - set(WRITABLE))}")
    rules = {r for d in drafts if (r := d.hours_rule()) is not None}
    schedules = await ensure_schedules(session, rules=rules, default=horizon)
    stage = _stage_table()
    await session.execute(
        text(
            f"CREATE TEMPORARY TABLE {_STAGE} ON COMMIT DROP AS "
            f"SELECT {', '.join(_STAGED)} FROM service WITH NO DATA"
        )
    )
    rows = []
    for d in drafts:
        rule = d.hours_rule()
        rows.append(service_values(d, schedules[rule] if rule is not None else None))
    for start in range(0, len(rows), 5000):
        await session.execute(insert(stage), rows[start : start + 5000])
    # Without an index and statistics the planner would compare every staged row with every
    # service of the source when looking for the ones gone.
    await session.execute(text(f"CREATE INDEX ON {_STAGE} (source_id)"))
    await session.execute(text(f"ANALYZE {_STAGE}"))
    names = ", ".join(_STAGED)
    changed = " OR ".join(_changed(c) for c in owned)
    sets = ", ".join(_set(c) for c in owned)
    result = await session.execute(
        text(
            f"INSERT INTO service AS s ({names}) SELECT {names} FROM {_STAGE} "
            f"ON CONFLICT (source, source_id) DO UPDATE SET {sets}, withdrawn_at = NULL, "
            f"updated_at = now() WHERE s.withdrawn_at IS NOT NULL OR {changed} "
            "RETURNING (xmax = 0)"
        )
    )
    flags = result.scalars().all()
    created = sum(1 for f in flags if f)
    updated = len(flags) - created
    withdrawn = 0
    if withdraw_missing:
        gone = await session.execute(
            text(
                "UPDATE service AS s SET withdrawn_at = now(), updated_at = now() "
                "WHERE s.source = :source AND s.withdrawn_at IS NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {_STAGE} i WHERE i.source_id = s.source_id)"
            ),
            {"source": source},
        )
        withdrawn = cast(CursorResult[Any], gone).rowcount
    await session.execute(text(f"DROP TABLE {_STAGE}"))
    return ImportCounts(created, updated, len(rows) - created - updated, withdrawn)


ENRICHED = ("opening_hours", "schedule_id", "website", "email", "wheelchair")
"""What one source may add to another's service: what the registry does not say."""


async def enrich_services(
    session: AsyncSession,
    *,
    source: str,
    additions: Sequence[tuple[str, ServiceDraft]],
    horizon: Horizon,
) -> tuple[set[str], int]:
    """Add the opening hours, website, email and wheelchair access of `additions` (drafts by
    the id of a service of `source`) where they say something; return the ids found and how
    many services changed."""
    wanted = [ref for ref, _ in additions]
    found_rows = await session.execute(
        select(Service.source_id).where(Service.source == source, Service.source_id.in_(wanted))
    )
    found = set(found_rows.scalars().all())
    rules = {r for ref, d in additions if ref in found and (r := d.hours_rule()) is not None}
    schedules = await ensure_schedules(session, rules=rules, default=horizon)
    changed = 0
    for ref, d in additions:
        if ref not in found:
            continue
        rule = d.hours_rule()
        values = {
            "opening_hours": d.opening_hours,
            "schedule_id": schedules[rule] if rule is not None else None,
            "website": d.website,
            "email": d.email,
            "wheelchair": d.wheelchair.value if d.wheelchair else None,
        }
        values = {k: v for k, v in values.items() if v is not None}
        if not values:
            continue
        stmt = (
            update(Service)
            .where(
                Service.source == source,
                Service.source_id == ref,
                or_(*[getattr(Service, k).is_distinct_from(v) for k, v in values.items()]),
            )
            .values(**values, updated_at=func.now())
        )
        result = await session.execute(stmt)
        changed += cast(CursorResult[Any], result).rowcount
    return found, changed
