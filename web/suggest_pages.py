"""The public pages of suggestions, rendered in the visitor's language: the form that reports
a problem with a service or suggests a new one, and the page a suggester comes back to with
their reference. They wear the public pages' bar (the map, the languages, the quick exit) and
the national numbers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_datetime_format

from geo.directory.suggestions import SuggestionStatusView
from web.hours_words import babel_locale
from web.i18n import Catalog
from web.messages import REPORT_KINDS, SUGGEST_MESSAGES, SUGGESTION_KINDS
from web.orientation import PublicPage, public_context
from web.pages import render

MESSAGE_LIMIT = 2000
"""The longest message the API takes, in characters."""
CONTACT_LIMIT = 254
"""The longest contact (an e-mail address or a phone) the API takes."""


@dataclass(frozen=True, slots=True)
class AboutService:
    """The service a problem is reported about, as the form names it."""

    id: uuid.UUID
    name: str


def suggest_page(
    c: Catalog, *, about: AboutService | None, missing: bool, public: PublicPage
) -> str:
    """Render the form: about one service (what is wrong with it), or a service to add (also
    when the service asked about is not found, which the page says)."""
    config = {
        "lang": c.lang,
        "messages": {m: c.gettext(m) for m in SUGGEST_MESSAGES},
        "service": str(about.id) if about else None,
        "limit": MESSAGE_LIMIT,
    }
    return render(
        "suggest.html",
        c,
        about=about,
        missing=missing,
        kinds=[(value, c.gettext(label)) for value, label in REPORT_KINDS.items()],
        limit=MESSAGE_LIMIT,
        contact_limit=CONTACT_LIMIT,
        config=config,
        **public_context(public),
    )


def _when(c: Catalog, at: datetime, timezone: str) -> str:
    """Say a day and a time in the page language and the instance's time zone ("1 décembre
    2026, 09:43": the long date, the short time, joined as the locale joins them)."""
    local, locale = at.astimezone(ZoneInfo(timezone)), babel_locale(c)
    joined = str(get_datetime_format("long", locale=locale)).replace("'", "")
    day = str(format_date(local, "long", locale=locale))
    return joined.replace("{1}", day).replace(
        "{0}", str(format_time(local, "short", locale=locale))
    )


def suggestion_page(
    c: Catalog, followed: SuggestionStatusView, *, timezone: str, public: PublicPage
) -> str:
    """Render where a suggestion stands: waiting, accepted, or not accepted and why."""
    return render(
        "suggestion.html",
        c,
        followed=followed,
        kind=c.gettext(SUGGESTION_KINDS.get(followed.kind, SUGGESTION_KINDS["other"])),
        sent=_when(c, followed.created_at, timezone),
        handled=_when(c, followed.handled_at, timezone) if followed.handled_at else None,
        **public_context(public),
    )


def suggestion_missing_page(c: Catalog, *, public: PublicPage) -> str:
    """Render the page of a reference that names no suggestion (echoing nothing of it)."""
    return render("suggestion.html", c, followed=None, **public_context(public))
