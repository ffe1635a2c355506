"""Audit log entries."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel


class AuditRead(BaseModel):
    """Who did what to which object, when."""

    id: int
    at: datetime
    actor_id: uuid.UUID | None
    actor_role: str | None
    action: str
    object_type: str
    object_id: str | None
    detail: dict[str, Any]


class AuditPage(BaseModel):
    """A page of entries, newest first."""

    entries: list[AuditRead]
    next_before: int | None = None
