"""Round reports, prevention stock and the counts behind the statistics.

A report is written once per key (a retried submission finds the first and adds nothing);
each zone visited becomes a zone report carrying the zone's commune, its referrals by
category, a stock movement per item handed out, and the month × commune × indicator counts
of the public statistics, all in the submission's transaction.
"""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, literal, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from geo.accounts import audit
from geo.directory.categories import BY_SLUG, CATEGORIES
from geo.errors import InvalidField
from geo.reports.drafts import ReportDraft
from geo.reports.models import (
    INDICATORS,
    ReferralCount,
    RoundReport,
    StatsCount,
    StockMovement,
    StockThreshold,
    ZoneReport,
)
from geo.values import Actor
from geo.vocab import UNKNOWN_COMMUNE, Material
from geo.zones.models import Zone

PACK_WEEKS = 8
CONTRIBUTORS = uuid.UUID("8f1d3c2e-2b7a-4d59-9a51-6c0f3e7b9d42")
MATERIAL_COLUMNS = {m.value: m.value.replace("-", "_") for m in Material}


def indicators() -> list[str]:
    """Every indicator, in the order the statistics list them."""
    return list(INDICATORS)


@dataclass(frozen=True, slots=True)
class Submitted:
    """A stored report, and whether this submission created it."""

    id: uuid.UUID
    created: bool
    zones: int


async def submit_report(session: AsyncSession, *, actor: Actor, draft: ReportDraft) -> Submitted:
    """Store a report once per key; a retry returns the first."""
    owner = actor.association_id
    if owner is None:
        raise InvalidField("key", "only an association's members report rounds")
    inserted = await session.scalar(
        insert(RoundReport)
        .values(
            association_id=owner,
            key=draft.key,
            visited_on=draft.visited_on,
            submitted_by=actor.user_id,
        )
        .on_conflict_do_nothing(index_elements=["association_id", "key"])
        .returning(RoundReport.id)
    )
    if inserted is None:
        first = await session.scalar(
            select(RoundReport.id).where(
                RoundReport.association_id == owner, RoundReport.key == draft.key
            )
        )
        count = await session.scalar(
            select(func.count()).select_from(ZoneReport).where(ZoneReport.report_id == first)
        )
        assert first is not None
        return Submitted(first, False, int(count or 0))
    zones = await _zones(session, owner, draft)
    stats: dict[tuple[str, str], int] = defaultdict(int)
    month = draft.visited_on.replace(day=1)
    for index, visit in enumerate(draft.zones):
        commune = zones[visit.zone_id] or UNKNOWN_COMMUNE
        material = {MATERIAL_COLUMNS[m.value]: n for m, n in visit.material.items()}
        zone_report = await session.scalar(
            insert(ZoneReport)
            .values(
                report_id=inserted,
                association_id=owner,
                zone_id=visit.zone_id,
                visited_on=draft.visited_on,
                commune=zones[visit.zone_id],
                people_met=visit.people_met,
                rapid_tests=visit.rapid_tests,
                **material,
            )
            .returning(ZoneReport.id)
        )
        assert zone_report is not None, index
        referrals = [
            {
                "zone_report_id": zone_report,
                "category_id": BY_SLUG[slug].id,
                "association_id": owner,
                "count": n,
            }
            for slug, n in visit.referrals.items()
            if n > 0
        ]
        if referrals:
            await session.execute(insert(ReferralCount), referrals)
        out = [
            {"association_id": owner, "item": m.value, "delta": -n, "zone_report_id": zone_report}
            for m, n in visit.material.items()
            if n > 0
        ]
        if out:
            await session.execute(insert(StockMovement), out)
        stats[(commune, "people-met")] += visit.people_met
        stats[(commune, "rapid-tests")] += visit.rapid_tests
        for m, n in visit.material.items():
            stats[(commune, f"material:{m.value}")] += n
        for slug, n in visit.referrals.items():
            stats[(commune, f"referrals:{slug}")] += n
    contributor = contributor_of(owner)
    rows = [
        {"month": month, "commune": c, "indicator": i, "contributor": contributor, "value": v}
        for (c, i), v in stats.items()
        if v > 0
    ]
    if rows:
        upsert = insert(StatsCount)
        await session.execute(
            upsert.on_conflict_do_update(
                index_elements=["month", "commune", "indicator", "contributor"],
                set_={"value": StatsCount.value + upsert.excluded.value},
            ),
            rows,
        )
    await audit.record(
        session,
        actor=actor,
        action="create",
        object_type="round_report",
        object_id=str(inserted),
        association_id=owner,
        detail={"zones": len(draft.zones)},
    )
    return Submitted(inserted, True, len(draft.zones))


