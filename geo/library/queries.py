"""Reviews of the library's pages and the instance's local pages: named queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from geo.db import Reader
from geo.library.models import InfoReview, LocalPage


@dataclass(frozen=True, slots=True)
class Review:
    """The latest review of a page in one language: of which text, when, by which role."""

    slug: str
    lang: str
    digest: str
    reviewer_role: str
    reviewed_at: datetime


async def latest_reviews(reader: Reader) -> dict[tuple[str, str], Review]:
    """Return the latest review of each (slug, lang)."""
    rows = await reader.execute(
        select(
            InfoReview.slug,
            InfoReview.lang,
            InfoReview.digest,
            InfoReview.reviewer_role,
            InfoReview.reviewed_at,
        )
        .distinct(InfoReview.slug, InfoReview.lang)
        .order_by(InfoReview.slug, InfoReview.lang, InfoReview.reviewed_at.desc())
    )
    return {(r[0], r[1]): Review(*r) for r in rows}


async def record_review(
    session: AsyncSession, *, slug: str, lang: str, digest: str, reviewer_role: str
) -> Review:
    """Record that a health professional of the instance reviewed this exact text."""
    row = InfoReview(slug=slug, lang=lang, digest=digest, reviewer_role=reviewer_role)
    session.add(row)
    await session.flush()
    await session.refresh(row)
    return Review(row.slug, row.lang, row.digest, row.reviewer_role, row.reviewed_at)


@dataclass(frozen=True, slots=True)
class LocalText:
    """An instance's own page in one language."""

    slug: str
    lang: str
    title: str
    body: str
    categories: tuple[str, ...]
    lines: tuple[str, ...]
    updated_at: datetime


async def local_pages(reader: Reader) -> list[LocalText]:
    """Every local page, by slug then language."""
    rows = await reader.execute(select(LocalPage).order_by(LocalPage.slug, LocalPage.lang))
    return [
        LocalText(
            p.slug, p.lang, p.title, p.body, tuple(p.categories), tuple(p.lines), p.updated_at
        )
        for p in rows.scalars()
    ]


async def put_local_page(
    session: AsyncSession,
    *,
    slug: str,
    lang: str,
    title: str,
    body: str,
    categories: Sequence[str],
    lines: Sequence[str],
) -> None:
    """Publish (or replace) a local page in one language."""
    values = {
        "slug": slug,
        "lang": lang,
        "title": title,
        "body": body,
        "categories": list(categories),
        "lines": list(lines),
    }
    stmt = insert(LocalPage).values(**values)
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=[LocalPage.slug, LocalPage.lang],
            set_={
                **{k: stmt.excluded[k] for k in values if k not in ("slug", "lang")},
                "updated_at": func.now(),
            },
        )
    )


async def delete_local_page(session: AsyncSession, *, slug: str) -> int:
    """Withdraw a local page in every language; return how many texts were removed."""
    result = await session.execute(delete(LocalPage).where(LocalPage.slug == slug))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
