"""The prevention library (guidelines V.A): one short page per topic, stored as Markdown in
`web/info/<lang>/<slug>.md` with a TOML header, French first and authoritative.

A page in a language that has none falls back to French, marked so. Every page ships
"awaiting review by a health professional" until an admin records a review of its exact text
(`geo.library`): the text's SHA-256 is what a review is recorded against.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path

from markdown_it import MarkdownIt

from geo.directory.categories import BY_SLUG
from web.i18n import LANGUAGES

AUTHORITATIVE = "fr"
"""The language every page is written in first; translations follow it."""


class TranslationState(StrEnum):
    """Where a page stands in one language."""

    REVIEWED = "reviewed"
    AWAITING_REVIEW = "awaiting-review"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class Source:
    """Where the facts of a page come from: an official source, named and dated."""

    name: str
    url: str
    date: str


@dataclass(frozen=True, slots=True)
class Page:
    """One topic in one language, as written in the repository."""

    slug: str
    lang: str
    title: str
    items: tuple[str, ...]
    categories: tuple[str, ...]
    lines: tuple[str, ...]
    sources: tuple[Source, ...]
    body: str
    digest: str
    machine_assisted: bool = False


class PageError(ValueError):
    """A page of the library that cannot be read (a maintainer's mistake, found by the tests)."""


def _folder() -> Path:
    return Path(str(resources.files("web"))) / "info"


def _split(text: str, where: str) -> tuple[dict[str, object], str]:
    if not text.startswith("+++\n"):
        raise PageError(f"{where}: the page must start with a +++ header")
    header, sep, body = text[4:].partition("\n+++\n")
    if not sep:
        raise PageError(f"{where}: the header is not closed by +++")
    try:
        return tomllib.loads(header), body.strip() + "\n"
    except tomllib.TOMLDecodeError as exc:
        raise PageError(f"{where}: {exc}") from exc


def read_page(path: Path, *, lang: str) -> Page:
    """Read one page file; refuse unknown categories and missing fields."""
    text = path.read_text(encoding="utf-8")
    header, body = _split(text, str(path))
    categories = tuple(str(c) for c in header.get("categories", []))  # type: ignore[attr-defined]
    unknown = [c for c in categories if c not in BY_SLUG]
    if unknown:
        raise PageError(f"{path}: unknown category {unknown[0]!r}")
    raw_sources = header.get("sources", [])
    sources = tuple(
        Source(str(s["name"]), str(s["url"]), str(s["date"]))
        for s in raw_sources  # type: ignore[attr-defined]
    )
    if "title" not in header:
        raise PageError(f"{path}: no title")
    return Page(
        slug=path.stem,
        lang=lang,
        title=str(header["title"]),
        items=tuple(str(i) for i in header.get("items", [])),  # type: ignore[attr-defined]
        categories=categories,
        lines=tuple(str(n) for n in header.get("lines", [])),  # type: ignore[attr-defined]
        sources=sources,
        body=body,
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        machine_assisted=header.get("translation") == "machine-assisted",
    )


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic with its page in every language written so far (French always)."""

    slug: str
    pages: Mapping[str, Page]

    @property
    def authoritative(self) -> Page:
        """The French page, which the others translate."""
        return self.pages[AUTHORITATIVE]

    def page(self, lang: str) -> tuple[Page, bool]:
        """The page in `lang`, or in French when there is none: (page, fell back)."""
        found = self.pages.get(lang)
        return (found, False) if found is not None else (self.authoritative, True)


@cache
def library() -> tuple[Topic, ...]:
    """Every topic of the library, in the guidelines' order (then by slug)."""
    folder = _folder()
    slugs = sorted(p.stem for p in (folder / AUTHORITATIVE).glob("*.md"))
    topics = []
    for slug in slugs:
        pages = {
            lang: read_page(folder / lang / f"{slug}.md", lang=lang)
            for lang in LANGUAGES
            if (folder / lang / f"{slug}.md").is_file()
        }
        topics.append(Topic(slug, pages))
    return tuple(sorted(topics, key=lambda t: (_order(t.authoritative.items), t.slug)))


def _order(items: tuple[str, ...]) -> int:
    numbers = [int(i.rsplit(".", 1)[1]) for i in items if i.startswith("V.A.")]
    return min(numbers, default=99)


def topic(slug: str) -> Topic | None:
    """Return one topic, or None."""
    return next((t for t in library() if t.slug == slug), None)


def topics_for(category: str) -> tuple[Topic, ...]:
    """The topics that send people to a category of the directory."""
    return tuple(t for t in library() if category in t.authoritative.categories)


def state(t: Topic, lang: str, reviewed: Mapping[tuple[str, str], str]) -> TranslationState:
    """Where a topic stands in `lang`, given the digests reviewed per (slug, lang)."""
    page = t.pages.get(lang)
    if page is None:
        return TranslationState.MISSING
    if reviewed.get((t.slug, lang)) == page.digest:
        return TranslationState.REVIEWED
    return TranslationState.AWAITING_REVIEW


@cache
def _markdown() -> MarkdownIt:
    # CommonMark with no raw HTML: a page's text can never become markup of its own.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")


def render_body(body: str) -> str:
    """The page's Markdown as HTML (headings shifted one level down: the page has its h1)."""
    html: str = _markdown().render(body)
    for level in (4, 3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(
            f"</h{level}>", f"</h{level + 1}>"
        )
    return html
