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
    """Return the latest review of each (slug, lang) (reviews are few: one per page and
    language and review)."""
    rows = await reader.execute(
        select(
            InfoReview.slug,
            InfoReview.lang,
            InfoReview.digest,
            InfoReview.reviewer_role,
            InfoReview.reviewed_at,
        ).order_by(InfoReview.reviewed_at, InfoReview.id)
    )
    return {(r[0], r[1]): Review(r[0], r[1], r[2], r[3], r[4]) for r in rows}


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
    rows = await reader.execute(
        select(
            LocalPage.slug,
            LocalPage.lang,
            LocalPage.title,
            LocalPage.body,
            LocalPage.categories,
            LocalPage.lines,
            LocalPage.updated_at,
        ).order_by(LocalPage.slug, LocalPage.lang)
    )
    return [
        LocalText(slug, lang, title, body, tuple(categories), tuple(lines), updated_at)
        for slug, lang, title, body, categories, lines, updated_at in rows
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
