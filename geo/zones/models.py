"""Intervention zones and teams: confidential, each row owned by one association."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from geoalchemy2 import Geometry
from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, mapped_column

from geo.accounts import models as _accounts  # noqa: F401 (the tables its keys point to)
from geo.base import Base, in_list, subset
from geo.vocab import (
    COMMUNE_PATTERN,
    Mode,
    OwnerAgreement,
    Premises,
    ZoneKind,
    ZoneNeed,
)


class Zone(Base):
    """An intervention zone (guidelines VII). Confidential: row-level security by association."""

    __tablename__ = "zone"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=func.gen_random_uuid()
    )
    association_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("association.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    geom: Mapped[Any | None] = mapped_column(
        Geometry("GEOMETRY", srid=4326, spatial_index=False), nullable=True
    )
    platform: Mapped[str | None] = mapped_column(Text)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    premises: Mapped[str | None] = mapped_column(Text)
    owner_agreement: Mapped[str | None] = mapped_column(Text)
    presence: Mapped[str] = mapped_column(Text)
    timezone: Mapped[str] = mapped_column(Text, server_default="Europe/Paris")
    holiday_country: Mapped[str] = mapped_column(Text, server_default="FR")
    estimated_people: Mapped[int | None] = mapped_column(Integer)
    commune: Mapped[str | None] = mapped_column(Text)
    needs: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    visit_minutes: Mapped[int] = mapped_column(Integer, server_default=text("30"))
    min_visits: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    max_visits: Mapped[int] = mapped_column(Integer, server_default=text("2"))
    min_night_visits: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    min_weekend_visits: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    requires: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    priority: Mapped[int] = mapped_column(Integer, server_default=text("3"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        CheckConstraint(in_list("kind", ZoneKind), name="kind"),
        CheckConstraint(
            "(kind = 'online') = (geom IS NULL) AND (kind = 'online') = (platform IS NOT NULL)",
            name="online_has_platform_not_geometry",
        ),
        CheckConstraint(
            "geom IS NULL OR GeometryType(geom) IN ('POINT', 'LINESTRING', 'POLYGON')",
            name="geometry_type",
        ),
        CheckConstraint(
            "kind <> 'temporary-gathering' OR (starts_on IS NOT NULL AND ends_on >= starts_on)",
            name="gathering_dates",
        ),
        CheckConstraint(
            "kind <> 'commercial-premises' OR premises IS NOT NULL", name="premises_kind"
        ),
        CheckConstraint(f"premises IS NULL OR {in_list('premises', Premises)}", name="premises"),
        CheckConstraint(
            f"owner_agreement IS NULL OR {in_list('owner_agreement', OwnerAgreement)}",
            name="owner_agreement",
        ),
        CheckConstraint(subset("needs", ZoneNeed), name="needs"),
        CheckConstraint("priority BETWEEN 1 AND 5", name="priority"),
        CheckConstraint("visit_minutes BETWEEN 1 AND 720", name="visit_minutes"),
        CheckConstraint(
            "min_visits >= 0 AND max_visits >= min_visits AND max_visits <= 21 "
            "AND min_night_visits >= 0 AND min_night_visits <= max_visits",
            name="visits",
        ),
        CheckConstraint(
            "min_weekend_visits >= 0 AND min_weekend_visits <= max_visits", name="weekend_visits"
        ),
        CheckConstraint("estimated_people IS NULL OR estimated_people >= 0", name="people"),
        CheckConstraint(f"commune IS NULL OR commune ~ '{COMMUNE_PATTERN}'", name="commune"),
        Index("ix_zone_geom", "geom", postgresql_using="gist"),
    )


class Team(Base):
    """A team of an association: mode, depots, shifts and skills (no personal data)."""

    __tablename__ = "team"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=func.gen_random_uuid()
    )
    association_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("association.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(Text)
    mode: Mapped[str] = mapped_column(Text)
    start_geom: Mapped[Any] = mapped_column(Geometry("POINT", srid=4326, spatial_index=False))
    end_geom: Mapped[Any] = mapped_column(Geometry("POINT", srid=4326, spatial_index=False))
    shifts: Mapped[str] = mapped_column(Text)
    skills: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    timezone: Mapped[str] = mapped_column(Text, server_default="Europe/Paris")
    holiday_country: Mapped[str] = mapped_column(Text, server_default="FR")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        CheckConstraint(in_list("mode", Mode), name="mode"),
        CheckConstraint("length(btrim(label)) > 0", name="label_not_blank"),
    )
