"""A referral service as submitted for writing, validated field by field."""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from geo.categories import BY_SLUG
from geo.hours import (
    Closure,
    HoursError,
    HoursRule,
    check_expression,
    check_rule,
    check_timezone,
)
from geo.vocab import ISO_639_1, Condition, Public, Visibility, Wheelchair

_COUNTRY = re.compile(r"^[A-Z]{2}$")


class ClosureDraft(BaseModel):
    """A temporary closure, whole local days from `start` to `end` inclusive."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: date
    end: date
    reason: str | None = Field(None, max_length=500)

    @model_validator(mode="after")
    def _ordered(self) -> ClosureDraft:
        if self.end < self.start:
            raise ValueError("end is before start")
        return self

    def to_closure(self) -> Closure:
        """Return the evaluation value."""
        return Closure(self.start, self.end, self.reason)


class ServiceDraft(BaseModel):
    """Everything needed to create or replace a referral service."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=300)
    categories: tuple[str, ...] = Field(min_length=1)
    lon: float | None = Field(None, ge=-180, le=180)
    lat: float | None = Field(None, ge=-90, le=90)
    address: str | None = Field(None, max_length=500)
    postcode: str | None = Field(None, max_length=20)
    city: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=50)
    website: str | None = Field(None, max_length=500, pattern=r"^https?://\S+$")
    email: str | None = Field(None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    description: str | None = Field(None, max_length=5000)
    opening_hours: str | None = Field(None, max_length=2000)
    timezone: str = "Europe/Paris"
    holiday_country: str = "FR"
    closures: tuple[ClosureDraft, ...] = ()
    languages: tuple[str, ...] = ()
    interpreting: bool = False
    publics: tuple[Public, ...] = ()
    conditions: tuple[Condition, ...] = ()
    wheelchair: Wheelchair | None = None
    accessibility: str | None = Field(None, max_length=1000)
    visibility: Visibility = Visibility.PUBLIC
    source: str = Field(min_length=1, max_length=100)
    source_id: str = Field(min_length=1, max_length=200)
    last_verified: date | None = None

    @field_validator("categories")
    @classmethod
    def _known_categories(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [c for c in value if c not in BY_SLUG]
        if unknown:
            raise ValueError(f"unknown categories: {', '.join(unknown)}")
        return tuple(dict.fromkeys(value))

    @field_validator("languages")
    @classmethod
    def _iso_languages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [code for code in value if code not in ISO_639_1]
        if bad:
            raise ValueError(f"not ISO 639-1 language codes: {', '.join(bad)}")
        return tuple(dict.fromkeys(value))

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            check_timezone(value)
        except HoursError as exc:
            raise ValueError(str(exc)) from exc
        return value

    @field_validator("holiday_country")
    @classmethod
    def _country(cls, value: str) -> str:
        if not _COUNTRY.match(value):
            raise ValueError("expected an ISO 3166-1 alpha-2 code such as FR")
        try:
            check_rule(HoursRule("24/7", "UTC", value))
        except HoursError as exc:
            raise ValueError(str(exc)) from exc
        return value

    @field_validator("opening_hours")
    @classmethod
    def _hours(cls, value: str | None) -> str | None:
        if not value:
            return None
        try:
            check_expression(value)
        except HoursError as exc:
            raise ValueError(str(exc)) from exc
        return value

    @model_validator(mode="after")
    def _coherent(self) -> ServiceDraft:
        if (self.lon is None) != (self.lat is None):
            raise ValueError("give both lon and lat, or neither")
        return self

    def hours_rule(self) -> HoursRule | None:
        """Return the evaluation rule, or None when the hours are unknown."""
        if self.opening_hours is None:
            return None
        return HoursRule(self.opening_hours, self.timezone, self.holiday_country)
