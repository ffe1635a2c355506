"""What a service's page says about the moment and about its record's age, in one language: a
notice (in that language, else French, else the one it has), "full until", and when and by whom
it was last checked — or a warning when that was long ago. The same words as the map's cards
(`common.js`), drawn in Python for a page that must say them without a script."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton, format_time

from geo.directory.freshness import current_message, saturated_until
from geo.values import ServiceView
from web.hours_words import babel_locale
from web.i18n import Catalog

CHECKED_BY = {
    "structure": "Checked in {date} by the service itself",
    "team": "Checked in {date} by a team",
    "import": "Checked in {date} from open data",
    "suggestion": "Checked in {date} after a suggestion",
}
"""Who checked a record last, in kind (the messages are the cards' own, in SCRIPT_MESSAGES)."""


@dataclass(frozen=True, slots=True)
class TrustWords:
    """A service's notice, saturation and freshness, said in one language."""

    notice: str | None
    notice_lang: str | None
    full: str | None
    stale: str | None
    checked: str | None


def _notice(c: Catalog, view: ServiceView) -> tuple[str | None, str | None]:
    message = current_message(view.record, view.state_at)
    texts: dict[str, str] = {k: v for k, v in ((message or {}).get("text") or {}).items() if v}
    lang = c.lang if c.lang in texts else "fr" if "fr" in texts else next(iter(texts), None)
    return (texts[lang], lang) if lang else (None, None)


def _full(c: Catalog, view: ServiceView) -> str | None:
    until = saturated_until(view.record, view.state_at)
    if until is None:
        return None
    zone, locale = ZoneInfo(view.record.timezone), babel_locale(c)
    local, now = until.astimezone(zone), view.state_at.astimezone(zone)
    time = str(format_time(local, "short", locale=locale))
    if local.date() == now.date():
        return c.gettext("Full until {time}").replace("{time}", time)
    tomorrow = local.date() == now.date() + timedelta(days=1)
    day = c.gettext("tomorrow") if tomorrow else str(format_date(local, "EEEE", locale=locale))
    return c.gettext("Full until {day} at {time}").replace("{day}", day).replace("{time}", time)


def trust_words(c: Catalog, view: ServiceView) -> TrustWords:
    """Say what holds for the service at the view's instant (the page's clock, the same as
    its hours')."""
    notice, lang = _notice(c, view)
    record = view.record
    month = str(format_skeleton("yMMMM", record.last_verified, locale=babel_locale(c)))
    stale = checked = None
    if view.stale:
        stale = c.gettext("Not checked since {date}: call before going").replace("{date}", month)
    else:
        said = CHECKED_BY.get(record.verified_by or "", "Checked in {date}")
        checked = c.gettext(said).replace("{date}", month)
    return TrustWords(notice, lang, _full(c, view), stale, checked)
