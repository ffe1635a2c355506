"""Reviews of the library's pages, and the pages an instance publishes of its own."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Text, func
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, mapped_column

from geo.base import Base


class InfoReview(Base):
    """A page of the library, in one language, marked reviewed by a health professional of the
    instance: against its exact text (`digest`), so that an edit awaits review again. Only the
    reviewer's role is kept, never a name."""

    __tablename__ = "info_review"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=func.gen_random_uuid()
    )
    slug: Mapped[str] = mapped_column(Text, index=True)
    lang: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(Text)
    reviewer_role: Mapped[str] = mapped_column(Text)
    reviewed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )

    __table_args__ = (
        CheckConstraint("char_length(digest) = 64", name="digest"),
        CheckConstraint(
            "reviewer_role IN ('physician', 'midwife', 'nurse', 'pharmacist', "
            "'psychologist', 'other-health-professional')",
            name="reviewer_role",
        ),
    )


class LocalPage(Base):
    """A page an admin of the instance publishes in the library's form (a local association,
    a local rule), in one language."""

    __tablename__ = "info_local_page"

    slug: Mapped[str] = mapped_column(Text, primary_key=True)
    lang: Mapped[str] = mapped_column(Text, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    categories: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    lines: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        CheckConstraint("slug ~ '^local-[a-z0-9-]{1,60}$'", name="slug"),
        CheckConstraint("char_length(body) <= 20000", name="body_length"),
    )
