"""Each zone's latest visit before a week, from the association's round reports and kept plans,
in one statement (not one per zone)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Date, DateTime, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.ext.asyncio import AsyncSession

# A round report gives the day of a visit, not its hour: its visit is taken at the start of
# that day in the zone's time zone, so that a kept plan's stop on the same day, later, gives
# the hour. Of kept plans, the latest of each week counts (a week planned again replaces the
# first, as for tonight's rounds). A visit counts when it started before the week: Monday
# 00:00 in the zone's time zone, and never after the scenario's own Monday (a scenario names
# one time zone, and its last visits must precede its week).
_LAST_VISITS = text("""
WITH week AS (
    SELECT z.id, z.timezone,
           LEAST(CAST(:week_start AS timestamp) AT TIME ZONE z.timezone, :bound) AS starts
    FROM zone AS z
    WHERE z.association_id = :association_id AND z.id = ANY(:zone_ids)
),
kept AS (
    SELECT DISTINCT ON (p.week_start) p.result
    FROM plan AS p
    WHERE p.association_id = :association_id AND p.week_start < :week_start
    ORDER BY p.week_start, p.created_at DESC
),
visits AS (
    SELECT CAST(zr.zone_id AS text) AS zone, CAST(zr.visited_on AS timestamp) AS local_day,
           NULL::timestamptz AS started
    FROM zone_report AS zr
    WHERE zr.association_id = :association_id AND zr.zone_id = ANY(:zone_ids)
      AND zr.visited_on < :week_start
    UNION ALL
    SELECT stop ->> 'zone', NULL, CAST(stop ->> 'start' AS timestamptz)
    FROM kept,
         jsonb_array_elements(kept.result -> 'rounds') AS r,
         jsonb_array_elements(r -> 'stops') AS stop
)
SELECT w.id, max(coalesce(v.started, v.local_day AT TIME ZONE w.timezone)) AS last_visit
FROM visits AS v
JOIN week AS w ON CAST(w.id AS text) = v.zone
WHERE coalesce(v.started, v.local_day AT TIME ZONE w.timezone) < w.starts
GROUP BY w.id
""").bindparams(
    bindparam("week_start", type_=Date()),
    bindparam("bound", type_=DateTime(timezone=True)),
    bindparam("association_id", type_=UUID(as_uuid=True)),
    bindparam("zone_ids", type_=ARRAY(UUID(as_uuid=True))),
)


async def last_visits(
    session: AsyncSession,
    *,
    association_id: uuid.UUID,
    zone_ids: Sequence[uuid.UUID],
    week_start: date,
    bound: datetime,
) -> dict[uuid.UUID, datetime]:
    """Return the latest visit of each of these zones that started before the week (reported
    or in a kept plan, whichever is later); a zone with none on record is absent. `bound` is
    the scenario's Monday 00:00: no visit at or after it is returned."""
    if not zone_ids:
        return {}
    rows = await session.execute(
        _LAST_VISITS,
        {
            "week_start": week_start,
            "bound": bound,
            "association_id": association_id,
            "zone_ids": list(zone_ids),
        },
    )
    return {row[0]: row[1] for row in rows}
