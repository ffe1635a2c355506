"""Accounts, associations and tokens."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from geo.fields import OneLine
from geo.vocab import Role


class TokenPair(BaseModel):
    """An OAuth2 bearer access token and the refresh token that renews it."""

    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Lifetime of the access token in seconds.")
    refresh_token: str


class RefreshRequest(BaseModel):
    """A refresh token to exchange (or revoke)."""

    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=16, max_length=200)


class Me(BaseModel):
    """The logged-in user."""

    id: uuid.UUID
    username: str
    role: Role
    association_id: uuid.UUID | None


class AssociationCreate(BaseModel):
    """A new association."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: OneLine = Field(min_length=1, max_length=200)


class AssociationRead(BaseModel):
    """An association."""

    id: uuid.UUID
    name: str
    created_at: datetime


class AssociationList(BaseModel):
    """Every association."""

    associations: list[AssociationRead]


class UserCreate(BaseModel):
    """A new account. Coordinators and admins get a TOTP secret to enrol."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    username: str = Field(min_length=3, max_length=100, pattern=r"^[A-Za-z0-9._@-]+$")
    password: str = Field(min_length=1, max_length=200)
    role: Role
    association_id: uuid.UUID | None = None


class UserRead(BaseModel):
    """An account (never its password or second factor)."""

    id: uuid.UUID
    username: str
    role: Role
    association_id: uuid.UUID | None
    created_at: datetime
    disabled_at: datetime | None = Field(None, description="Set once the account is disabled.")


class UserCreated(UserRead):
    """A created account, with the second factor to enrol, shown once."""

    totp_uri: str | None = Field(
        None, description="otpauth:// URI for an authenticator app (coordinators and admins)."
    )


class UserList(BaseModel):
    """The accounts the caller manages."""

    users: list[UserRead]


class PasswordChange(BaseModel):
    """Your current password, and the one that replaces it."""

    model_config = ConfigDict(extra="forbid")

    current: str = Field(max_length=200)
    new: str = Field(max_length=200)
