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
    Float,
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
    CampaignAnswer,
    Condition,
    Public,
    SuggestionKind,
    SuggestionStatus,
    VerifiedBy,
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
    verified_by: Mapped[str] = mapped_column(Text, server_default=VerifiedBy.IMPORT.value)
    """Who last confirmed the record, in kind (`VerifiedBy`): a source listing it, unless the
    writer says otherwise."""
    temporary_message: Mapped[dict[str, Any] | None] = mapped_column(JSONB(none_as_null=True))
    """A message shown first while current: `{"text": {lang: text}, "start", "end"}`."""
    saturated_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """Full (a shelter, a night service) until then."""
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
        CheckConstraint(in_list("verified_by", VerifiedBy), name="verified_by"),
        CheckConstraint(
            "temporary_message IS NULL OR jsonb_typeof(temporary_message) = 'object'",
            name="temporary_message_object",
        ),
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
        # The changes feed reads services in the order they changed.
        Index("ix_service_updated_at", "updated_at", "id"),
        # A service's id in HSDS exports, to find it by (alembic 0016).
        Index(
            "ix_service_hsds_id",
            text(
                "(CASE WHEN source = 'hsds' THEN source_id ELSE uuid_generate_v5("
                "'5d0f4c52-8f0e-4b53-9a57-0c8b8d4c2f61'::uuid, "
                "'service:' || source || ':' || source_id)::text END)"
            ),
        ),
        Index(
            "ix_service_name_search",
            func.maraude_unaccent(func.lower(column("name"))).label("name_search"),
            postgresql_using="gin",
            postgresql_ops={"name_search": "gin_trgm_ops"},
        ),
    )


class ServiceRemoval(Base):
    """A service deleted from the directory: its id, its id in HSDS and when, kept by a
    trigger so that the changes feed gives data hubs a tombstone for it."""

    __tablename__ = "service_removal"

    service_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    source_id: Mapped[str] = mapped_column(Text)
    hsds_id: Mapped[str] = mapped_column(Text)
    removed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )


class ServiceCell(Base):
    """How many public located services a tile of zoom 11 holds, per kind (categories,
    languages, publics, conditions, month of the last check), and the sum of their
    coordinates: what the zoomed-out tiles of the map count from. Kept by triggers on
    `service` (alembic 0017), never written by the application."""

    __tablename__ = "service_cell"

    x: Mapped[int] = mapped_column(Integer, primary_key=True)
    y: Mapped[int] = mapped_column(Integer, primary_key=True)
    category_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer), primary_key=True)
    languages: Mapped[list[str]] = mapped_column(ARRAY(Text), primary_key=True)
    publics: Mapped[list[str]] = mapped_column(ARRAY(Text), primary_key=True)
    conditions: Mapped[list[str]] = mapped_column(ARRAY(Text), primary_key=True)
    checked: Mapped[date] = mapped_column(Date, primary_key=True)
    services: Mapped[int] = mapped_column(Integer)
    lon_sum: Mapped[float] = mapped_column(Float)
    lat_sum: Mapped[float] = mapped_column(Float)


class ServiceCellTotal(Base):
    """The same counts per cell and month only, for tiles counted without a filter."""

    __tablename__ = "service_cell_total"

    x: Mapped[int] = mapped_column(Integer, primary_key=True)
    y: Mapped[int] = mapped_column(Integer, primary_key=True)
    checked: Mapped[date] = mapped_column(Date, primary_key=True)
    services: Mapped[int] = mapped_column(Integer)
    lon_sum: Mapped[float] = mapped_column(Float)
    lat_sum: Mapped[float] = mapped_column(Float)


class Suggestion(Base):
    """A problem reported or a service suggested by anyone, or a structure's correction made
    through its campaign link; waits for a moderator. The optional contact is erased once it is
    handled."""

    __tablename__ = "suggestion"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=func.gen_random_uuid()
    )
    reference: Mapped[str] = mapped_column(Text, unique=True)
    service_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("service.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(Text)
    proposed: Mapped[dict[str, Any] | None] = mapped_column(JSONB(none_as_null=True))
    """A structure's correction: a merge patch of service fields."""
    campaign_link_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("campaign_link.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(Text, server_default=SuggestionStatus.PENDING.value)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    handled_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))

    __table_args__ = (
        CheckConstraint(in_list("kind", SuggestionKind), name="kind"),
        CheckConstraint(in_list("status", SuggestionStatus), name="status"),
        CheckConstraint("char_length(message) BETWEEN 1 AND 2000", name="message_length"),
        CheckConstraint("contact IS NULL OR char_length(contact) <= 254", name="contact_length"),
        CheckConstraint(
            "kind <> 'new-service' OR service_id IS NULL",
            name="service_given",
        ),
        CheckConstraint(
            "status IN ('pending', 'held') OR (handled_at IS NOT NULL AND contact IS NULL)",
            name="contact_erased",
        ),
        Index("ix_suggestion_status_created", "status", "created_at"),
    )


class Campaign(Base):
    """A verification campaign: every service of a set is asked to confirm or correct its
    record through a link of its own."""

    __tablename__ = "campaign"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=func.gen_random_uuid()
    )
    title: Mapped[str] = mapped_column(Text)
    scope: Mapped[dict[str, Any]] = mapped_column(JSONB)
    """What chose the services: area, categories, stale ones only."""
    moderated: Mapped[bool] = mapped_column(Boolean)
    """A correction waits for a moderator (a confirmation never does)."""
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (CheckConstraint("length(btrim(title)) > 0", name="title_not_blank"),)


class CampaignLink(Base):
    """One service's link in a campaign: sent, reminded, answered once."""

    __tablename__ = "campaign_link"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    campaign_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("campaign.id", ondelete="CASCADE")
    )
    service_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reminders: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answer: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("campaign_id", "service_id"),
        CheckConstraint(f"answer IS NULL OR {in_list('answer', CampaignAnswer)}", name="answer"),
        CheckConstraint("(answer IS NULL) = (answered_at IS NULL)", name="answered"),
    )
