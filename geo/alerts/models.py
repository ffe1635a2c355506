"""Health alerts: public ones, and those of an association for its teams."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from geoalchemy2 import Geometry
from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from geo.accounts import models as _accounts  # noqa: F401 (the tables its keys point to)
from geo.base import Base, in_list
from geo.vocab import FieldSituation


class Alert(Base):
    """A health alert (guidelines VI): public (published by an admin) or for one
    association's teams (published by its coordinator, or raised from the field by one of its
    members and confirmed by a coordinator; row-level security hides it from everyone else)."""

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
    # Raised from the field: who raised it, the situation its messages say, and when a
    # coordinator confirmed it (NULL: not yet). Alerts published otherwise have none of these.
    raised_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    situation: Mapped[str | None] = mapped_column(Text)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        CheckConstraint(
            "kind IN ('equipment-recall', 'infection-cluster', 'toxic-substance', 'safety')",
            name="kind",
        ),
        CheckConstraint("expires > onset", name="period"),
        CheckConstraint("kind <> 'safety' OR association_id IS NOT NULL", name="safety_private"),
        CheckConstraint(in_list("situation", FieldSituation), name="situation"),
        CheckConstraint(
            "(raised_by IS NULL) = (situation IS NULL) AND (raised_by IS NULL OR kind = 'safety')",
            name="field",
        ),
        CheckConstraint("confirmed_at IS NULL OR raised_by IS NOT NULL", name="confirmed_field"),
    )
