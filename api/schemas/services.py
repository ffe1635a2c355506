"""Referral services as GeoJSON Features (RFC 7946); property names are the model's fields."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from api.schemas.common import LineString, Link, Point
from geo.directory.freshness import current_message, saturated_until
from geo.directory.hours import OpenState
from geo.directory.opening import OpeningGroup, opening_group
from geo.values import ServiceView
from geo.vocab import Mode, VerifiedBy


class ClosureRead(BaseModel):
    """A temporary closure, whole local days inclusive."""

    start: date
    end: date
    reason: str | None = None


class TemporaryMessageRead(BaseModel):
    """A message shown first while current, by language (French, or any given)."""

    text: dict[str, str]
    start: datetime | None
    end: datetime


class ServiceProperties(BaseModel):
    """Every public field of a service, plus its opening state at `state_at`."""

    name: str
    categories: list[str]
    address: str | None
    postcode: str | None
    city: str | None
    phone: str | None
    website: str | None
    email: str | None
    description: str | None
    opening_hours: str | None = Field(description="OpenStreetMap opening_hours syntax.")
    timezone: str
    holiday_country: str
    closures: list[ClosureRead]
    languages: list[str]
    interpreting: bool
    publics: list[str]
    conditions: list[str]
    wheelchair: str | None
    accessibility: str | None
    visibility: str
    source: str
    source_id: str
    last_verified: date = Field(
        description="When the record was last confirmed (its creation day when never since)."
    )
    verified_by: VerifiedBy = Field(
        description="Who confirmed it then, in kind: `structure` (the service itself, answering "
        "a verification campaign), `team` (a coordinator or an admin), `import` (a source "
        "listing it), `suggestion` (a suggestion from anyone, accepted by a moderator)."
    )
    stale: bool = Field(
        description="Not confirmed for longer than the instance's policy (default 180 days): "
        "call before going."
    )
    quality: float = Field(
        ge=0,
        le=1,
        description="The share of nine criteria the record meets: known hours, phone, place, "
        "languages, who it is for, description, a way to write, accessibility, and recency.",
    )
    temporary_message: TemporaryMessageRead | None = Field(
        description="A message to show first, while current (null otherwise)."
    )
    saturated_until: datetime | None = Field(
        description="Full until then (a shelter, a night service); null when not full."
    )
    updated_at: datetime
    opening_state: OpenState
    open_now: bool | None = Field(description="null when the hours are unknown.")
    closes_at: datetime | None
    next_opening: datetime | None
    state_at: datetime = Field(description="The instant the opening state refers to.")
    opening_group: OpeningGroup = Field(
        description="Where the service stands at `state_at`, in the order lists show them: "
        "`open`, `around-the-clock` (`24/7`, or hours unknown for an emergency department or "
        "a police station), `unknown` (call before going), `closed`."
    )
    location_hidden: bool = Field(
        description="True when the address is confidential: no position, address, distance, "
        "duration or route is given (to anyone but the directory's editors); call the phone."
    )
    distance_m: float | None = Field(
        None,
        description="Metres from the position asked about: along the streets with `by`, "
        "else in a straight line.",
    )
    duration_s: float | None = Field(
        None, description="Seconds to get there along the streets (with `by`)."
    )
    route: LineString | None = Field(None, description="The way there (with `route=true`).")


class ServiceFeature(BaseModel):
    """One referral service."""

    type: Literal["Feature"] = "Feature"
    id: uuid.UUID
    geometry: Point | None
    properties: ServiceProperties


class ServiceCollection(BaseModel):
    """A page of referral services."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[ServiceFeature]
    number_returned: int
    next_cursor: str | None = None
    links: list[Link] = []
    by: Mode | None = Field(None, description="The mode the services are ordered for.")
    unreachable: int | None = Field(
        None, description="Candidates left out because the mode cannot reach them."
    )


def feature(view: ServiceView) -> dict[str, Any]:
    """Render a service view as a `ServiceFeature` document, withholding what is hidden.

    Plain dictionaries serialised by orjson: building models would cost more than the query
    on the hot path. Tests validate every response against `ServiceFeature`.
    """
    r = view.record
    hidden = view.location_hidden
    located = not hidden and r.lon is not None and r.lat is not None
    state = view.state
    return {
        "type": "Feature",
        "id": str(r.id),
        "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]} if located else None,
        "properties": {
            "name": r.name,
            "categories": r.categories,
            "address": None if hidden else r.address,
            "postcode": None if hidden else r.postcode,
            "city": None if hidden else r.city,
            "phone": r.phone,
            "website": r.website,
            "email": r.email,
            "description": r.description,
            "opening_hours": r.opening_hours,
            "timezone": r.timezone,
            "holiday_country": r.holiday_country,
            "closures": [{"start": c.start, "end": c.end, "reason": c.reason} for c in r.closures],
            "languages": r.languages,
            "interpreting": r.interpreting,
            "publics": r.publics,
            "conditions": r.conditions,
            "wheelchair": r.wheelchair,
            "accessibility": r.accessibility,
            "visibility": r.visibility,
            "source": r.source,
            "source_id": r.source_id,
            "last_verified": r.last_verified,
            "verified_by": r.verified_by,
            "stale": view.stale,
            "quality": view.quality,
            "temporary_message": current_message(r, view.state_at),
            "saturated_until": saturated_until(r, view.state_at),
            "updated_at": r.updated_at,
            "opening_state": state.state.value,
            "open_now": state.open_now,
            "closes_at": state.closes_at,
            "next_opening": state.next_opening,
            "state_at": view.state_at,
            "opening_group": opening_group(view).value,
            "location_hidden": hidden,
            "distance_m": None if view.distance_m is None else round(view.distance_m, 1),
            **_travel(view),
        },
    }


def _travel(view: ServiceView) -> dict[str, Any]:
    if view.duration_s is None:
        return {}
    route = None
    if view.route is not None:
        route = {
            "type": "LineString",
            "coordinates": [[round(x, 7), round(y, 7)] for x, y in view.route],
        }
    return {"duration_s": round(view.duration_s, 1), "route": route}


def collection(
    features: list[dict[str, Any]],
    *,
    next_cursor: str | None = None,
    links: Sequence[Link] = (),
    by: Mode | None = None,
    unreachable: int | None = None,
) -> dict[str, Any]:
    """Render a `ServiceCollection` document."""
    body = {
        "type": "FeatureCollection",
        "features": features,
        "number_returned": len(features),
        "next_cursor": next_cursor,
        "links": [link.model_dump() for link in links],
    }
    if by is not None:
        body["by"] = by.value
        body["unreachable"] = unreachable
    return body


class HistoryEntryRead(BaseModel):
    """One change of a service."""

    at: datetime
    action: str = Field(description="create, update, verify or delete")
    actor_role: str | None = Field(description="null: an import or the service's own answer")
    actor: str | None = Field(
        description="The author's user name, shown to their own association (and admins)."
    )
    verified_by: str | None
    fields: list[str] = Field(description="The fields that changed.")
    changes: dict[str, list[Any]] = Field(description="Per field, [before, after].")
    origin: dict[str, Any] = Field(description="A suggestion or campaign it came from.")


class ServiceHistory(BaseModel):
    """A service's audit trail, newest first."""

    entries: list[HistoryEntryRead]
