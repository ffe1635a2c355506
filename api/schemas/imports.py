"""Import jobs as the API shows them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class ImportJobRead(BaseModel):
    """An uploaded file's import: queued, running, or done with its report."""

    id: uuid.UUID
    source: str
    file_name: str
    dry_run: bool
    status: str = Field(description="queued, running, succeeded or failed")
    created_at: datetime
    updated_at: datetime
    report: dict[str, Any] | None = Field(
        None,
        description="Once succeeded: created, updated, unchanged, withdrawn, merged, skipped, "
        "notes, and each rejected record's line and reason.",
    )
    error: str | None = Field(None, description="Once failed: why the file was refused.")


class ImportJobList(BaseModel):
    """The latest import jobs, newest first."""

    jobs: list[ImportJobRead]
