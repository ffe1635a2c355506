"""The words of the coordinators' zones and teams pages: the labels of their closed lists and
the words their scripts say (English msgids), translated by the page."""

from __future__ import annotations

from geo.vocab import Mode, OwnerAgreement, Premises, ZoneKind, ZoneNeed
from web.directory_copy import CONFLICT_WORDS
from web.i18n import Catalog


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark a message for translation."""
    return message


KIND_LABELS: dict[str, str] = {
    ZoneKind.STREET: N_("Street"),
    ZoneKind.GREEN_SPACE: N_("Green space"),
    ZoneKind.STATION: N_("Station"),
    ZoneKind.TEMPORARY_GATHERING: N_("Temporary gathering (festival…)"),
    ZoneKind.COMMERCIAL_PREMISES: N_("Commercial premises"),
    ZoneKind.HOUSING_COMPLEX: N_("Housing complex"),
    ZoneKind.ONLINE: N_("Online (site, ads, social network)"),
}
PREMISES_LABELS: dict[str, str] = {
    Premises.NIGHTCLUB: N_("Nightclub"),
    Premises.BAR: N_("Bar"),
    Premises.SAUNA: N_("Sauna"),
    Premises.MASSAGE_PARLOUR: N_("Massage parlour"),
    Premises.OTHER: N_("Other premises"),
}
AGREEMENT_LABELS: dict[str, str] = {
    OwnerAgreement.AGREED: N_("Agreed"),
    OwnerAgreement.PENDING: N_("Waiting for an answer"),
    OwnerAgreement.REFUSED: N_("Refused"),
    OwnerAgreement.NOT_ASKED: N_("Not asked"),
}
NEED_LABELS: dict[str, str] = {
    ZoneNeed.TRANS_SPECIFIC: N_("Trans-specific"),
    ZoneNeed.DRUG_USE: N_("Drug use"),
    ZoneNeed.TROD: N_("Rapid tests (TROD)"),
    ZoneNeed.INTERPRETING: N_("Interpreting"),
}
SKILL_LABELS: dict[str, str] = {
    "trod": N_("Qualified for rapid tests (TROD)"),
    "nurse": N_("Nurse"),
    "peer": N_("Peer worker"),
}
MODE_LABELS: dict[str, str] = {
    Mode.FOOT: N_("On foot"),
    Mode.BIKE: N_("By bike"),
    Mode.CAR: N_("By car or minibus"),
}

HOURS_WORDS: tuple[str, ...] = (
    N_("Checking the hours…"),
    N_("Checking is unavailable: the hours are checked when saved."),
    N_("{hours, plural, one {# hour a week.} other {# hours a week.}}"),
    N_("Not valid: {error}"),
    N_("Type the hours to see the week they mean."),
    N_("The week these hours mean"),
    N_("Day"),
    N_("Hours"),
    N_("closed"),
    N_("{start}–{end} (next day)"),
    N_("past midnight"),
)
"""What the hours editor (`web/static/js/hours_editor.js`) says; every page that uses it hands
these to it."""

EDIT_WORDS: tuple[str, ...] = (
    N_("Loading…"),
    N_("Could not load: check the connection and reload the page."),
    N_("Saving…"),
    N_("Saved."),
    N_("Deleted."),
    N_("Refused:"),
    N_("Not saved: check the connection, then save again. Nothing you typed is lost."),
    N_("Nothing changed."),
    N_("It was deleted meanwhile: save it again to create it anew."),
    N_("Not given"),
)
"""What the zones and teams scripts say about reading and writing."""

ZONE_WORDS: tuple[str, ...] = (
    N_("No zone yet."),
    N_("New zone"),
    N_("Zone: {name}"),
    N_("{min}–{max} a week"),
    N_("Delete the zone {name}? This cannot be undone."),
    N_("A point"),
    N_("{n, plural, one {A line of # point} other {A line of # points}}"),
    N_("{n, plural, one {An area of # corner} other {An area of # corners}}"),
    N_("No place: an online zone."),
    N_("Drawing: click or tap on the map; click the first point again to close an area."),
    N_("The shape as text is not valid GeoJSON."),
    N_("Click to place the point"),
    N_("Click to place the first point"),
    N_("Click to continue"),
    N_("Click the last point to finish"),
    N_("Click the first point to close the area"),
    N_("Finish"),
    N_("Cancel"),
    N_("Remove the last point"),
)
"""What the zones page's script says."""

TEAM_WORDS: tuple[str, ...] = (
    N_("No team yet."),
    N_("New team"),
    N_("Team: {name}"),
    N_("Delete the team {name}? This cannot be undone."),
    N_("Start"),
    N_("End"),
    N_("Click the map where rounds start."),
    N_("Click the map where rounds end."),
    N_("Place the start and the end on the map first."),
)
"""What the teams page's script says."""

SCRIPT_WORDS: tuple[str, ...] = tuple(
    dict.fromkeys(
        (
            *HOURS_WORDS,
            *EDIT_WORDS,
            *CONFLICT_WORDS,
            *ZONE_WORDS,
            *TEAM_WORDS,
            *KIND_LABELS.values(),
            *PREMISES_LABELS.values(),
            *AGREEMENT_LABELS.values(),
            *NEED_LABELS.values(),
            *SKILL_LABELS.values(),
            *MODE_LABELS.values(),
        )
    )
)
"""Every word the scripts and the pages' lists say; collected into the catalogs."""


def script_words(c: Catalog) -> dict[str, str]:
    """Return every word the script says, in the page language."""
    return {m: c.gettext(m) for m in SCRIPT_WORDS}


def choices(c: Catalog, labels: dict[str, str]) -> list[tuple[str, str]]:
    """Return a closed list's values with their labels in the page language, in order."""
    return [(str(value), c.gettext(label)) for value, label in labels.items()]
