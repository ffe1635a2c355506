"""The words of the coordinators' directory correction page and of the shared conflict module
(web/static/js/conflict.js): the words its scripts say (English msgids), translated by the
page."""

from __future__ import annotations

from web.i18n import Catalog
from web.verify_form import ERROR_WORDS, FIELD_LABELS

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

AUDIT_FIELD_LABELS = {
    "name": "Name",
    "categories": "Category",
    "lon": "Position on the map",
    "lat": "Position on the map",
    "address": "Address",
    "postcode": "Postcode",
    "city": "City",
    "description": "Description",
    "timezone": "Time zone",
    "holiday_country": "Country of the public holidays",
    "visibility": "Visibility",
    "last_verified": "Last checked",
    "source": "Source",
    "source_id": "Identifier at the source",
    **FIELD_LABELS,
}
"""Each field of a service an audit entry may name (English msgids)."""

ACTION_LABELS = {
    "create": "Created",
    "update": "Corrected",
    "verify": "Confirmed as right",
    "delete": "Deleted",
}
"""What an audit entry of a service says was done (English msgids)."""

SCRIPT_WORDS: tuple[str, ...] = (
    "Loading…",
    "Could not load: check the connection and reload the page.",
    "No service found.",
    "Show more",
    "Not given",
    "Saving…",
    "Saved: the record changed.",
    "The saved version is kept.",
    "Change something first.",
    "Not saved: check the fields marked.",
    "Refused:",
    "This service no longer exists.",
    "The hours are not valid: correct them before saving.",
    "Give the first and the last day of each closure.",
    "From",
    "To",
    "Reason",
    "Remove this closure",
    "No change recorded yet.",
    "No account (a link sent to the service, or an import)",
    "An administrator",
    "A coordinator of another association",
    "The service itself, through a verification link",
    "An import",
    "Could not load the history.",
    *ERROR_WORDS,
    *CONFLICT_WORDS,
    *dict.fromkeys(AUDIT_FIELD_LABELS.values()),
    *ACTION_LABELS.values(),
)
"""Every word the script says; collected into the catalogs."""


def script_words(c: Catalog) -> dict[str, str]:
    """Return every word the script says, in the page language."""
    return {m: c.gettext(m) for m in SCRIPT_WORDS}


def conflict_words(c: Catalog) -> dict[str, str]:
    """Return the conflict module's words, in the page language."""
    return {m: c.gettext(m) for m in CONFLICT_WORDS}
