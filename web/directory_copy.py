"""The words of the coordinators' directory correction page and of the shared conflict module
(web/static/js/conflict.js): the words its scripts say (English msgids), translated by the
page."""

from __future__ import annotations

from web.i18n import Catalog

CONFLICT_WORDS: tuple[str, ...] = (
    "Someone else saved this record while you were editing it.",
    "Choose, field by field, which value to keep; nothing you typed is lost.",
    "Keep mine",
    "Take the saved one",
    "Save with these choices",
    "Empty",
)
"""What the conflict module says when a save lost a race (412); any page that uses it hands
these to it."""

SCRIPT_WORDS: tuple[str, ...] = (*CONFLICT_WORDS,)
"""Every word the script says; collected into the catalogs."""


def script_words(c: Catalog) -> dict[str, str]:
    """Return every word the script says, in the page language."""
    return {m: c.gettext(m) for m in SCRIPT_WORDS}


def conflict_words(c: Catalog) -> dict[str, str]:
    """Return the conflict module's words, in the page language."""
    return {m: c.gettext(m) for m in CONFLICT_WORDS}
