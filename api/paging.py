"""Keyset paging for the association's lists: a page size, and an opaque cursor after the last
row of the previous page."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Query

from api.deps import SettingsDep, check_limit
from geo.cursors import decode_cursor, encode_cursor

Row = TypeVar("Row")


@dataclass(frozen=True, slots=True)
class Keyset:
    """Where a page starts and how long it is."""

    size: int
    after: tuple[str, uuid.UUID] | None

    @property
    def fetch(self) -> int:
        """Return how many rows to ask for: one more than a page tells whether another follows."""
        return self.size + 1

    def page(
        self, rows: Sequence[Row], key: Callable[[Row], tuple[str, uuid.UUID]]
    ) -> tuple[list[Row], str | None]:
        """Return the page's rows and the cursor of the next page, if there is one."""
        page = list(rows[: self.size])
        following = encode_cursor(*key(page[-1])) if len(rows) > self.size else None
        return page, following


async def get_keyset(
    settings: SettingsDep,
    limit: Annotated[int | None, Query(ge=1, le=500, description="Page size.")] = None,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page.")] = None,
) -> Keyset:
    """Read the page size and cursor of a list request."""
    size = check_limit(limit, default=settings.page_default_limit, maximum=settings.page_max_limit)
    return Keyset(size, decode_cursor(cursor) if cursor else None)


KeysetDep = Annotated[Keyset, Depends(get_keyset)]
