"""Health alerts as the API shows them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from geo.vocab import FieldSituation


class ZoneRef(BaseModel):
    """One of the caller's association's zones."""

    id: uuid.UUID
    name: str


class RoundRef(BaseModel):
    """One of the caller's association's rounds due in the next 24 hours."""

    plan: str = Field(description="The plan's URL.")
    index: int
    team: str
    shift_start: datetime


class AlertRead(BaseModel):
    """An alert in force."""

    id: uuid.UUID
    kind: str
    audience: str = Field(description="public, or association (the caller's teams only)")
    severity: str
    urgency: str
    certainty: str
    onset: datetime
    expires: datetime
    area: dict[str, Any] | None = Field(
        None, description="GeoJSON (a circle drawn as a polygon); null: the whole territory."
    )
    circle: dict[str, float] | None = None
    messages: dict[str, dict[str, Any]]
    product: str | None = None
    batch: str | None = None
    situation: FieldSituation | None = Field(
        None, description="For an alert raised from the field: the situation it reports."
    )
    field: bool = Field(False, description="Raised from the field by a team member.")
    confirmed: bool = Field(
        True, description="False for a field alert no coordinator has confirmed yet."
    )
    cap: str | None = Field(None, description="The CAP 1.2 message's URL (public alerts).")
    zones: list[ZoneRef] | None = Field(
        None, description="For a team member: the association's zones in the area."
    )
    rounds: list[RoundRef] | None = Field(
        None, description="For a team member: the association's rounds due in 24 h there."
    )


class AlertList(BaseModel):
    """The alerts in force the caller may see, most severe first."""

    alerts: list[AlertRead]


PageLanguage = Literal["fr", "en", "es", "pt", "ro", "bg", "ru", "zh", "ar"]
"""The page languages (geo.vocab.PAGE_LANGUAGES), as a closed list the schema shows."""


class AlertPreview(BaseModel):
    """What an alert would touch if published: nothing is kept."""

    zones: list[ZoneRef]
    rounds: list[RoundRef] = Field(
        description="Rounds due within 24 hours of the onset that visit one of the zones."
    )
