"""Tables. Alembic migrations create them; the drift test keeps both in step."""

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
    LargeBinary,
    MetaData,
    SmallInteger,
    Text,
    UniqueConstraint,
    column,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSTZMULTIRANGE, TSTZRANGE, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from geo.categories import CATEGORIES
from geo.vocab import (
    COMMUNE_PATTERN,
    Condition,
    Material,
    Mode,
    OwnerAgreement,
    Premises,
    Public,
    Role,
    Visibility,
    Wheelchair,
    ZoneKind,
    ZoneNeed,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _in_list(column: str, values: type[Any]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


def _subset(column: str, values: type[Any]) -> str:
    items = ", ".join(repr(v.value) for v in values)
    return f"{column} <@ ARRAY[{items}]::text[]"


class Base(DeclarativeBase):
    """Declarative base with stable constraint names."""

    metadata = MetaData(naming_convention=NAMING)


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
        CheckConstraint(_in_list("visibility", Visibility), name="visibility"),
        CheckConstraint(
            f"wheelchair IS NULL OR {_in_list('wheelchair', Wheelchair)}", name="wheelchair"
        ),
        CheckConstraint(_subset("publics", Public), name="publics"),
        CheckConstraint(_subset("conditions", Condition), name="conditions"),
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


class Association(Base):
    """An association sharing the instance: it owns its members, zones and teams."""

    __tablename__ = "association"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=func.gen_random_uuid()
    )
    name: Mapped[str] = mapped_column(Text, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (CheckConstraint("length(btrim(name)) > 0", name="name_not_blank"),)


class User(Base):
    """An account. No personal data beyond what logging in needs."""

    __tablename__ = "app_user"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=func.gen_random_uuid()
    )
    association_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("association.id", ondelete="CASCADE"), index=True
    )
    username: Mapped[str] = mapped_column(Text, unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text)
    totp_secret: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        CheckConstraint(_in_list("role", Role), name="role"),
        CheckConstraint(
            "(role = 'admin') = (association_id IS NULL)", name="admin_has_no_association"
        ),
        CheckConstraint("username = lower(username) AND length(username) >= 3", name="username"),
    )


