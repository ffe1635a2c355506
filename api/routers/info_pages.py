"""The library's pages for everyone, with no cookie: `/info`, `/info/{slug}` and the exposure
sheet `/info/exposure`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from api.deps import ReaderDep, SettingsDep
from api.routers.pages import page
from geo.errors import NotFound
from geo.library import queries
from web.i18n import catalog, negotiate
from web.library import topic
from web.library_pages import exposure_page, index_page, local_page, topic_page

router = APIRouter(include_in_schema=False)
Slug = Annotated[str, Path(pattern=r"^[a-z0-9-]{1,80}$")]


@router.get("/info", response_class=HTMLResponse)
async def info_index(
    request: Request, reader: ReaderDep, settings: SettingsDep, lang: str | None = None
) -> HTMLResponse:
    """The library's index in the reader's language."""
    c = catalog(negotiate(lang, request.headers.get("accept-language")))
    reviews = await queries.latest_reviews(reader)
    html = index_page(
        c,
        reviewed={key: r.digest for key, r in reviews.items()},
        local=await queries.local_pages(reader),
        quick_exit=settings.quick_exit_url,
    )
    return page(html, settings, c.lang)


@router.get("/info/exposure", response_class=HTMLResponse)
async def exposure(
    request: Request, settings: SettingsDep, lang: str | None = None
) -> HTMLResponse:
    """The exposure sheet, made in the page: nothing of it is sent back."""
    c = catalog(negotiate(lang, request.headers.get("accept-language")))
    area = [float(v) for v in settings.map_area.split(",")]
    html = exposure_page(c, area=area, quick_exit=settings.quick_exit_url)
    return page(html, settings, c.lang, cache="no-store")


@router.get("/info/{slug}", response_class=HTMLResponse)
async def info_topic(
    request: Request,
    slug: Slug,
    reader: ReaderDep,
    settings: SettingsDep,
    lang: str | None = None,
) -> HTMLResponse:
    """One page of the library in the reader's language, or in French (said so)."""
    c = catalog(negotiate(lang, request.headers.get("accept-language")))
    found = topic(slug)
    if found is None:
        texts = [p for p in await queries.local_pages(reader) if p.slug == slug]
        if not texts:
            raise NotFound("no such page of the library")
        return page(local_page(c, texts, quick_exit=settings.quick_exit_url), settings, c.lang)
    reviews = await queries.latest_reviews(reader)
    shown, _ = found.page(c.lang)
    html = topic_page(
        c,
        found,
        reviewed={key: r.digest for key, r in reviews.items()},
        review=reviews.get((slug, shown.lang)),
        quick_exit=settings.quick_exit_url,
    )
    return page(html, settings, c.lang)
