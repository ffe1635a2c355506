"""Query parameters of the directory endpoints, as models (validated in one pass)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field, field_validator
from pydantic.json_schema import SkipJsonSchema

from geo.directory.categories import BY_SLUG
from geo.values import BBox, OpenMatch, Reach, ServiceFilter
from geo.vocab import ISO_639_1, Condition, Mode, Public

_LON = r"-?(?:180(?:\.0{1,12})?|(?:1[0-7]\d|\d{1,2})(?:\.\d{1,12})?)"
_LAT = r"-?(?:90(?:\.0{1,12})?|[1-8]?\d(?:\.\d{1,12})?)"
BBOX_PATTERN = f"^{_LON},{_LAT},{_LON},{_LAT}$"
"""Four decimal numbers, as the API's bounding boxes are written."""
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
FIRST_YEAR, LAST_YEAR = 1900, 2199
"""The years an `open_at` may name."""


UnknownHours = Literal["keep", "exclude", "only"]
_MATCH: dict[str, OpenMatch] = {
    "keep": OpenMatch.EITHER,
    "exclude": OpenMatch.KNOWN,
    "only": OpenMatch.UNKNOWN,
}


class DirectoryQuery(BaseModel):
    """Filters shared by the list and nearest endpoints."""

    category: list[str] = Field([], description="Category slug (repeatable: any of them).")
    language: list[str] = Field(
        [], description="ISO 639-1 language spoken (repeatable: any of them)."
    )
    public: list[Public] = Field([], description="Public welcomed (repeatable: all of them).")
    condition: list[Condition] = Field(
        [], description="Condition of access (repeatable: all of them)."
    )
    open_at: datetime | None = Field(
        None, description="Only services open at this ISO 8601 instant (no offset: local time)."
    )
    open_now: bool = Field(False, description="Shorthand for open_at=now.")
    unknown_hours: UnknownHours = Field(
        "keep",
        description="With open_at or open_now, what to do with services whose hours are "
        "unknown: `keep` them (default: never hidden silently; each result says its "
        "`opening_group`, and `nearest` returns up to `limit` known open and up to `limit` of "
        "unknown hours, in group order), `exclude` them, or return `only` them.",
    )
    q: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        pattern=r"^[^\x00-\x1f\x7f]+$",
        description="Name contains these words (accents ignored).",
    )
    bbox: str | None = Field(
        None, pattern=BBOX_PATTERN, description="west,south,east,north in WGS 84 degrees."
    )

    @field_validator("open_at", mode="before")
    @classmethod
    def _written_in_iso(cls, value: object) -> object:
        # A number would be read as seconds since 1970: the parameter is ISO 8601 only.
        if isinstance(value, str) and not ISO_DATE.match(value):
            raise ValueError("must be an ISO 8601 date and time, such as 2026-12-14T23:30")
        return value

    @field_validator("open_at")
    @classmethod
    def _plausible(cls, value: datetime | None) -> datetime | None:
        # Far dates overflow once moved to another offset or horizon: refuse them here.
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValueError(f"must be between the years {FIRST_YEAR} and {LAST_YEAR}")
        return value

    @field_validator("q")
    @classmethod
    def _printable(cls, value: str | None) -> str | None:
        if value is not None and any(ord(ch) < 32 for ch in value):
            raise ValueError("must not hold control characters")
        return value

    @field_validator("category")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = [c for c in value if c not in BY_SLUG]
        if unknown:
            raise ValueError(f"unknown category {unknown[0]!r}; the list is at /api/v1/categories")
        return value

    @field_validator("language")
    @classmethod
    def _iso(cls, value: list[str]) -> list[str]:
        bad = [code for code in value if code not in ISO_639_1]
        if bad:
            raise ValueError(f"{bad[0]!r} is not an ISO 639-1 language code")
        return value

    def filters(self, *, now: datetime, timezone: str) -> ServiceFilter:
        """Return the filters; a datetime without offset is read in `timezone`."""
        from geo.errors import InvalidParameter

        if self.open_at is not None and self.open_now:
            raise InvalidParameter("open_now", "give open_at or open_now, not both")
        at = self.open_at
        if at is not None and at.tzinfo is None:
            at = at.replace(tzinfo=ZoneInfo(timezone))
        if at is None and self.open_now:
            at = now
        return ServiceFilter(
            categories=tuple(dict.fromkeys(self.category)),
            languages=tuple(dict.fromkeys(self.language)),
            publics=tuple(p.value for p in dict.fromkeys(self.public)),
            conditions=tuple(c.value for c in dict.fromkeys(self.condition)),
            open_at=at,
            open_match=_MATCH[self.unknown_hours],
            q=self.q,
            bbox=BBox.parse(self.bbox) if self.bbox is not None else None,
            reach=self.reach_filter(),
        )

    def reach_filter(self) -> Reach | None:
        """Return how the services asked for are reached (the list endpoint's `reach`)."""
        return None


class ListQuery(DirectoryQuery):
    """Parameters of GET /api/v1/services."""

    limit: int | None = Field(None, ge=1, le=500, description="Page size.")
    cursor: str | None = Field(None, description="`next_cursor` of the previous page.")
    reach: Reach | None = Field(
        None,
        description="`phone`: only services reached by phone, whatever the area (national "
        "lines, and services whose address is confidential: call, they say where to go); "
        "`place`: only services with a place to go to. Not with `bbox` for `phone`.",
    )

    def reach_filter(self) -> Reach | None:
        """Return `reach`; a phone line has no area to be within."""
        from geo.errors import InvalidParameter

        if self.reach is Reach.PHONE and self.bbox is not None:
            raise InvalidParameter("reach", "reach=phone lists phone lines: give no bbox")
        return self.reach


class NearestQuery(DirectoryQuery):
    """Parameters of GET /api/v1/services/nearest."""

    lon: float = Field(description="Longitude, WGS 84.")
    lat: float = Field(description="Latitude, WGS 84.")
    limit: int | None = Field(None, ge=1, le=50, description="How many (k).")
    max_distance_m: float | None = Field(
        None, gt=0, le=2_000_000, description="Search radius in metres (straight line)."
    )
    by: Mode | None = Field(
        None,
        description="Order by travel time along the streets for this mode (foot, bike, car) "
        "instead of straight-line distance; services the mode cannot reach are left out and "
        "counted in `unreachable`.",
    )
    route: bool = Field(False, description="With `by`: include the way to each service.")


class TileQuery(DirectoryQuery):
    """Parameters of GET /tiles/services/{z}/{x}/{y}.geojson: the filters of the list, without
    a box (the tile is the box)."""

    bbox: SkipJsonSchema[None] = Field(None, description="Not taken: the tile is the box.")
