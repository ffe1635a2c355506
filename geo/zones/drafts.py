"""Intervention zones and teams as submitted for writing, validated field by field."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from shapely.geometry.base import BaseGeometry

from geo.fields import HolidayCountry, HoursExpression, OneLine, Skills, TimeZoneName
from geo.geometry import GeometryError, parse_geometry
from geo.vocab import COMMUNE_PATTERN, Mode, OwnerAgreement, Premises, ZoneKind, ZoneNeed


def _shape(value: Any) -> BaseGeometry:
    try:
        return parse_geometry(value)
    except GeometryError as exc:
        raise ValueError(str(exc)) from exc


class ZoneDraft(BaseModel):
    """Every field of an intervention zone a coordinator writes."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: OneLine = Field(min_length=1, max_length=200)
    kind: ZoneKind
    geometry: dict[str, Any] | None = Field(
        None, description="GeoJSON Point, LineString or Polygon in WGS 84; null for online."
    )
    platform: OneLine | None = Field(None, max_length=200, description="Online zones only.")
    starts_on: date | None = None
    ends_on: date | None = None
    premises: Premises | None = None
    owner_agreement: OwnerAgreement | None = None
    presence: HoursExpression = Field(description="When people are there (opening_hours).")
    timezone: TimeZoneName = "Europe/Paris"
    holiday_country: HolidayCountry = "FR"
    estimated_people: int | None = Field(None, ge=0, le=100_000)
    commune: str | None = Field(
        None,
        pattern=COMMUNE_PATTERN,
        description="INSEE code of the zone's commune: round reports count there.",
    )
    needs: tuple[ZoneNeed, ...] = ()
    visit_minutes: int = Field(30, ge=1, le=720)
    min_visits: int = Field(1, ge=0, le=21)
    max_visits: int = Field(2, ge=0, le=21)
    min_night_visits: int = Field(0, ge=0, le=21)
    min_weekend_visits: int = Field(
        0,
        ge=0,
        le=21,
        description="Counted visits that must start on a Saturday, a Sunday or a public "
        "holiday (the zone's local date); at most max_visits.",
    )
    requires: Skills = ()
    priority: int = Field(3, ge=1, le=5, description="1 to 5; the planner's weight.")

    @field_validator("geometry")
    @classmethod
    def _valid_geometry(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None:
            _shape(value)
        return value

    @model_validator(mode="after")
    def _coherent(self) -> ZoneDraft:
        online = self.kind is ZoneKind.ONLINE
        if online and self.geometry is not None:
            raise ValueError("an online zone has no geometry")
        if online and not self.platform:
            raise ValueError("an online zone needs a platform name")
        if not online and self.geometry is None:
            raise ValueError("a zone needs a geometry (point, line or polygon)")
        if not online and self.platform:
            raise ValueError("only online zones have a platform")
        if self.kind is ZoneKind.TEMPORARY_GATHERING and (
            self.starts_on is None or self.ends_on is None or self.ends_on < self.starts_on
        ):
            raise ValueError("a temporary gathering needs starts_on and ends_on, in order")
        if self.kind is ZoneKind.COMMERCIAL_PREMISES and self.premises is None:
            raise ValueError("commercial premises need a premises kind")
        if self.max_visits < self.min_visits:
            raise ValueError("max_visits is below min_visits")
        if self.min_night_visits > self.max_visits:
            raise ValueError("min_night_visits is above max_visits")
        if self.min_weekend_visits > self.max_visits:
            raise ValueError("min_weekend_visits is above max_visits")
        return self

    def shape(self) -> BaseGeometry | None:
        """Return the validated shape, or None for an online zone."""
        return None if self.geometry is None else _shape(self.geometry)


class TeamDraft(BaseModel):
    """Every field of a team a coordinator writes (no personal data)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    label: OneLine = Field(min_length=1, max_length=100)
    mode: Mode
    start: dict[str, Any] = Field(description="GeoJSON Point: where rounds start.")
    end: dict[str, Any] = Field(description="GeoJSON Point: where rounds end.")
    shifts: HoursExpression = Field(description="When the team works (opening_hours).")
    skills: Skills = ()
    timezone: TimeZoneName = "Europe/Paris"
    holiday_country: HolidayCountry = "FR"

    @field_validator("start", "end")
    @classmethod
    def _point(cls, value: dict[str, Any]) -> dict[str, Any]:
        if value.get("type") != "Point":
            raise ValueError("expected a GeoJSON Point")
        _shape(value)
        return value
