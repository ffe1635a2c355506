"""Opening groups: how a list answers "open now" without hiding services whose hours are
unknown.

Most services come with no hours at all (FINESS, the main national source, has none). At
night, "open now" must not leave a person with nothing when the nearest emergency department
has no hours on record: results come in three groups, in this order — open now, open around
the clock (by their hours or by their nature), hours unknown ("call before going").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from enum import StrEnum

from geo.values import OpenMatch, ServiceFilter, ServiceView

ALWAYS_OPEN_BY_NATURE = frozenset({"emergency-care", "police"})
"""Categories open day and night by their nature: emergency departments and police stations."""


class OpeningGroup(StrEnum):
    """Where a service stands at the instant asked about, in the order lists show them."""

    OPEN = "open"
    AROUND_THE_CLOCK = "around-the-clock"
    UNKNOWN = "unknown"
    CLOSED = "closed"


_ORDER = {g: i for i, g in enumerate(OpeningGroup)}


def opening_group(view: ServiceView) -> OpeningGroup:
    """Return the service's group: open (until a known time), around the clock (`24/7`, or
    hours unknown for an emergency department or a police station), hours unknown, closed."""
    state = view.state
    if state.open_now is None:
        if ALWAYS_OPEN_BY_NATURE.intersection(view.record.categories):
            return OpeningGroup.AROUND_THE_CLOCK
        return OpeningGroup.UNKNOWN
    if not state.open_now:
        return OpeningGroup.CLOSED
    return OpeningGroup.AROUND_THE_CLOCK if state.closes_at is None else OpeningGroup.OPEN


def in_group_order(views: Sequence[ServiceView]) -> list[ServiceView]:
    """Order by group, keeping the given order (nearest first) within each."""
    return sorted(views, key=lambda v: _ORDER[opening_group(v)])


Found = tuple[list[ServiceView], int | None]
"""Services found, nearest first, and how many candidates the travel mode could not reach."""


async def nearest_in_groups(
    find: Callable[[ServiceFilter], Awaitable[Found]], filters: ServiceFilter
) -> Found:
    """Run a nearest search; with an "open at" filter that keeps unknown hours, search the
    services known to be open and those whose hours are unknown apart (up to the limit each,
    so that a nearer service of unknown hours never pushes an open one out) and return them
    in group order."""
    if filters.open_at is None or filters.open_match is not OpenMatch.EITHER:
        return await find(filters)
    known, missed = await find(dataclasses.replace(filters, open_match=OpenMatch.KNOWN))
    unknown, missed_too = await find(dataclasses.replace(filters, open_match=OpenMatch.UNKNOWN))
    unreachable = None
    if missed is not None or missed_too is not None:
        unreachable = (missed or 0) + (missed_too or 0)
    return in_group_order([*known, *unknown]), unreachable
