"""Planning requests, jobs and planned weeks."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from geo.fields import Monday


class LockedRounds(BaseModel):
    """Rounds of an earlier plan to keep as they are."""

    model_config = ConfigDict(extra="forbid")

    plan_id: uuid.UUID
    rounds: list[int] = Field(description="Indices of the rounds to keep.")


class PlanRequest(BaseModel):
    """Plan a week for the coordinator's association (all teams and zones unless listed)."""

    model_config = ConfigDict(extra="forbid")

    week_start: Monday = Field(description="A Monday.")
    team_ids: list[uuid.UUID] | None = None
    zone_ids: list[uuid.UUID] | None = None
    seconds: int = Field(30, ge=1, le=600, description="Wall-clock cap on the search.")
    seed: int = Field(1, ge=0)
    iterations: int | None = Field(None, ge=1, le=100_000)
    locked: LockedRounds | None = None


class JobRead(BaseModel):
    """A planning job."""

    id: uuid.UUID
    status: str = Field(description="queued, running, succeeded or failed")
    progress: float
    created_at: datetime
    updated_at: datetime
    plan: str | None = Field(None, description="The plan's URL once the job succeeded.")
    error: str | None = None


class PlanRead(BaseModel):
    """A planned week: the plan (format 1) and its rounds as GeoJSON."""

    id: uuid.UUID
    status: str
    week_start: date
    plan: dict[str, Any]
    rounds: dict[str, Any]
