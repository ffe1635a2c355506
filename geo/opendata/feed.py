"""The changes of the public directory, for data hubs: public services changed since a
moment, and the ids of those that left the public directory since (tombstones: withdrawn,
deleted, no longer public, or unchecked for so long that the public no longer sees them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Row, text

from geo.db import Reader
from geo.directory.queries.rows import record
from geo.values import ServiceRecord

# The columns `record` maps, in its order, from the view `opendata.service`.
_RECORD = (
    "s.id, s.name, s.categories, s.address, s.postcode, s.city, s.phone, s.website, s.email, "
    "s.description, s.opening_hours, s.timezone, s.holiday_country, s.closures, s.languages, "
    "s.interpreting, s.publics, s.conditions, s.wheelchair, s.accessibility, "
    "'public' AS visibility, s.source, s.source_id, s.last_verified, s.updated_at, "
    "s.verified_by, s.temporary_message, s.saturated_until, ST_X(s.geom), ST_Y(s.geom)"
)


@dataclass(frozen=True, slots=True)
class Change:
    """A public service as it is now (`record`), or a tombstone (`record` is None) with the
    ids it was published under."""

    hsds_id: str
    source: str
    source_id: str
    changed_at: datetime
    record: ServiceRecord | None


@dataclass(frozen=True, slots=True)
class ChangePage:
    """One page of changes, in the order they happened, and how many there are in all."""

    changes: list[Change]
    total: int


def _changes_sql(since: bool) -> str:
    # A service hidden for being unchecked left the public directory on the day its last
    # check got too old: that moment, not its last edit, is its change.
    changed = (
        "CASE WHEN c.published AND c.last_verified < :shown_since "
        "THEN greatest(c.changed_at, (c.last_verified + CAST(:hide_days AS integer))::timestamptz) "
        "ELSE c.changed_at END"
    )
    live = "(c.published AND c.last_verified >= :shown_since)"
    where = f"{changed} > :since" if since else live
    return f"""
        SELECT c.hsds_id, {changed} AS changed, {live} AS live, c.id, c.source, c.source_id
        FROM opendata.service_change c WHERE {where}
    """


async def changes(
    reader: Reader,
    *,
    since: datetime | None,
    shown_since: date,
    hide_after_days: int,
    offset: int,
    limit: int,
) -> ChangePage:
    """Return a page of the public directory's changes after `since`, oldest first (with no
    `since`: every public service, as if all had just been added)."""
    params: dict[str, Any] = {
        "shown_since": shown_since,
        "hide_days": hide_after_days,
        "offset": offset,
        "rows": limit,
    }
    if since is not None:
        params["since"] = since
    base = _changes_sql(since is not None)
    statement = text(
        f"""
        WITH changed AS ({base}),
        page AS (
            SELECT * FROM changed ORDER BY changed, hsds_id OFFSET :offset LIMIT :rows
        )
        SELECT p.hsds_id, p.changed, p.live, (SELECT count(*) FROM changed), p.source,
               p.source_id, {_RECORD}
        FROM page p LEFT JOIN opendata.service s ON p.live AND s.id = p.id
        ORDER BY p.changed, p.hsds_id
        """
    )
    rows = (await reader.execute(statement, params)).all()
    if not rows and offset:
        total = (
            await reader.execute(text(f"SELECT count(*) FROM ({base}) x"), params)
        ).scalar_one()
    else:
        total = rows[0][3] if rows else 0
    found = [
        Change(
            hsds_id=r[0],
            changed_at=r[1],
            source=r[4],
            source_id=r[5],
            record=record(cast(Row[Any], r[6:])) if r[2] else None,
        )
        for r in rows
    ]
    return ChangePage(changes=found, total=total)


async def one(reader: Reader, hsds_id: str, *, shown_since: date) -> ServiceRecord | None:
    """Return the public service with this HSDS id, or None."""
    row = (
        await reader.execute(
            text(
                f"SELECT {_RECORD} FROM opendata.service s "
                "WHERE s.hsds_id = :hid AND s.last_verified >= :shown_since"
            ),
            {"hid": hsds_id, "shown_since": shown_since},
        )
    ).one_or_none()
    return None if row is None else record(row)
