"""Associations, accounts, login sessions and throttling, and the audit log."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Integer,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from geo.base import Base, in_list
from geo.vocab import (
    Role,
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
    # Never loaded with an account: the role serving requests may not read them (0011);
    # logging in reads them for one account through `maraude_login_record`.
    password_hash: Mapped[str] = mapped_column(Text, deferred=True)
    role: Mapped[str] = mapped_column(Text)
    totp_secret: Mapped[str | None] = mapped_column(Text, deferred=True)
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    """The time-step of the last code accepted: a code works once."""
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """When the account was disabled: it logs in no more."""
    must_change_password: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    """Set when someone else chose the password: the first login leads to changing it."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        CheckConstraint(in_list("role", Role), name="role"),
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
    family_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    """The login this token continues: a replayed token revokes the whole family."""
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