async def _zones(session: AsyncSession, owner: uuid.UUID, draft: ReportDraft) -> dict[Any, Any]:
    """The communes of the report's zones; every zone must be the association's own."""
    ids = [v.zone_id for v in draft.zones]
    rows = await session.execute(
        select(Zone.id, Zone.commune).where(Zone.id.in_(ids), Zone.association_id == owner)
    )
    communes = dict(rows.all())
    for index, zone_id in enumerate(ids):
        if zone_id not in communes:
            raise InvalidField(f"zones.{index}.zone_id", "not one of your association's zones")
    return communes


async def list_reports(session: AsyncSession, *, owner: uuid.UUID, limit: int) -> list[ZoneReport]:
    """The association's latest zone reports, newest first (counts only)."""
    rows = await session.scalars(
        select(ZoneReport)
        .where(ZoneReport.association_id == owner)
        .order_by(ZoneReport.visited_on.desc(), ZoneReport.id)
        .limit(limit)
    )
    return list(rows.all())


# Stock.


@dataclass(frozen=True, slots=True)
class StockLevel:
    """An item's stock: pieces in hand, the low-stock threshold, and whether it is low."""

    item: str
    quantity: int
    threshold: int | None

    @property
    def low(self) -> bool:
        """At or below the threshold."""
        return self.threshold is not None and self.quantity <= self.threshold


async def stock_levels(session: AsyncSession, *, owner: uuid.UUID) -> list[StockLevel]:
    """Every item's stock for the association."""
    totals = dict(
        (
            await session.execute(
                select(StockMovement.item, func.sum(StockMovement.delta))
                .where(StockMovement.association_id == owner)
                .group_by(StockMovement.item)
            )
        ).all()
    )
    thresholds = dict(
        (
            await session.execute(
                select(StockThreshold.item, StockThreshold.threshold).where(
                    StockThreshold.association_id == owner
                )
            )
        ).all()
    )
    return [
        StockLevel(m.value, int(totals.get(m.value) or 0), thresholds.get(m.value))
        for m in Material
    ]


async def deliver(
    session: AsyncSession, *, actor: Actor, owner: uuid.UUID, item: Material, quantity: int
) -> None:
    """Record a delivery of material."""
    await session.execute(
        insert(StockMovement).values(association_id=owner, item=item.value, delta=quantity)
    )
    await audit.record(
        session,
        actor=actor,
        action="deliver",
        object_type="stock",
        object_id=item.value,
        association_id=owner,
        detail={"quantity": quantity},
    )


async def set_threshold(
    session: AsyncSession, *, actor: Actor, owner: uuid.UUID, item: Material, threshold: int
) -> None:
    """Set an item's low-stock threshold."""
    statement = insert(StockThreshold).values(
        association_id=owner, item=item.value, threshold=threshold
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["association_id", "item"], set_={"threshold": threshold}
        )
    )
    await audit.record(
        session,
        actor=actor,
        action="update",
        object_type="stock_threshold",
        object_id=item.value,
        association_id=owner,
        detail={"threshold": threshold},
    )


