"""The words of the coordinators' alerts, stock, people and statistics pages: the labels of
their closed lists and the words their scripts say (English msgids), translated by the page."""

from __future__ import annotations

from geo.vocab import AlertKind, Certainty, Severity, Urgency
from web.i18n import Catalog
from web.messages import SEVERITY_LABELS

ALERT_KIND_LABELS = {
    AlertKind.TOXIC_SUBSTANCE: "Toxic substance in circulation",
    AlertKind.INFECTION_CLUSTER: "Cluster of infections",
    AlertKind.EQUIPMENT_RECALL: "Equipment recall",
    AlertKind.SAFETY: "Safety of the teams",
}
URGENCY_LABELS = {
    Urgency.IMMEDIATE: "Act now",
    Urgency.EXPECTED: "Act within the hour",
    Urgency.FUTURE: "Act in the coming days",
    Urgency.UNKNOWN: "Urgency unknown",
}
CERTAINTY_LABELS = {
    Certainty.OBSERVED: "Observed",
    Certainty.LIKELY: "Likely",
    Certainty.POSSIBLE: "Possible",
    Certainty.UNLIKELY: "Unlikely",
    Certainty.UNKNOWN: "Certainty unknown",
}
SEVERITY_UNKNOWN = "Severity unknown"
OTHER_LABELS = ("Administrator", SEVERITY_UNKNOWN)
"""A role the people page names, and a severity, that the other pages do not."""

SCRIPT_WORDS: tuple[str, ...] = (
    "(you)",
    "A description in French is required.",
    "A headline in French is required.",
    "Action",
    "Active",
    "An area on the map",
    "Area",
    "Changed since the preview: preview again before publishing.",
    "Click two opposite corners on the map.",
    "Click each corner on the map, then the first one again to close the area.",
    "Confirmed",
    "Could not load: check the connection and reload the page.",
    "Could not reach the server: check the connection.",
    "Created",
    "Delivery recorded: {n} × {item}.",
    "Disable",
    "Disable {name}",
    "Disable {name}? They will no longer be able to log in, and their sessions end now.",
    "Disabled on {date}",
    "Draw the area on the map, or choose the whole territory.",
    "Enough",
    "Everyone (public alert)",
    "First password:",
    "First password: 12 characters or more.",
    "For",
    "Give a whole number of pieces, 0 or more.",
    "Give a whole number of pieces, 1 or more.",
    "Give these to the worker in person. The password is not shown again; the worker must "
    "choose their own at first login.",
    "In force",
    "In stock",
    "Item",
    "Kind",
    "Looking for the zones and rounds it touches…",
    "Low",
    "Low-stock threshold",
    "Name",
    "No alert in force.",
    "No area drawn yet.",
    "No round due there.",
    "No threshold",
    "No zone of the association is in the area.",
    "No, keep it",
    "None",
    "Not confirmed yet",
    "Not saved:",
    "Nothing is low.",
    "Nothing is published yet: check what it touches, then publish.",
    "Published: the teams see it on their map.",
    "Published: the teams will see it from {time}.",
    "QR code of the second factor",
    "Raised from the field",
    "Role",
    "Saving…",
    "Say when the alert ends.",
    "Say when the alert starts.",
    "Scan this code with the authenticator app on the person's phone, or type the secret "
    "below. It will not be shown again.",
    "Second factor (authenticator app)",
    "Secret:",
    "Severity",
    "Some fields need attention.",
    "State",
    "The association's teams",
    "The end must come after the start.",
    "The whole territory",
    "Threshold set: {item}, low at {n} or fewer.",
    "User name: 3 characters or more, letters without accents, digits, and . _ @ -",
    "User name:",
    "Withdraw it for every team now?",
    "Withdraw this alert",
    "Withdrawn.",
    "Yes, disable",
    "Yes, withdraw it",
    "Zones in the area",
    "departs {time}",
    "from {start} to {end}",
    "{n, plural, one {# item is low.} other {# items are low.}}",
    "{n, plural, one {# round due there:} other {# rounds due there:}}",
    "{n, plural, one {# zone of the association is in the area:} "
    "other {# zones of the association are in the area:}}",
    "{n, plural, one {Area drawn: # corner.} other {Area drawn: # corners.}}",
    "{name} is disabled.",
    *ALERT_KIND_LABELS.values(),
    *URGENCY_LABELS.values(),
    *CERTAINTY_LABELS.values(),
    *OTHER_LABELS,
)
"""Every word the scripts say, and the labels of the lists; collected into the catalogs."""


def script_words(c: Catalog) -> dict[str, str]:
    """Return every word the scripts say, in the page language."""
    return {m: c.gettext(m) for m in SCRIPT_WORDS}


def alert_choices(c: Catalog) -> dict[str, list[tuple[str, str]]]:
    """Return the closed lists of an alert's form, (value, label) in the page language."""
    return {
        "kinds": [(k.value, c.gettext(v)) for k, v in ALERT_KIND_LABELS.items()],
        "severities": [(k.value, c.gettext(v)) for k, v in SEVERITY_LABELS.items()]
        + [(Severity.UNKNOWN.value, c.gettext(SEVERITY_UNKNOWN))],
        "urgencies": [(k.value, c.gettext(v)) for k, v in URGENCY_LABELS.items()],
        "certainties": [(k.value, c.gettext(v)) for k, v in CERTAINTY_LABELS.items()],
    }
