"""Referral services as GeoJSON Features (RFC 7946); property names are the model's fields."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from api.schemas.common import Link, Point
from geo.hours import OpenState
from geo.values import ServiceView


class ClosureRead(BaseModel):
    """A temporary closure, whole local days inclusive."""

    start: date
    end: date
    reason: str | None = None


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
    last_verified: date | None
    updated_at: datetime
    opening_state: OpenState
    open_now: bool | None = Field(description="null when the hours are unknown.")
    closes_at: datetime | None
    next_opening: datetime | None
    state_at: datetime = Field(description="The instant the opening state refers to.")
    location_hidden: bool = Field(
        description="True when the address is confidential and withheld from this caller."
    )
    distance_m: float | None = None


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
            "updated_at": r.updated_at,
            "opening_state": state.state.value,
            "open_now": state.open_now,
            "closes_at": state.closes_at,
            "next_opening": state.next_opening,
            "state_at": view.state_at,
            "location_hidden": hidden,
            "distance_m": None if view.distance_m is None else round(view.distance_m, 1),
        },
    }


def collection(
    features: list[dict[str, Any]],
    *,
    next_cursor: str | None = None,
    links: Sequence[Link] = (),
) -> dict[str, Any]:
    """Render a `ServiceCollection` document."""
    return {
        "type": "FeatureCollection",
        "features": features,
        "number_returned": len(features),
        "next_cursor": next_cursor,
        "links": [link.model_dump() for link in links],
    }
