"""Planning jobs and the weekly plans they store."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from geo.accounts import models as _accounts  # noqa: F401 (the tables its keys point to)
from geo.base import Base


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
    weighted: Mapped[list[Any] | None] = mapped_column(JSONB)
    """The zones whose weight the week before raised: zone, priority, weight, last visit
    (None: planned before weights moved, every zone weighed its priority)."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    revision_of: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("plan.id", ondelete="SET NULL")
    )
    """The plan a coordinator's edit was made from (None: made by the planner)."""
    locked: Mapped[list[int]] = mapped_column(ARRAY(Integer), server_default=text("'{}'"))
    """The indices of the rounds a re-planning keeps."""

    __table_args__ = (
        Index("plan_newest", "association_id", text("created_at DESC"), text("id DESC")),
    )
