"""The public statistics as published: suppressed once per state of the counts and day, then
kept by the process (suppression is CPU work; the counts only grow, so their state is cheap
to compare)."""

from __future__ import annotations

import asyncio
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from geo.reports import queries
from geo.reports.statistics import public_tables

Version = tuple[int, int, date]


class PublicStatistics:
    """The published tables by (period, area), each with the state of the counts it shows."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, str], tuple[Version, dict[str, Any]]] = {}

    async def tables(
        self, session: AsyncSession, *, period: str, by: str, today: date
    ) -> dict[str, Any]:
        """Return the published tables, computed anew only when the counts or the day moved."""
        version = (*await queries.public_version(session), today)
        kept = self._kept.get((period, by))
        if kept is not None and kept[0] == version:
            return kept[1]
        counts = await queries.public_counts(session)
        # Off the event loop, so other requests go on meanwhile.
        published = await asyncio.to_thread(
            partial(
                public_tables,
                counts,
                period=period,
                by=by,
                today=today,
                order=queries.indicators(),
            )
        )
        self._kept[(period, by)] = (version, published)
        return published