class AuthSession(Base):
    """A refresh token (stored hashed) and the login it continues."""

    __tablename__ = "auth_session"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=func.gen_random_uuid()
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("app_user.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(Text, unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class LoginThrottle(Base):
    """Failed logins per account and per client, shared by every worker process."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Who did what, when. Entries of an association are visible to it alone (RLS)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    actor_role: Mapped[str | None] = mapped_column(Text)
    association_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), index=True)
    action: Mapped[str] = mapped_column(Text)
    object_type: Mapped[str] = mapped_column(Text)
    object_id: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))


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
    requires: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    priority: Mapped[int] = mapped_column(Integer, server_default=text("3"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        CheckConstraint(_in_list("kind", ZoneKind), name="kind"),
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
        CheckConstraint(f"premises IS NULL OR {_in_list('premises', Premises)}", name="premises"),
        CheckConstraint(
            f"owner_agreement IS NULL OR {_in_list('owner_agreement', OwnerAgreement)}",
            name="owner_agreement",
        ),
        CheckConstraint(_subset("needs", ZoneNeed), name="needs"),
        CheckConstraint("priority BETWEEN 1 AND 5", name="priority"),
        CheckConstraint("visit_minutes BETWEEN 1 AND 720", name="visit_minutes"),
        CheckConstraint(
            "min_visits >= 0 AND max_visits >= min_visits AND max_visits <= 21 "
            "AND min_night_visits >= 0 AND min_night_visits <= max_visits",
            name="visits",
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
        CheckConstraint(_in_list("mode", Mode), name="mode"),
        CheckConstraint("length(btrim(label)) > 0", name="label_not_blank"),
    )


class PlanJob(Base):
    """A request to plan a week, queued for a worker, and how far it got."""

    __tablename__ = "plan_job"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=func.gen_random_uuid()
    )
    association_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("association.id", ondelete="CASCADE"), index=True
    )
    requested_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    status: Mapped[str] = mapped_column(Text, server_default="queued")
    progress: Mapped[float] = mapped_column(Float, server_default=text("0"))
    request: Mapped[dict[str, Any]] = mapped_column(JSONB)
    plan_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'succeeded', 'failed')", name="status"),
        CheckConstraint("progress BETWEEN 0 AND 1", name="progress"),
    )


class ImportJob(Base):
    """A file an administrator uploaded for import, queued for a worker, and its report. The
    file is dropped once imported (the report says what it held)."""

    __tablename__ = "import_job"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=func.gen_random_uuid()
    )
    requested_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    source: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(Text)
    dry_run: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    mapping: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(Text, server_default="queued")
    report: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'succeeded', 'failed')", name="status"),
    )


class Alert(Base):
    """A health alert (guidelines VI): public (published by an admin) or for one
    association's teams (published by its coordinator; row-level security hides it from
    everyone else)."""

    __tablename__ = "alert"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=func.gen_random_uuid()
    )
    association_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("association.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(Text)
    urgency: Mapped[str] = mapped_column(Text)
    certainty: Mapped[str] = mapped_column(Text)
    onset: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    area: Mapped[Any | None] = mapped_column(
        Geometry("MULTIPOLYGON", srid=4326, spatial_index=False), nullable=True
    )
    circle: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    messages: Mapped[dict[str, Any]] = mapped_column(JSONB)
    product: Mapped[str | None] = mapped_column(Text)
    batch: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        CheckConstraint(
            "kind IN ('equipment-recall', 'infection-cluster', 'toxic-substance', 'safety')",
            name="kind",
        ),
        CheckConstraint("expires > onset", name="period"),
        CheckConstraint("kind <> 'safety' OR association_id IS NOT NULL", name="safety_private"),
    )


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


class WeekPlan(Base):
    """A planned week: the scenario it was made from and the plan (format 1)."""

    __tablename__ = "plan"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=func.gen_random_uuid()
    )
    association_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("association.id", ondelete="CASCADE"), index=True
    )
    week_start: Mapped[date] = mapped_column(Date)
    scenario: Mapped[dict[str, Any]] = mapped_column(JSONB)
    result: Mapped[dict[str, Any]] = mapped_column(JSONB)
    paths: Mapped[list[Any] | None] = mapped_column(JSONB)
    """Per round, the [lon, lat] path along the streets (None: straight lines)."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RoadArea(Base):
    """An imported street-network extract: re-importing the same file changes nothing, a new
    extract of the same area replaces its edges."""

    __tablename__ = "road_area"

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    source_file: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(Text)
    edge_count: Mapped[int] = mapped_column(Integer)
    bbox: Mapped[Any] = mapped_column(Geometry("POLYGON", srid=4326, spatial_index=False))
    imported_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class RoadEdge(Base):
    """A routable stretch of street between two junctions (vertices are OSM node ids).

    Seconds per mode along and against the drawing direction, -1 where the mode may not pass
    (pgRouting's convention); `<mode>_main` marks the edges of the mode's large strongly
    connected parts, the only ones points are snapped to (not a car park's closed loop).
    """

    __tablename__ = "road_edge"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    area_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("road_area.id", ondelete="CASCADE"), index=True
    )
    osm_way_id: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[int] = mapped_column(BigInteger)
    target: Mapped[int] = mapped_column(BigInteger)
    length_m: Mapped[float] = mapped_column(Float)
    foot_s: Mapped[float] = mapped_column(Float)
    foot_reverse_s: Mapped[float] = mapped_column(Float)
    bike_s: Mapped[float] = mapped_column(Float)
    bike_reverse_s: Mapped[float] = mapped_column(Float)
    car_s: Mapped[float] = mapped_column(Float)
    car_reverse_s: Mapped[float] = mapped_column(Float)
    foot_main: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    bike_main: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    car_main: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    geom: Mapped[Any] = mapped_column(Geometry("LINESTRING", srid=4326, spatial_index=False))

    __table_args__ = (
        CheckConstraint("length_m > 0", name="length"),
        *(
            Index(
                f"ix_road_edge_geom_{mode.value}",
                "geom",
                postgresql_using="gist",
                postgresql_where=text(f"{mode.value}_main"),
            )
            for mode in Mode
        ),
    )
