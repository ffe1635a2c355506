"""How much a zone weighs in a week's plan: its priority, raised the longer it went unvisited,
so that a zone left out last week is worth more this week (guidelines VII: regular presence)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

MAX_RAISE = 2
"""A zone never weighs more than (1 + MAX_RAISE) times its priority."""


def weeks_unvisited(last_visit: date | None, week_start: date) -> int:
    """Return m, the raise of a zone's weight: with days = week_start − last_visit, counted
    in local calendar days (a visit last Sunday is 1 day before the week, last Monday 7),
    m = 0 when the last visit is within the 7 days before the week, 1 when within 8 to 14
    days, 2 beyond that or when no visit is on record."""
    if last_visit is None:
        return MAX_RAISE
    days = (week_start - last_visit).days
    return min(MAX_RAISE, max(0, (days - 1) // 7))


def zone_weight(priority: int, *, last_visit: date | None, week_start: date) -> int:
    """Return a zone's weight this week: priority × (1 + m), m from `weeks_unvisited`."""
    return priority * (1 + weeks_unvisited(last_visit, week_start))


@dataclass(frozen=True, slots=True)
class WeightedZone:
    """A zone whose weight the week before raised above its priority, and why."""

    zone_id: str
    priority: int
    weight: int
    last_visit: datetime | None
    """The latest visit on record before the week (local time, with its offset)."""
    zone_name: str | None = None
    """Its name when read (a plan keeps ids only; a renamed zone shows its new name)."""

    @property
    def factor(self) -> int:
        """Return how many times its priority the zone weighed."""
        return self.weight // self.priority

    def to_json(self) -> dict[str, Any]:
        """Return the entry as kept beside a plan."""
        return {
            "zone": self.zone_id,
            "priority": self.priority,
            "weight": self.weight,
            "last_visit": None if self.last_visit is None else self.last_visit.isoformat(),
        }

    @classmethod
    def from_json(cls, value: dict[str, Any], *, name: str | None) -> WeightedZone:
        """Return an entry kept beside a plan, named."""
        last = value.get("last_visit")
        return cls(
            zone_id=value["zone"],
            priority=int(value["priority"]),
            weight=int(value["weight"]),
            last_visit=None if last is None else datetime.fromisoformat(last),
            zone_name=name,
        )
