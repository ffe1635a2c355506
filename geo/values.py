"""Typed value objects passed between the API, the importers and the queries."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, NamedTuple

from geo.directory.hours import Closure, OpeningState
from geo.errors import InvalidParameter


class Audience(StrEnum):
    """What kind of caller asks: the public, a logged-in member of an association, or one of
    the directory's editors reading a service to change it.

    A confidential address is never located for the public or for members, workers included:
    no position, address, distance, duration or route. Only an editor reading one service sees
    what is stored."""

    PUBLIC = "public"
    MEMBER = "member"
    EDITOR = "editor"


@dataclass(frozen=True, slots=True)
class LonLat:
    """A WGS 84 position."""

    lon: float
    lat: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.lon) and -180.0 <= self.lon <= 180.0):
            raise InvalidParameter("lon", "longitude must be between -180 and 180")
        if not (math.isfinite(self.lat) and -90.0 <= self.lat <= 90.0):
            raise InvalidParameter("lat", "latitude must be between -90 and 90")


@dataclass(frozen=True, slots=True)
class BBox:
    """A west, south, east, north box in WGS 84."""

    west: float
    south: float
    east: float
    north: float

    def __post_init__(self) -> None:
        for name in ("west", "east"):
            v = getattr(self, name)
            if not (math.isfinite(v) and -180.0 <= v <= 180.0):
                raise InvalidParameter("bbox", f"{name} must be between -180 and 180")
        for name in ("south", "north"):
            v = getattr(self, name)
            if not (math.isfinite(v) and -90.0 <= v <= 90.0):
                raise InvalidParameter("bbox", f"{name} must be between -90 and 90")
        if self.west > self.east:
            raise InvalidParameter("bbox", "west (min longitude) is greater than east")
        if self.south > self.north:
            raise InvalidParameter("bbox", "south (min latitude) is greater than north")

    @classmethod
    def parse(cls, raw: str) -> BBox:
        """Parse `west,south,east,north`."""
        parts = raw.split(",")
        if len(parts) != 4:
            raise InvalidParameter("bbox", "expected four numbers: west,south,east,north")
        try:
            w, s, e, n = (float(p) for p in parts)
        except ValueError as exc:
            raise InvalidParameter("bbox", "expected four numbers: west,south,east,north") from exc
        return cls(w, s, e, n)


class OpenMatch(StrEnum):
    """Which services an "open at t" filter keeps. A service whose hours are unknown never
    vanishes silently: by default it stays, marked, beside those known to be open."""

    EITHER = "either"
    """Known to be open at t, or hours unknown."""
    KNOWN = "known"
    """Known to be open at t."""
    UNKNOWN = "unknown"
    """Hours unknown (and not closed at t by a closure)."""


class Reach(StrEnum):
    """How a service is reached: a place to go to, or a phone line (a national line with no
    place, or a service whose address is confidential: "call, they will tell you where")."""

    PLACE = "place"
    PHONE = "phone"


@dataclass(frozen=True, slots=True)
class ServiceFilter:
    """Filters shared by the list and nearest queries."""

    categories: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    publics: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    open_at: datetime | None = None
    open_match: OpenMatch = OpenMatch.EITHER
    q: str | None = None
    bbox: BBox | None = None
    reach: Reach | None = None


@dataclass(frozen=True, slots=True)
class Freshness:
    """How old a service's last check may get: past `stale_after_days` it is shown as not
    checked since then; past `hide_after_days` it leaves every result but the editors' own
    list of services to check."""

    stale_after_days: int = 180
    hide_after_days: int = 730

    def stale_before(self, today: date) -> date:
        """Return the first day a check still counts as recent."""
        return today - timedelta(days=self.stale_after_days)

    def shown_since(self, today: date) -> date:
        """Return the oldest last check a service shown in results may have."""
        return today - timedelta(days=self.hide_after_days)


class ServiceRecord(NamedTuple):
    """A referral service as read from the directory (a tuple: cheap to build by the page)."""

    id: uuid.UUID
    name: str
    categories: tuple[str, ...]
    address: str | None
    postcode: str | None
    city: str | None
    phone: str | None
    website: str | None
    email: str | None
    description: str | None
    opening_hours: str | None
    timezone: str
    holiday_country: str
    closures: tuple[Closure, ...]
    languages: tuple[str, ...]
    interpreting: bool
    publics: tuple[str, ...]
    conditions: tuple[str, ...]
    wheelchair: str | None
    accessibility: str | None
    visibility: str
    source: str
    source_id: str
    last_verified: date
    """When the record was last confirmed (its creation day, when never since)."""
    updated_at: datetime
    verified_by: str | None
    temporary_message: dict[str, Any] | None
    saturated_until: datetime | None
    lon: float | None
    lat: float | None


@dataclass(frozen=True, slots=True)
class ServiceView:
    """A service as one caller may see it, with its opening state at an instant."""

    record: ServiceRecord
    state: OpeningState
    state_at: datetime
    distance_m: float | None = None
    location_hidden: bool = False
    stale: bool = False
    quality: float = 0.0
    duration_s: float | None = None
    """Travel time along the streets (nearest by a mode only)."""
    route: tuple[tuple[float, float], ...] | None = None
    """The way there, [lon, lat] from the origin (when asked for)."""


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a keyset-paginated list."""

    items: list[ServiceView]
    next_cursor: str | None = None


@dataclass(frozen=True, slots=True)
class NearestResult:
    """The k nearest services, and what the caller asked."""

    items: list[ServiceView]
    origin: LonLat
    limit: int
    filters: ServiceFilter = field(default_factory=ServiceFilter)


@dataclass(frozen=True, slots=True)
class Actor:
    """A logged-in user acting: who, with which role, for which association (None: admin)."""

    user_id: uuid.UUID
    role: str
    association_id: uuid.UUID | None