async def pack_list(
    session: AsyncSession, *, owner: uuid.UUID, zone_ids: list[str], today: date
) -> dict[str, int]:
    """What to pack for a round through these zones: for each item, the pieces handed out
    per visit of each zone over the last eight weeks, added over the zones, rounded up."""
    if not zone_ids:
        return {}
    since = today - timedelta(weeks=PACK_WEEKS)
    columns = [func.avg(getattr(ZoneReport, c)).label(m) for m, c in MATERIAL_COLUMNS.items()]
    rows = await session.execute(
        select(ZoneReport.zone_id, *columns)
        .where(
            ZoneReport.association_id == owner,
            ZoneReport.zone_id.in_([uuid.UUID(z) for z in zone_ids]),
            ZoneReport.visited_on >= since,
            ZoneReport.visited_on <= today,
        )
        .group_by(ZoneReport.zone_id)
    )
    needed: dict[str, float] = defaultdict(float)
    for row in rows:
        for item in MATERIAL_COLUMNS:
            needed[item] += float(getattr(row, item) or 0)
    return {item: math.ceil(n) for item, n in needed.items() if n > 0}


# Statistics.


async def own_counts(
    session: AsyncSession, *, owner: uuid.UUID
) -> dict[tuple[date, str, str], int]:
    """The association's counts by (month, commune, indicator)."""
    month = func.date_trunc("month", ZoneReport.visited_on).label("month")
    commune = func.coalesce(ZoneReport.commune, literal(UNKNOWN_COMMUNE)).label("commune")
    sums = [func.sum(ZoneReport.people_met), func.sum(ZoneReport.rapid_tests)]
    sums += [func.sum(getattr(ZoneReport, c)) for c in MATERIAL_COLUMNS.values()]
    rows = await session.execute(
        select(month, commune, *sums)
        .where(ZoneReport.association_id == owner)
        .group_by(month, commune)
    )
    names = ["people-met", "rapid-tests", *(f"material:{m}" for m in MATERIAL_COLUMNS)]
    counts: dict[tuple[date, str, str], int] = {}
    for m, c, *values in rows:
        for name, value in zip(names, values, strict=True):
            if value:
                counts[(_day(m), c, name)] = int(value)
    referral = await session.execute(
        select(month, commune, ReferralCount.category_id, func.sum(ReferralCount.count))
        .join(ZoneReport, ZoneReport.id == ReferralCount.zone_report_id)
        .where(ZoneReport.association_id == owner)
        .group_by(month, commune, ReferralCount.category_id)
    )
    slugs = {c.id: c.slug for c in CATEGORIES}
    for m, c, category, value in referral:
        counts[(_day(m), c, f"referrals:{slugs[category]}")] = int(value)
    return counts


def _day(value: Any) -> date:
    return value.date() if isinstance(value, datetime) else value


async def public_version(session: AsyncSession) -> tuple[int, int]:
    """What identifies the public counts' state: counts only grow, so any new report changes
    (rows, sum)."""
    row = (
        await session.execute(
            select(func.count(), func.coalesce(func.sum(StatsCount.value), 0)).select_from(
                StatsCount
            )
        )
    ).one()
    return int(row[0]), int(row[1])


Contribution = tuple[date, str, str, uuid.UUID]
"""(month, commune, indicator, contributor)."""


async def public_counts(session: AsyncSession) -> dict[Contribution, int]:
    """Every contributor's counts by month, commune and indicator."""
    rows = await session.execute(
        select(
            StatsCount.month,
            StatsCount.commune,
            StatsCount.indicator,
            StatsCount.contributor,
            StatsCount.value,
        )
    )
    return {(m, c, i, k): int(v) for m, c, i, k, v in rows}


def contributor_of(association_id: uuid.UUID) -> uuid.UUID:
    """The opaque code an association's counts carry in the public statistics."""
    return uuid.uuid5(CONTRIBUTORS, str(association_id))
