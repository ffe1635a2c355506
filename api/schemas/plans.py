"""Planning requests, jobs and planned weeks."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from geo.fields import Monday
from geo.planning.weighting import WeightedZone


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


class WeightedZoneRead(BaseModel):
    """A zone that weighed more than its priority this week: it went unvisited the week
    before (×2 when last visited 8 to 14 days before the week, ×3 beyond or never)."""

    zone: str = Field(description="The zone's id.")
    name: str | None = Field(description="Its name (null: the zone no longer exists).")
    priority: int
    weight: int = Field(description="The weight the planner used: priority × 2 or × 3.")
    last_visit: datetime | None = Field(
        description="Its latest visit before the week, reported or planned; null: none on record."
    )


class PlanRead(BaseModel):
    """A planned week: the plan (format 1), its rounds as GeoJSON, and the zones whose weight
    the week before raised."""

    id: uuid.UUID
    status: str
    week_start: date
    plan: dict[str, Any]
    rounds: dict[str, Any]
    weighted: list[WeightedZoneRead] = Field(
        default_factory=list,
        description="Zones weighed above their priority because they went unvisited the week "
        "before (none for a plan made before weights moved).",
    )


def weighted_read(zone: WeightedZone) -> WeightedZoneRead:
    """Render a zone whose weight the week before raised."""
    return WeightedZoneRead(
        zone=zone.zone_id,
        name=zone.zone_name,
        priority=zone.priority,
        weight=zone.weight,
        last_visit=zone.last_visit,
    )
