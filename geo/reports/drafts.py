"""Round reports as submitted by a worker: counts only, nothing about any person."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from geo.directory.categories import BY_SLUG, CATEGORIES
from geo.vocab import Material


class ZoneVisit(BaseModel):
    """What happened in one zone visited: how many people met, what was handed out, which
    referrals were made and how many rapid tests done. Counts only."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zone_id: uuid.UUID
    # Strict: a true/false is no count.
    people_met: int = Field(0, ge=0, le=10_000, strict=True)
    rapid_tests: int = Field(0, ge=0, le=10_000, strict=True)
    material: dict[Material, int] = Field(
        default_factory=dict, description="Pieces handed out, by item."
    )
    referrals: dict[str, int] = Field(
        default_factory=dict,
        description="Referrals made, by referral category.",
        json_schema_extra={"propertyNames": {"enum": [c.slug for c in CATEGORIES]}},
    )

    @field_validator("material")
    @classmethod
    def _pieces(cls, value: dict[Material, int]) -> dict[Material, int]:
        if any(not 0 <= n <= 100_000 for n in value.values()):
            raise ValueError("each count is between 0 and 100000")
        return value

    @field_validator("referrals")
    @classmethod
    def _categories(cls, value: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(value) - set(BY_SLUG))
        if unknown:
            raise ValueError(f"unknown categories: {', '.join(unknown)}")
        if any(not 0 <= n <= 10_000 for n in value.values()):
            raise ValueError("each count is between 0 and 10000")
        return value


class ReportDraft(BaseModel):
    """A round's report. `key` is chosen by the phone once per report: a submission retried
    with the same key (a bad connection) counts once."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: uuid.UUID
    visited_on: date
    zones: tuple[ZoneVisit, ...] = Field(min_length=1, max_length=50)

    @model_validator(mode="after")
    def _distinct(self) -> ReportDraft:
        ids = [z.zone_id for z in self.zones]
        if len(set(ids)) != len(ids):
            raise ValueError("zones: each zone once per report")
        return self
