"""Passwords and second factors: policy, hashing, TOTP. No database here."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
from datetime import UTC, datetime
from functools import lru_cache

import pyotp
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

MIN_LENGTH = 12
MIN_CLASSES = 3
_CLASSES = (string.ascii_lowercase, string.ascii_uppercase, string.digits)


class PasswordPolicyError(ValueError):
    """A password the policy refuses; the message says why."""


def check_password(password: str) -> None:
    """Enforce the policy: 12 characters or more, mixing at least 3 of 4 classes.

    This follows the CNIL's recommendation for passwords alone (about 80 bits); logins are
    also throttled.
    """
    if len(password) < MIN_LENGTH:
        raise PasswordPolicyError(f"a password needs at least {MIN_LENGTH} characters")
    classes = sum(any(c in chars for c in password) for chars in _CLASSES)
    classes += any(not c.isalnum() for c in password)
    if classes < MIN_CLASSES:
        raise PasswordPolicyError(
            "a password must mix at least three of: lower case, upper case, digits, symbols"
        )


@lru_cache(maxsize=1)
def _hasher() -> PasswordHash:
    return PasswordHash((Argon2Hasher(),))


def hash_password(password: str) -> str:
    """Return the Argon2id hash of a password."""
    return _hasher().hash(password)


def verify_password(password: str, stored: str | None) -> bool:
    """Check a password; with no stored hash, spend the same time and return False."""
    if stored is None:
        _hasher().verify(password, _dummy_hash())
        return False
    return _hasher().verify(password, stored)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def new_totp_secret() -> str:
    """Return a new base32 TOTP secret."""
    return pyotp.random_base32()


def totp_uri(secret: str, username: str) -> str:
    """Return the otpauth:// URI an authenticator app scans."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="Maraude")


def totp_step(secret: str, code: str, *, at: datetime | None = None) -> int | None:
    """Return the 30-second time-step a 6-digit code belongs to (the previous, current or next
    one), or None when it belongs to none of them."""
    code = code.strip()
    if len(code) != 6 or not code.isdigit():
        return None
    try:
        totp = pyotp.TOTP(secret)
        current = totp.timecode(at or datetime.now(UTC))
        for step in (current - 1, current, current + 1):
            if hmac.compare_digest(totp.generate_otp(step), code):
                return step
    except ValueError:  # a malformed stored secret never lets anyone in
        return None
    return None


def new_refresh_token() -> tuple[str, str]:
    """Return a refresh token and the hash that is stored in its place."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    """Return the stored form of a refresh token."""
    return hashlib.sha256(token.encode()).hexdigest()
