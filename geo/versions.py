"""Version tags for optimistic concurrency: the ETag of a row is its id and last change."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime

from geo.errors import PreconditionFailed, PreconditionRequired


def version_tag(object_id: uuid.UUID, updated_at: datetime) -> str:
    """Return the opaque version of a row (an HTTP entity tag without quotes)."""
    raw = f"{object_id}:{updated_at.isoformat()}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]


def check_version(expected: str | None, object_id: uuid.UUID, updated_at: datetime) -> None:
    """Raise unless `expected` is the row's current version (428 when none was given)."""
    if expected is None:
        raise PreconditionRequired("send If-Match with the ETag of the version you edited")
    if expected != version_tag(object_id, updated_at):
        raise PreconditionFailed(
            "the object changed since you read it; read it again and redo your change"
        )
