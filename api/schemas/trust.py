"""Suggestions from anyone and verification campaigns, as the API reads and writes them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from api.schemas.common import Link
from geo.fields import FreeText, OneLine
from geo.vocab import SuggestionKind, SuggestionStatus

PUBLIC_KINDS = tuple(k for k in SuggestionKind if k is not SuggestionKind.CORRECTION)


class SuggestionIn(BaseModel):
    """A problem with a service, or a service to add. No account, no personal data: do not
    write anyone's name or health."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    service_id: uuid.UUID | None = Field(None, description="Absent for a new service.")
    kind: SuggestionKind = Field(
        description="closed, moved, hours, phone, not-welcoming, other, new-service.",
        json_schema_extra={"enum": [k.value for k in PUBLIC_KINDS]},
    )
    message: FreeText = Field(min_length=1, max_length=2000)
    contact: OneLine | None = Field(
        None,
        max_length=254,
        description="An address or a phone to ask you more: erased once the suggestion is handled.",
    )
    website: str | None = Field(
        None, max_length=2000, description="Leave empty (a field only robots fill in)."
    )


class SuggestionReceipt(BaseModel):
    """Where a suggestion stands: what its author may see again (never its text)."""

    reference: str
    kind: SuggestionKind
    status: SuggestionStatus
    created_at: datetime
    handled_at: datetime | None = None
    reason: str | None = Field(None, description="Why it was not accepted.")
    links: list[Link] = []


class SuggestionRead(BaseModel):
    """A suggestion as a moderator sees it."""

    reference: str
    kind: SuggestionKind
    status: SuggestionStatus
    service_id: uuid.UUID | None
    service_name: str | None
    message: str
    contact: str | None
    proposed: dict[str, Any] | None = Field(description="A structure's correction (a patch).")
    from_campaign: bool
    reason: str | None
    created_at: datetime
    handled_at: datetime | None
    same_service: int = Field(description="Suggestions of this status about the same service.")


class SuggestionList(BaseModel):
    """Suggestions of one status, those about one service together."""

    items: list[SuggestionRead]
    number_returned: int


class Acceptance(BaseModel):
    """Accepting a suggestion: the change to make (default: the one the structure proposed)."""

    model_config = ConfigDict(extra="forbid")

    patch: dict[str, Any] | None = Field(
        None, description="A merge patch of service fields (all fields for a new service)."
    )


class Rejection(BaseModel):
    """Rejecting a suggestion, with the reason its author will read."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: FreeText = Field(min_length=1, max_length=500)


class Handled(BaseModel):
    """The suggestions a decision handled (the same report made several times counts once)."""

    handled: list[str]
    service_id: uuid.UUID | None = None


class CampaignIn(BaseModel):
    """A verification campaign over the services of an area, of some kinds, or not checked
    lately."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: OneLine = Field(min_length=1, max_length=200)
    bbox: str | None = Field(None, description="west,south,east,north (WGS 84).")
    categories: list[str] = []
    stale_only: StrictBool = Field(False, description="Only services not checked lately.")
    days: int | None = Field(None, ge=1, le=180, description="How long links stay valid.")
    moderated: StrictBool | None = Field(
        None, description="Corrections wait for a moderator (default: the instance's setting)."
    )


class LinkRead(BaseModel):
    """One service's link in a campaign (a credential: shown to editors only)."""

    id: int
    service_id: uuid.UUID
    name: str
    phone: str | None
    email: str | None
    sent_at: datetime | None
    reminders: int
    answered_at: datetime | None
    answer: str | None
    url: str


class CampaignRead(BaseModel):
    """A campaign and where its answers stand."""

    id: uuid.UUID
    title: str
    scope: dict[str, Any]
    moderated: bool
    expires_at: datetime
    created_at: datetime
    services: int
    with_email: int
    sent: int
    reminded: int
    confirmed: int
    corrected: int
    links: list[LinkRead] = []
    next_after: int | None = Field(None, description="Pass as `after` for the next links.")


class CampaignList(BaseModel):
    """Every campaign, newest first."""

    items: list[CampaignRead]


class Queued(BaseModel):
    """E-mails put on the queue."""

    queued: bool
