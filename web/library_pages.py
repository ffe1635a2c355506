"""The library's pages, rendered in Python with no script: the index, one topic in the
reader's language (or French, said so), and the exposure sheet's page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from babel.dates import format_date
from markupsafe import Markup

from geo.directory.categories import BY_SLUG
from geo.library.queries import LocalText, Review
from web.hours_words import babel_locale
from web.i18n import LANGUAGES, NAMES, Catalog, catalog
from web.library import AUTHORITATIVE, Topic, TranslationState, library, render_body, state
from web.messages import EMERGENCY_LABELS, EXPOSURE_MESSAGES, REVIEWER_ROLES
from web.pages import PhoneLine, render, script_messages

EXPOSURE_SHEET_LANGUAGES = LANGUAGES


@dataclass(frozen=True, slots=True)
class Entry:
    """A topic as the index lists it."""

    slug: str
    title: str
    items: str
    state: TranslationState
    lang: str


def index_page(
    c: Catalog,
    *,
    reviewed: Mapping[tuple[str, str], str],
    local: Sequence[LocalText],
    quick_exit: str,
) -> str:
    """The library's index in the reader's language: each topic's title (French when missing)."""
    entries = []
    for t in library():
        page, fell_back = t.page(c.lang)
        entries.append(
            Entry(
                t.slug,
                page.title,
                ", ".join(page.items),
                state(t, c.lang, reviewed),
                AUTHORITATIVE if fell_back else c.lang,
            )
        )
    mine = [p for p in local if p.lang == c.lang] or [p for p in local if p.lang == AUTHORITATIVE]
    return render(
        "info_index.html",
        c,
        entries=entries,
        local=mine,
        languages=[(code, NAMES[code]) for code in LANGUAGES],
        quick_exit=quick_exit,
    )


def _lines(c: Catalog, numbers: Sequence[str]) -> list[PhoneLine]:
    return [PhoneLine(n, c.gettext(EMERGENCY_LABELS.get(n, n))) for n in numbers]


def _where(c: Catalog, categories: Sequence[str]) -> list[tuple[str, str]]:
    return [(slug, c.gettext(BY_SLUG[slug].label_en)) for slug in categories if slug in BY_SLUG]


def topic_page(
    c: Catalog,
    t: Topic,
    *,
    reviewed: Mapping[tuple[str, str], str],
    review: Review | None,
    quick_exit: str,
) -> str:
    """One topic in the reader's language, or in French when it has none yet (said so)."""
    page, fell_back = t.page(c.lang)
    when = None
    if review is not None and review.digest == page.digest:
        when = format_date(review.reviewed_at, "long", locale=babel_locale(c))
    return render(
        "info_page.html",
        c,
        page=page,
        body=Markup(render_body(page.body)),  # noqa: S704 - Markdown without raw HTML
        fell_back=fell_back,
        state=TranslationState.MISSING if fell_back else state(t, c.lang, reviewed),
        review_role=c.gettext(REVIEWER_ROLES[review.reviewer_role]) if when and review else None,
        review_date=when,
        where=_where(c, page.categories),
        lines=_lines(c, page.lines),
        languages=[(code, NAMES[code]) for code in LANGUAGES],
        quick_exit=quick_exit,
    )


def local_page(c: Catalog, texts: Sequence[LocalText], *, quick_exit: str) -> str:
    """An instance's own page in the reader's language, or its first language."""
    text = next((p for p in texts if p.lang == c.lang), None) or texts[0]
    return render(
        "info_local.html",
        c,
        text=text,
        body=Markup(render_body(text.body)),  # noqa: S704 - Markdown without raw HTML
        fell_back=text.lang != c.lang,
        where=_where(c, text.categories),
        lines=_lines(c, text.lines),
        updated=format_date(text.updated_at, "long", locale=babel_locale(c)),
        quick_exit=quick_exit,
    )


def exposure_page(c: Catalog, *, area: Sequence[float], quick_exit: str) -> str:
    """The exposure sheet: closed answers filled in with the person, the sheet made in the
    page, in the person's language and in French. Nothing of it is sent anywhere."""
    sheets = {lang: _sheet_messages(catalog(lang)) for lang in EXPOSURE_SHEET_LANGUAGES}
    config = {
        "lang": c.lang,
        "area": list(area),
        "messages": script_messages(c),
        "sheets": sheets,
        "names": dict(NAMES),
    }
    return render(
        "exposure.html",
        c,
        config=config,
        languages=[(code, NAMES[code]) for code in LANGUAGES],
        quick_exit=quick_exit,
    )


def _sheet_messages(c: Catalog) -> dict[str, str]:
    return {m: c.gettext(m) for m in EXPOSURE_MESSAGES}
