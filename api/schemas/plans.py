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
    created_at: datetime | None = None
    revision_of: uuid.UUID | None = Field(
        None, description="The plan a coordinator's edit was made from."
    )
    locked: list[int] = Field(
        default_factory=list, description="Indices of the rounds a re-planning keeps."
    )
    teams: dict[str, str] = Field(default_factory=dict, description="Team labels by id.")
    zones: dict[str, str] = Field(default_factory=dict, description="Zone names by id.")
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


class PlanSummary(BaseModel):
    """A kept plan, as a list shows it."""

    id: uuid.UUID
    week_start: date
    created_at: datetime
    revision_of: uuid.UUID | None = Field(
        description="The plan a coordinator's edit was made from (null: made by the planner)."
    )
    rounds: int
    locked: list[int] = Field(description="Indices of the rounds a re-planning keeps.")
    objective: dict[str, Any]
    unvisited: int = Field(description="How many zones it leaves unvisited.")


class PlanList(BaseModel):
    """The association's kept plans, newest first."""

    plans: list[PlanSummary]
    next_cursor: str | None = None


class RoundEditBody(BaseModel):
    """A round as the coordinator wants it."""

    model_config = ConfigDict(extra="forbid")

    team: str = Field(max_length=100, description="The team's id.")
    shift_start: datetime = Field(
        description="The start of the team's shift (or a time within it) the round belongs to."
    )
    zones: list[str] = Field(max_length=100, description="Zone ids, in the order visited.")
    locked: bool = Field(False, description="Keep this round when the rest is planned again.")


class RevisionRequest(BaseModel):
    """Every round of the revised plan, in order. A round left as it was keeps its times; the
    others are timed again as early as travel and the zones' presence allow."""

    model_config = ConfigDict(extra="forbid")

    rounds: list[RoundEditBody] = Field(max_length=500)
    dry_run: bool = Field(False, description="Check only: keep nothing.")


class ViolationRead(BaseModel):
    """A rule the revised plan breaks."""

    code: str = Field(
        description="unknown-team, unknown-zone, not-a-shift, outside-shift, too-early, "
        "starts-before-arrival, visit-too-short, outside-presence, missing-skills, "
        "mixed-online, two-rounds-at-once or no-shift-then"
    )
    params: dict[str, Any]
    message: str = Field(description="In English; pages translate the code.")


class RevisionCheck(BaseModel):
    """What the validator says of a revised plan, and the plan (format 1) it would be."""

    valid: bool
    violations: list[ViolationRead]
    locked: list[int]
    plan: dict[str, Any]
