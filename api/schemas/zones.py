"""Intervention zones and teams as GeoJSON Features; property names are the model's fields."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel

from geo.zones.models import Team, Zone
from geo.zones.queries.teams import draft_values as team_values
from geo.zones.queries.zones import draft_values as zone_values


class ZoneProperties(BaseModel):
    """Every field of a zone."""

    name: str
    kind: str
    platform: str | None
    starts_on: date | None
    ends_on: date | None
    premises: str | None
    owner_agreement: str | None
    presence: str
    timezone: str
    holiday_country: str
    estimated_people: int | None
    commune: str | None
    needs: list[str]
    visit_minutes: int
    min_visits: int
    max_visits: int
    min_night_visits: int
    min_weekend_visits: int
    requires: list[str]
    priority: int
    created_at: datetime
    updated_at: datetime


class ZoneFeature(BaseModel):
    """One intervention zone."""

    type: Literal["Feature"] = "Feature"
    id: uuid.UUID
    geometry: dict[str, Any] | None
    properties: ZoneProperties


class ZoneCollection(BaseModel):
    """A page of the association's zones."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[ZoneFeature]
    number_returned: int
    next_cursor: str | None = None


class TeamRead(BaseModel):
    """A team."""

    id: uuid.UUID
    label: str
    mode: str
    start: dict[str, Any]
    end: dict[str, Any]
    shifts: str
    skills: list[str]
    timezone: str
    holiday_country: str
    created_at: datetime
    updated_at: datetime


class TeamList(BaseModel):
    """A page of the association's teams."""

    teams: list[TeamRead]
    next_cursor: str | None = None


def zone_feature(zone: Zone) -> ZoneFeature:
    """Render a zone."""
    values = zone_values(zone)
    geometry = values.pop("geometry")
    return ZoneFeature(
        id=zone.id,
        geometry=geometry,
        properties=ZoneProperties(**values, created_at=zone.created_at, updated_at=zone.updated_at),
    )


def team_read(team: Team) -> TeamRead:
    """Render a team."""
    return TeamRead(
        id=team.id, **team_values(team), created_at=team.created_at, updated_at=team.updated_at
    )
