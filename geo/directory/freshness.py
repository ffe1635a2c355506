"""How far a service's record can be trusted: how recent its last check is, what it says
now (a temporary message, a saturation), and a quality score.

The quality score is the share of nine criteria a record meets, each worth the same: eight
say what a person needs to decide and to get there (known hours, a phone, a place — or a
confidential address to call —, the languages spoken, who it is for, a description, a way to
write, accessibility), the ninth is recency: 1 while the last check is under
`stale_after_days` (about six months), falling linearly to 0 at `hide_after_days` (two years),
like the freshness criterion of data·inclusion's quality score.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from geo.values import Freshness, ServiceRecord
from geo.vocab import Visibility

CRITERIA = 9


def recency(checked: date, today: date, policy: Freshness) -> float:
    """Return 1 for a recent check, falling linearly to 0 when it is hidden."""
    age = (today - checked).days
    if age <= policy.stale_after_days:
        return 1.0
    span = max(1, policy.hide_after_days - policy.stale_after_days)
    return max(0.0, 1.0 - (age - policy.stale_after_days) / span)


def quality(rec: ServiceRecord, today: date, policy: Freshness) -> float:
    """Return the record's quality score in [0, 1], to two decimals."""
    facts = (
        rec.opening_hours is not None,
        rec.phone is not None,
        rec.lon is not None or rec.visibility == Visibility.CONFIDENTIAL_ADDRESS,
        bool(rec.languages),
        bool(rec.publics or rec.conditions),
        rec.description is not None,
        rec.email is not None or rec.website is not None,
        rec.wheelchair is not None or rec.accessibility is not None,
    )
    return round((sum(facts) + recency(rec.last_verified, today, policy)) / CRITERIA, 2)


def current_message(rec: ServiceRecord, at: datetime) -> dict[str, Any] | None:
    """Return the temporary message when it is current at `at`, else None."""
    message = rec.temporary_message
    if not message:
        return None
    start = message.get("start")
    if start is not None and datetime.fromisoformat(start) > at:
        return None
    if datetime.fromisoformat(message["end"]) <= at:
        return None
    return message


def saturated_until(rec: ServiceRecord, at: datetime) -> datetime | None:
    """Return until when the service is full, when it still is at `at`."""
    until = rec.saturated_until
    return until if until is not None and until > at else None
