"""The words of the coordinators' zones and teams pages:
the words its script says (English msgids), translated by the page."""

from __future__ import annotations

from web.i18n import Catalog

SCRIPT_WORDS: tuple[str, ...] = ()
"""Every word the script says; collected into the catalogs."""


def script_words(c: Catalog) -> dict[str, str]:
    """Return every word the script says, in the page language."""
    return {m: c.gettext(m) for m in SCRIPT_WORDS}
