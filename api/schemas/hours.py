"""Checking an `opening_hours` expression as it is typed."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from geo.fields import HolidayCountry, TimeZoneName


class HoursCheck(BaseModel):
    """An expression to check, and where it is read."""

    model_config = ConfigDict(extra="forbid")

    expression: str = Field(max_length=2000, description="OpenStreetMap `opening_hours`.")
    timezone: TimeZoneName = "Europe/Paris"
    country: HolidayCountry = "FR"


class DayRead(BaseModel):
    """One day of the week the expression means."""

    day: int = Field(ge=0, le=6, description="0 for Monday … 6 for Sunday.")
    date: date
    spans: list[tuple[int, int]] = Field(
        description="Open spans in minutes from the day's midnight; an end above 1440 runs "
        "past midnight into the next day."
    )


class HoursWeek(BaseModel):
    """Whether the expression is valid and, if so, the current week it means."""

    valid: bool
    error: str | None = Field(None, description="Why it is not valid (the parser's words).")
    week: list[DayRead]
    hours_per_week: float
