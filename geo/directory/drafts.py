"""A referral service as submitted for writing, validated field by field."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from geo.directory.categories import BY_SLUG
from geo.directory.hours import Closure, HoursRule
from geo.fields import FreeText, HolidayCountry, HoursExpression, Languages, OneLine, TimeZoneName
from geo.vocab import Condition, Public, Visibility, Wheelchair


class ClosureDraft(BaseModel):
    """A temporary closure, whole local days from `start` to `end` inclusive."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: date
    end: date
    reason: FreeText | None = Field(None, max_length=500)

    @model_validator(mode="after")
    def _ordered(self) -> ClosureDraft:
        if self.end < self.start:
            raise ValueError("end is before start")
        return self

    def to_closure(self) -> Closure:
        """Return the evaluation value."""
        return Closure(self.start, self.end, self.reason)


LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]


class TemporaryMessage(BaseModel):
    """A message shown first on the service's card while current ("closed for works until 12
    January", "full tonight, call 115"), in one language or several."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    text: dict[LanguageCode, FreeText] = Field(
        min_length=1, max_length=20, description="The message by language (ISO 639-1)."
    )
    start: AwareDatetime | None = Field(None, description="Shown from then (default: now).")
    end: AwareDatetime = Field(description="Shown until then.")

    @field_validator("text")
    @classmethod
    def _said(cls, value: dict[str, str]) -> dict[str, str]:
        if any(not t or len(t) > 500 for t in value.values()):
            raise ValueError("each message has 1 to 500 characters")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> TemporaryMessage:
        if self.start is not None and self.end <= self.start:
            raise ValueError("end is not after start")
        return self


class ServiceFields(BaseModel):
    """Every field of a referral service a client may write (no ids, times or provenance)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: OneLine = Field(min_length=1, max_length=300)
    categories: tuple[str, ...] = Field(min_length=1)
    lon: float | None = Field(None, ge=-180, le=180)
    lat: float | None = Field(None, ge=-90, le=90)
    address: FreeText | None = Field(None, max_length=500)
    postcode: OneLine | None = Field(None, max_length=20)
    city: OneLine | None = Field(None, max_length=200)
    phone: OneLine | None = Field(None, max_length=50)
    website: str | None = Field(None, max_length=500, pattern=r"^https?://\S+$")
    email: str | None = Field(None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    description: FreeText | None = Field(None, max_length=5000)
    opening_hours: HoursExpression | None = None
    timezone: TimeZoneName = "Europe/Paris"
    holiday_country: HolidayCountry = "FR"
    closures: tuple[ClosureDraft, ...] = ()
    languages: Languages = ()
    interpreting: bool = False
    publics: tuple[Public, ...] = ()
    conditions: tuple[Condition, ...] = ()
    wheelchair: Wheelchair | None = None
    accessibility: FreeText | None = Field(None, max_length=1000)
    visibility: Visibility = Visibility.PUBLIC
    last_verified: date | None = None
    temporary_message: TemporaryMessage | None = None
    saturated_until: AwareDatetime | None = Field(
        None, description="Full (a shelter, a night service) until then."
    )

    @field_validator("categories")
    @classmethod
    def _known_categories(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [c for c in value if c not in BY_SLUG]
        if unknown:
            raise ValueError(f"unknown categories: {', '.join(unknown)}")
        return tuple(dict.fromkeys(value))

    @field_validator("opening_hours", mode="before")
    @classmethod
    def _blank_hours(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _coherent(self) -> ServiceFields:
        if (self.lon is None) != (self.lat is None):
            raise ValueError("give both lon and lat, or neither")
        return self

    def hours_rule(self) -> HoursRule | None:
        """Return the evaluation rule, or None when the hours are unknown."""
        if self.opening_hours is None:
            return None
        return HoursRule(self.opening_hours, self.timezone, self.holiday_country)


class ServiceDraft(ServiceFields):
    """A service with its provenance: which source, and its id there."""

    source: OneLine = Field(min_length=1, max_length=100)
    source_id: OneLine = Field(min_length=1, max_length=200)
