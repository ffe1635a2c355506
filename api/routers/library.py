"""The prevention library (guidelines V.A): its topics as data, reviews by a health
professional of the instance, and the instance's own local pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from api.deps import AdminDep, InstanceSessionDep, ReaderDep
from api.schemas.common import OWNED_RESPONSES, PROBLEM_RESPONSES
from api.schemas.library import (
    LibraryRead,
    LocalPageRead,
    LocalPageWrite,
    ReviewRead,
    ReviewWrite,
    SourceRead,
    TopicRead,
)
from geo.errors import NotFound
from geo.library import queries
from web.i18n import LANGUAGES
from web.library import library, state, topic

router = APIRouter(prefix="/api/v1/info", tags=["library"])
LocalSlug = Annotated[str, Path(pattern=r"^local-[a-z0-9-]{1,60}$")]


@router.get("", response_model=LibraryRead, responses=PROBLEM_RESPONSES, summary="The library")
async def list_topics(reader: ReaderDep, response: Response) -> LibraryRead:
    """Return every topic: slug, French title, the guidelines' items it covers, and per
    language whether the page is reviewed, awaiting review or missing; then the local pages."""
    reviews = await queries.latest_reviews(reader)
    digests = {key: r.digest for key, r in reviews.items()}
    topics = []
    for t in library():
        page = t.authoritative
        topics.append(
            TopicRead(
                slug=t.slug,
                title=page.title,
                items=list(page.items),
                categories=list(page.categories),
                lines=list(page.lines),
                sources=[SourceRead(name=s.name, url=s.url, date=s.date) for s in page.sources],
                languages={lang: state(t, lang, digests) for lang in LANGUAGES},
                reviews=[
                    ReviewRead(
                        lang=r.lang,
                        reviewer_role=r.reviewer_role,
                        reviewed_at=r.reviewed_at,
                        current=r.lang in t.pages and t.pages[r.lang].digest == r.digest,
                    )
                    for (slug, _), r in sorted(reviews.items())
                    if slug == t.slug
                ],
                page=f"/info/{t.slug}",
            )
        )
    local = [
        LocalPageRead(
            slug=p.slug,
            lang=p.lang,
            title=p.title,
            categories=list(p.categories),
            lines=list(p.lines),
            updated_at=p.updated_at,
            page=f"/info/{p.slug}?lang={p.lang}",
        )
        for p in await queries.local_pages(reader)
    ]
    response.headers["Cache-Control"] = "public, max-age=300"
    return LibraryRead(topics=topics, local=local)


@router.post(
    "/{slug}/reviews",
    response_model=ReviewRead,
    status_code=status.HTTP_201_CREATED,
    responses=OWNED_RESPONSES,
    summary="Mark a page reviewed",
)
async def review_page(
    slug: str, body: ReviewWrite, admin: AdminDep, session: InstanceSessionDep
) -> ReviewRead:
    """Record that a health professional of the instance reviewed the page in this language as
    it reads now (admins record it; only the reviewer's role is kept). An edit of the text
    makes it await review again."""
    del admin
    found = topic(slug)
    page = found.pages.get(body.lang) if found else None
    if page is None:
        raise NotFound("no such page of the library in this language")
    review = await queries.record_review(
        session, slug=slug, lang=body.lang, digest=page.digest, reviewer_role=body.reviewer_role
    )
    return ReviewRead(
        lang=review.lang,
        reviewer_role=review.reviewer_role,
        reviewed_at=review.reviewed_at,
        current=True,
    )


@router.put(
    "/local/{slug}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=OWNED_RESPONSES,
    summary="Publish a local page",
)
async def put_local_page(
    slug: LocalSlug, body: LocalPageWrite, admin: AdminDep, session: InstanceSessionDep
) -> Response:
    """Publish or replace the instance's own page (a local association, a local rule) in one
    language, in the library's form: Markdown, no HTML. Its slug starts with `local-`."""
    del admin
    await queries.put_local_page(
        session,
        slug=slug,
        lang=body.lang,
        title=body.title,
        body=body.body,
        categories=body.categories,
        lines=body.lines,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete(
    "/local/{slug}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=OWNED_RESPONSES,
    summary="Withdraw a local page",
)
async def delete_local_page(
    slug: LocalSlug, admin: AdminDep, session: InstanceSessionDep
) -> Response:
    """Withdraw a local page in every language."""
    del admin
    if not await queries.delete_local_page(session, slug=slug):
        raise NotFound("no such local page")
    return Response(status_code=status.HTTP_204_NO_CONTENT)
