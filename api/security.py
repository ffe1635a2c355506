"""Access tokens: short-lived signed JWTs naming the user, role and association."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from api.settings import Settings
from geo.errors import Unauthorized
from geo.values import Actor
from geo.vocab import Role

ALGORITHM = "HS256"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who the access token says the caller is."""

    user_id: uuid.UUID
    username: str
    role: Role
    association_id: uuid.UUID | None

    def actor(self) -> Actor:
        """Return the actor recorded in audit entries."""
        return Actor(self.user_id, self.role.value, self.association_id)


class SecretMissing(RuntimeError):
    """No signing key is configured."""


def secret(settings: Settings) -> str:
    """Return the signing key, or refuse to run without one."""
    if settings.secret_key is None or len(settings.secret_key.get_secret_value()) < 32:
        raise SecretMissing(
            "MARAUDE_SECRET_KEY must be set to at least 32 random characters "
            "(`make demo` writes one into .env)"
        )
    return settings.secret_key.get_secret_value()


def issue(settings: Settings, principal: Principal, *, now: datetime) -> tuple[str, int]:
    """Return an access token and its lifetime in seconds."""
    lifetime = timedelta(minutes=settings.access_token_minutes)
    claims = {
        "sub": str(principal.user_id),
        "name": principal.username,
        "role": principal.role.value,
        "asc": str(principal.association_id) if principal.association_id else None,
        "iat": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
        "typ": "access",
    }
    return jwt.encode(claims, secret(settings), algorithm=ALGORITHM), int(lifetime.total_seconds())


def read(settings: Settings, token: str) -> Principal:
    """Return the principal of a valid access token, or raise Unauthorized."""
    try:
        claims = jwt.decode(
            token, secret(settings), algorithms=[ALGORITHM], options={"require": ["exp", "sub"]}
        )
        if claims.get("typ") != "access":
            raise Unauthorized("not an access token")
        return Principal(
            user_id=uuid.UUID(claims["sub"]),
            username=str(claims["name"]),
            role=Role(claims["role"]),
            association_id=uuid.UUID(claims["asc"]) if claims.get("asc") else None,
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized("the access token has expired; refresh it") from exc
    except (jwt.PyJWTError, KeyError, ValueError) as exc:
        raise Unauthorized("the access token is not valid") from exc


def bearer(settings: Settings, header: str) -> Principal:
    """Return the principal of an `Authorization: Bearer` header, or raise Unauthorized."""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("use an Authorization: Bearer access token")
    return read(settings, token.strip())
