"""Validated field types shared by every draft: printable text, time zones, holiday countries,
hours, skills, the Monday a week starts."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field

from geo.directory.hours import HoursError, HoursRule, check_expression, check_rule, check_timezone
from geo.vocab import ISO_639_1, is_skill

_COUNTRY = re.compile(r"^[A-Z]{2}$")


def _timezone(value: str) -> str:
    try:
        check_timezone(value)
    except HoursError as exc:
        raise ValueError(str(exc)) from exc
    return value


def _country(value: str) -> str:
    if not _COUNTRY.match(value):
        raise ValueError("expected an ISO 3166-1 alpha-2 code such as FR")
    try:
        check_rule(HoursRule("24/7", "UTC", value))
    except HoursError as exc:
        raise ValueError(str(exc)) from exc
    return value


def _hours(value: str) -> str:
    try:
        check_expression(value)
    except HoursError as exc:
        raise ValueError(str(exc)) from exc
    return value


def _languages(value: tuple[str, ...]) -> tuple[str, ...]:
    bad = [code for code in value if code not in ISO_639_1]
    if bad:
        raise ValueError(f"not ISO 639-1 language codes: {', '.join(bad)}")
    return tuple(dict.fromkeys(value))


def _skills(value: tuple[str, ...]) -> tuple[str, ...]:
    bad = [s for s in value if not is_skill(s)]
    if bad:
        raise ValueError(
            f"unknown skills: {', '.join(bad)} (trod, nurse, peer or an ISO 639-1 language code)"
        )
    return tuple(dict.fromkeys(value))


def _one_line(value: str) -> str:
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValueError("must be one line, without control characters")
    return value


def _free_text(value: str) -> str:
    # Tabs and line breaks are text; other control characters break the XML feeds, the
    # calendars and the spreadsheets that carry these values on.
    if any((ord(ch) < 32 and ch not in "\t\n\r") or ord(ch) == 127 for ch in value):
        raise ValueError("must not hold control characters")
    return value


def _monday(value: date) -> date:
    if value.weekday() != 0:
        raise ValueError("week_start must be a Monday")
    return value


OneLine = Annotated[str, AfterValidator(_one_line)]
"""A name, a label, a code: one line of printable text."""
FreeText = Annotated[str, AfterValidator(_free_text)]
"""A description or a message: text with tabs and line breaks, nothing else unprintable."""
TimeZoneName = Annotated[str, AfterValidator(_timezone)]
HolidayCountry = Annotated[str, AfterValidator(_country)]
HoursExpression = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_hours)]
Languages = Annotated[tuple[str, ...], AfterValidator(_languages)]
Skills = Annotated[tuple[str, ...], AfterValidator(_skills)]
Monday = Annotated[date, AfterValidator(_monday)]
"""The first day of a planned week."""
