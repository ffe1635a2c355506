"""The words of the coordinators' console script (English msgids), translated by the page."""

from __future__ import annotations

from web.i18n import Catalog
from web.verify_form import FIELD_LABELS

KIND_LABELS = {
    "closed": "Closed",
    "moved": "Moved",
    "hours": "Wrong hours",
    "phone": "Wrong phone",
    "not-welcoming": "Not welcoming",
    "other": "Something else",
    "new-service": "A new service",
    "correction": "The service's own correction",
}
ANSWER_LABELS = {"confirmed": "Confirmed", "corrected": "Corrected"}
SCRIPT_WORDS = (
    "Loading…",
    "Could not load: check the connection and reload the page.",
    "No suggestion waits.",
    "Nothing is held back.",
    "A new service",
    "Current record",
    "Sent on",
    "Contact (erased when handled)",
    "No contact left.",
    "Proposed change",
    "Accept the change",
    "Edit then accept",
    "Accept with these changes",
    "Reject",
    "Reason (the author reads it)",
    "Give a reason to reject.",
    "Change something first.",
    "Accepted: the record changed.",
    "Rejected.",
    "Refused:",
    "Name",
    "Category",
    "Address",
    "City",
    "Closure from",
    "to",
    "Message of the moment (French)",
    "until",
    "Not given",
    "{n, plural, one {# report about this service} other {# reports about this service}}",
    "No campaign yet.",
    "services",
    "with e-mail",
    "sent",
    "reminded",
    "confirmed",
    "corrected",
    "not answered",
    "Expires on",
    "Reminders are on their way.",
    "This instance sends no e-mail: phone the services listed.",
    "Everything was checked lately.",
    "Last checked",
    "Hidden from the public since {date}",
    "Not checked since {date}",
    "Phone",
    "Link",
    "Not answered",
    "Give a title.",
    "Remind by e-mail",
    "Print",
    *FIELD_LABELS.values(),
    *KIND_LABELS.values(),
    *ANSWER_LABELS.values(),
)
"""Every word the console script says; with the link page's refusals, collected into the
catalogs."""


def script_words(c: Catalog) -> dict[str, str]:
    """Return every word the console script says, in the page language."""
    return {m: c.gettext(m) for m in SCRIPT_WORDS}
