"""The directory's tables: referral services and their precomputed opening schedules."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from geoalchemy2 import Geography, Geometry
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    column,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSTZMULTIRANGE, TSTZRANGE, UUID
from sqlalchemy.orm import Mapped, mapped_column

from geo.base import Base, in_list, subset
from geo.vocab import (
    Condition,
    Public,
    Visibility,
    Wheelchair,
)


class OpeningSchedule(Base):
    """A distinct opening-hours rule, evaluated over `horizon` into opening intervals."""

    __tablename__ = "opening_schedule"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    opening_hours: Mapped[str] = mapped_column(Text)
    timezone: Mapped[str] = mapped_column(Text)
    holiday_country: Mapped[str] = mapped_column(Text)
    horizon: Mapped[Any] = mapped_column(TSTZRANGE)

    __table_args__ = (UniqueConstraint("opening_hours", "timezone", "holiday_country"),)


class OpeningInterval(Base):
    """One interval during which a schedule says open (one row each: an exact GiST lookup)."""

    __tablename__ = "opening_interval"

    schedule_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("opening_schedule.id", ondelete="CASCADE"), primary_key=True
    )
    during: Mapped[Any] = mapped_column(TSTZRANGE, primary_key=True)

    __table_args__ = (Index("ix_opening_interval_during", "during", postgresql_using="gist"),)


class Service(Base):
    """A referral service: a place or a phone line a person can be referred to."""

    __tablename__ = "service"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=func.gen_random_uuid()
    )
    name: Mapped[str] = mapped_column(Text)
    categories: Mapped[list[str]] = mapped_column(ARRAY(Text))
    category_ids: Mapped[list[int]] = mapped_column(
        ARRAY(Integer), Computed("maraude_category_ids(categories)", persisted=True)
    )
    geom: Mapped[Any | None] = mapped_column(
        Geometry("POINT", srid=4326, spatial_index=False), nullable=True
    )
    geog: Mapped[Any | None] = mapped_column(
        Geography("POINT", srid=4326, spatial_index=False),
        Computed("(geom)::geography", persisted=True),
        nullable=True,
    )
    address: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    opening_hours: Mapped[str | None] = mapped_column(Text)
    timezone: Mapped[str] = mapped_column(Text, server_default="Europe/Paris")
    holiday_country: Mapped[str] = mapped_column(Text, server_default="FR")
    schedule_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("opening_schedule.id"), index=True
    )
    closures: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONB, server_default=text("'[]'::jsonb")
    )
    closed_ranges: Mapped[Any | None] = mapped_column(TSTZMULTIRANGE)
    languages: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    interpreting: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    publics: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    conditions: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    wheelchair: Mapped[str | None] = mapped_column(Text)
    accessibility: Mapped[str | None] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(Text, server_default=Visibility.PUBLIC.value)
    source: Mapped[str] = mapped_column(Text)
    source_id: Mapped[str] = mapped_column(Text)
    last_verified: Mapped[date | None] = mapped_column(Date)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """Set when a re-import no longer lists the service: kept, but shown nowhere."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        UniqueConstraint("source", "source_id"),
        CheckConstraint("length(btrim(name)) > 0", name="name_not_blank"),
        CheckConstraint(
            "cardinality(categories) > 0 AND array_position(category_ids, NULL) IS NULL",
            name="categories_known",
        ),
        CheckConstraint(in_list("visibility", Visibility), name="visibility"),
        CheckConstraint(
            f"wheelchair IS NULL OR {in_list('wheelchair', Wheelchair)}", name="wheelchair"
        ),
        CheckConstraint(subset("publics", Public), name="publics"),
        CheckConstraint(subset("conditions", Condition), name="conditions"),
        CheckConstraint(
            "array_to_string(languages, ',') ~ '^([a-z]{2}(,|$))*$'", name="languages_iso"
        ),
        Index(
            "ix_service_geog_category_ids",
            "geog",
            "category_ids",
            postgresql_using="gist",
            postgresql_ops={"category_ids": "gist__int_ops"},
        ),
        Index("ix_service_geom", "geom", postgresql_using="gist"),
        Index(
            "ix_service_name_search",
            func.maraude_unaccent(func.lower(column("name"))).label("name_search"),
            postgresql_using="gin",
            postgresql_ops={"name_search": "gin_trgm_ops"},
        ),
    )
