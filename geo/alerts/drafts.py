"""Health alerts as submitted for publishing, validated field by field."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator
from shapely.geometry.base import BaseGeometry

from geo.fields import FreeText, OneLine
from geo.geometry import GeometryError, parse_geometry
from geo.vocab import (
    PAGE_LANGUAGES,
    AlertAudience,
    AlertKind,
    Certainty,
    FieldSituation,
    Severity,
    Urgency,
)

SAFETY_MAX = timedelta(hours=72)
"""A safety alert (violence reported in an area) is short-lived: at most three days."""


class Message(BaseModel):
    """An alert's text in one language."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    headline: OneLine = Field(min_length=3, max_length=160)
    description: FreeText = Field(min_length=3, max_length=4000)
    instruction: FreeText | None = Field(None, max_length=2000)


class Circle(BaseModel):
    """A circular area: centre and radius."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    radius_km: float = Field(gt=0, le=1000)


class AlertDraft(BaseModel):
    """Every field of a health alert its author writes."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: AlertKind
    audience: AlertAudience
    severity: Severity
    urgency: Urgency
    certainty: Certainty
    onset: AwareDatetime
    expires: AwareDatetime
    polygon: dict[str, Any] | None = Field(
        None, description="A GeoJSON Polygon (WGS 84); or give `circle`; neither: everywhere."
    )
    circle: Circle | None = None
    messages: dict[str, Message] = Field(
        description="By page language; French is required (guidelines: the French text first)."
    )
    product: OneLine | None = Field(None, max_length=200, description="Recalled product's name.")
    batch: OneLine | None = Field(None, max_length=100, description="Recalled batch number(s).")

    @model_validator(mode="after")
    def _coherent(self) -> AlertDraft:
        if self.expires <= self.onset:
            raise ValueError("expires must be after onset")
        if "fr" not in self.messages:
            raise ValueError("messages: a French message is required")
        unknown = sorted(set(self.messages) - set(PAGE_LANGUAGES))
        if unknown:
            raise ValueError(f"messages: languages not offered: {', '.join(unknown)}")
        if self.polygon is not None and self.circle is not None:
            raise ValueError("give a polygon or a circle, not both")
        if self.polygon is not None:
            self.area_shape()
        if self.kind is AlertKind.EQUIPMENT_RECALL and not (self.product and self.batch):
            raise ValueError("an equipment recall names the product and the batch")
        if self.kind is AlertKind.SAFETY:
            if self.audience is not AlertAudience.ASSOCIATION:
                raise ValueError("a safety alert is for the association's teams only")
            if self.expires - self.onset > SAFETY_MAX:
                raise ValueError("a safety alert lasts at most 72 hours")
        return self

    def area_shape(self) -> BaseGeometry | None:
        """The polygon, checked (None for a circle or everywhere)."""
        if self.polygon is None:
            return None
        if self.polygon.get("type") != "Polygon":
            raise ValueError("polygon: a GeoJSON Polygon is expected")
        try:
            return parse_geometry(self.polygon)
        except GeometryError as e:
            raise ValueError(f"polygon: {e}") from None

    def during(self, at: datetime) -> bool:
        """True while the alert is in force."""
        return self.onset <= at < self.expires


class FieldAlertDraft(BaseModel):
    """A safety alert raised from the field: a situation from a closed list, where, how grave
    and for how long. No words of the author's: the messages come from the situation."""

    model_config = ConfigDict(extra="forbid")

    situation: FieldSituation
    # Strict: a true/false or a string is no position, radius or duration.
    lon: float = Field(ge=-180, le=180, strict=True)
    lat: float = Field(ge=-90, le=90, strict=True)
    radius_m: int = Field(
        ge=50, le=5000, strict=True, description="The area's radius around the point."
    )
    severity: Literal["Extreme", "Severe", "Moderate", "Minor"] = Field(
        description="CAP 1.2 severity, as judged on the spot (never Unknown)."
    )
    hours: int = Field(ge=1, le=72, strict=True, description="How long it stays in force from now.")

    def circle(self) -> Circle:
        """The area: the circle around the point."""
        return Circle(lon=self.lon, lat=self.lat, radius_km=self.radius_m / 1000)
