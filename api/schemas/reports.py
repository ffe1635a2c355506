"""Round reports, stock and statistics as the API shows them: counts only."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from geo.vocab import Material


class ReportStored(BaseModel):
    """A stored report; `created` is false when this submission was a retry."""

    id: uuid.UUID
    created: bool
    zones: int


class ZoneReportRead(BaseModel):
    """One zone visited: its counts."""

    report: uuid.UUID
    zone_id: uuid.UUID | None
    visited_on: date
    counts: dict[str, int]


class ReportList(BaseModel):
    """The association's latest zone reports."""

    reports: list[ZoneReportRead]


class StockLevelRead(BaseModel):
    """An item's stock."""

    item: str
    quantity: int
    threshold: int | None
    low: bool


class StockRead(BaseModel):
    """The association's prevention material."""

    items: list[StockLevelRead]


class Delivery(BaseModel):
    """Material received."""

    model_config = ConfigDict(extra="forbid")

    item: Material
    quantity: int = Field(gt=0, le=1_000_000, strict=True)


class Threshold(BaseModel):
    """An item's low-stock threshold."""

    model_config = ConfigDict(extra="forbid")

    threshold: int = Field(ge=0, le=1_000_000, strict=True)


Period = Literal["month", "quarter"]
Area = Literal["commune", "departement"]


class StatsRead(BaseModel):
    """Counts by fixed buckets, each indicator a table with its totals. Public tables show
    `"<11"` for counts from 1 to 10 and `null` for counts hidden so that no small one can be
    worked out."""

    period: Period
    by: Area
    suppressed: bool
    tables: list[dict[str, Any]]
