"""Round reports (counts only), the prevention stock and the counts behind statistics."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Integer,
    SmallInteger,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from geo.accounts import models as _accounts  # noqa: F401 (the tables its keys point to)
from geo.base import Base
from geo.directory.categories import CATEGORIES
from geo.vocab import (
    COMMUNE_PATTERN,
    Material,
)
from geo.zones import models as _zones  # noqa: F401 (the tables its keys point to)


def _material_check() -> CheckConstraint:
    """`item` is one of the prevention material items."""
    return CheckConstraint(f"item IN ({', '.join(repr(m.value) for m in Material)})", name="item")


class RoundReport(Base):
    """One submission after a round: when, by which association, and its idempotency key.
    Counts only, here and in its zone reports: no field can hold anything about a person."""

    __tablename__ = "round_report"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=func.gen_random_uuid()
    )
    association_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("association.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    visited_on: Mapped[date] = mapped_column(Date)
    submitted_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (UniqueConstraint("association_id", "key"),)


REPORT_COUNTS = (
    "people_met",
    "rapid_tests",
    "male_condoms",
    "internal_condoms",
    "lubricant",
    "hiv_self_tests",
    "sti_self_sampling_kits",
    "pregnancy_tests",
    "emergency_contraception",
    "drug_use_equipment",
    "brochures",
    "hygiene_kits",
    "food_and_drink",
)
"""The integer columns of a zone report."""


class ZoneReport(Base):
    """The counts of one zone visited on a round."""

    __tablename__ = "zone_report"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=func.gen_random_uuid()
    )
    report_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("round_report.id", ondelete="CASCADE"), index=True
    )
    association_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("association.id", ondelete="CASCADE"), index=True
    )
    zone_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("zone.id", ondelete="SET NULL"), index=True
    )
    visited_on: Mapped[date] = mapped_column(Date)
    commune: Mapped[str | None] = mapped_column(Text)
    people_met: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    rapid_tests: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    male_condoms: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    internal_condoms: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    lubricant: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    hiv_self_tests: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    sti_self_sampling_kits: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    pregnancy_tests: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    emergency_contraception: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    drug_use_equipment: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    brochures: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    hygiene_kits: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    food_and_drink: Mapped[int] = mapped_column(Integer, server_default=text("0"))

    __table_args__ = (
        *(CheckConstraint(f"{c} >= 0", name=c) for c in REPORT_COUNTS),
        CheckConstraint(f"commune IS NULL OR commune ~ '{COMMUNE_PATTERN}'", name="commune"),
    )


class ReferralCount(Base):
    """Referrals made in a zone visit, by referral category."""

    __tablename__ = "referral_count"

    zone_report_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("zone_report.id", ondelete="CASCADE"), primary_key=True
    )
    category_id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    association_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("association.id", ondelete="CASCADE"), index=True
    )
    count: Mapped[int] = mapped_column(Integer)

    __table_args__ = (CheckConstraint("count > 0", name="count"),)


class StockMovement(Base):
    """Prevention material in (a delivery) or out (handed out on a round, from a report)."""

    __tablename__ = "stock_movement"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    association_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("association.id", ondelete="CASCADE"), index=True
    )
    item: Mapped[str] = mapped_column(Text)
    delta: Mapped[int] = mapped_column(Integer)
    zone_report_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("zone_report.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        CheckConstraint("delta <> 0", name="delta"),
        _material_check(),
    )


class StockThreshold(Base):
    """Below this many pieces of an item, the association's stock is low."""

    __tablename__ = "stock_threshold"

    association_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("association.id", ondelete="CASCADE"), primary_key=True
    )
    item: Mapped[str] = mapped_column(Text, primary_key=True)
    threshold: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("threshold >= 0", name="threshold"),
        _material_check(),
    )


INDICATORS = (
    "people-met",
    "rapid-tests",
    *(f"material:{m.value}" for m in Material),
    *(f"referrals:{c.slug}" for c in CATEGORIES),
)
"""Every statistics indicator (a new referral category needs a migration widening the check)."""


class StatsCount(Base):
    """Counts by month, commune, indicator and contributor, for the public statistics (they
    are suppressed when read). The contributor is an opaque code derived from the association
    (no key to it, and it outlives the association's erasure): the suppression needs to know
    what each contributor could subtract from a published count. No zone, no person."""

    __tablename__ = "stats_count"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    commune: Mapped[str] = mapped_column(Text, primary_key=True)
    indicator: Mapped[str] = mapped_column(Text, primary_key=True)
    contributor: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        CheckConstraint("value >= 0", name="value"),
        CheckConstraint(f"commune = 'inconnue' OR commune ~ '{COMMUNE_PATTERN}'", name="commune"),
        CheckConstraint(
            f"indicator IN ({', '.join(repr(i) for i in INDICATORS)})", name="indicator"
        ),
    )
