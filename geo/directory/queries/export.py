"""The services an open-data export publishes: public, not withdrawn, in a stable order."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from geo.directory.queries.rows import CHECKED, COLUMNS, col, record
from geo.values import ServiceRecord
from geo.vocab import Visibility


async def exportable_services(
    session: AsyncSession, *, shown_since: date | None = None
) -> list[ServiceRecord]:
    """Return every public service still listed, by source and id; with `shown_since`, only
    those checked since then (what the public sees). Services shown to professionals only or
    with a confidential address are never exported."""
    statement = (
        select(*COLUMNS)
        .where(
            col("withdrawn_at").is_(None),
            col("visibility") == Visibility.PUBLIC.value,
        )
        .order_by(col("source"), col("source_id"))
    )
    if shown_since is not None:
        statement = statement.where(CHECKED.op(">=")(shown_since))
    result = await session.execute(statement)
    return [record(row) for row in result]
