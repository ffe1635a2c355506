"""The words of the coordinators' plans page:
the words its script says (English msgids), translated by the page."""

from __future__ import annotations

from web.i18n import Catalog

REASONS = {
    "no-presence": "People are not present at any time this week.",
    "no-skilled-team": "No team has the skills needed: {skills}.",
    "no-team-while-present": "No team works while people are present.",
    "shift-too-short": (
        "The shifts are too short: the way there and back and a {minutes}-minute visit do not "
        "fit while people are present."
    ),
    "filled-by-higher-priority": (
        "The shifts that could reach it were taken by zones of higher priority."
    ),
}
"""Why a zone went unvisited, by the planner's code: the team map's words (web/messages.py),
already in the catalogs."""

VIOLATIONS = {
    "unknown-team": "This team was not in the week as planned: plan the week again to use it.",
    "unknown-zone": "This zone was not in the week as planned: plan the week again to include it.",
    "not-a-shift": "The round is not in one of the team's shifts.",
    "outside-shift": "The round would leave before its shift starts or come back after it ends.",
    "too-early": (
        "Not enough time to travel: {n, plural, one {# minute short} other {# minutes short}}."
    ),
    "starts-before-arrival": "A visit would start before the team arrives.",
    "visit-too-short": "A visit would be shorter than the zone's {minutes} minutes.",
    "outside-presence": "The visit would fall outside the hours when people are there.",
    "missing-skills": "The team lacks the skills this zone needs: {skills}.",
    "mixed-online": "Online zones go in rounds of online zones only.",
    "two-rounds-at-once": "The team would be in two rounds at once.",
    "no-shift-then": "The team does not work then.",
}
"""Why the planner's validator refuses a change, by its code (params: seconds, minutes,
skills)."""

SCRIPT_WORDS: tuple[str, ...] = (
    "Add a zone",
    "Add to the round",
    "After {zone}",
    "Changes discarded.",
    "Check the connection and try again.",
    "Checked: the plan stays valid. Save it to keep it.",
    "Checking the change…",
    "Choose a Monday.",
    "Choose a round in the week or on the map.",
    "Day",
    "Every zone is visited.",
    "First",
    "GPX",
    "Hours",
    "Leaves {start}, back {end} (shift {from}–{to})",
    "Loading…",
    "Lock at least one round first.",
    "Lock this round",
    "Locked",
    "Made {when}",
    "Move to another team",
    "Move",
    "Night requirements met",
    "Night visits (21:00–06:00)",
    "No plan kept yet.",
    "No plan yet.",
    "No plan yet: plan a week.",
    "No round in this plan.",
    "No stop.",
    "No zone weighed more than its priority this week.",
    "Other zones",
    "Planned. Opening the plan…",
    "Planning failed.",
    "Planning… {percent} %",
    "Refused, nothing changed:",
    "Refused, nothing saved:",
    "Remove {zone} from this round",
    "Remove",
    "Required visits planned",
    "Revision of an earlier plan",
    "Round locked: re-planning keeps it.",
    "Round moved to {team}.",
    "Round sheet",
    "Round unlocked.",
    "Round",
    "Rounds by day and team; night hours (21:00–06:00) shaded.",
    "Save or discard the changes first.",
    "Saved. Opening the new revision…",
    "Saving…",
    "Sending…",
    "Team",
    "The change could not be checked:",
    "The plan could not be loaded.",
    "The plan could not be started:",
    "The plans could not be loaded.",
    "The revision could not be saved:",
    "This plan was not found.",
    "Travel time",
    "Unlock this round",
    "Unvisited",
    "Waiting for the planner…",
    "Week calendar (ICS)",
    "Week of {date}",
    "Where in the round",
    "Zone",
    "Zones visited",
    "arrives {time}",
    "locked",
    "night",
    "revised",
    "{covered} of {total}",
    "{hours} h {minutes} min",
    "{n, plural, one {# locked round is kept as it is.} other {# locked rounds are kept as they are.}}",  # noqa: E501
    "{n, plural, one {# round locked} other {# rounds locked}}",
    "{n, plural, one {# round} other {# rounds}}",
    "{n, plural, one {# stop} other {# stops}}",
    "{n, plural, one {# zone unvisited} other {# zones unvisited}}",
    "{team}, {start}",
    "{zone} added to the round.",
    "{zone} removed from the round.",
    "×{factor}, last visited {date}",
    "×{factor}, no visit on record",
    *VIOLATIONS.values(),
)
"""Every word the script says; collected into the catalogs."""


def script_words(c: Catalog) -> dict[str, str]:
    """Return every word the script says, in the page language."""
    return {m: c.gettext(m) for m in SCRIPT_WORDS}


def reason_words(c: Catalog) -> dict[str, str]:
    """Return why a zone went unvisited, by code, in the page language."""
    return {code: c.gettext(m) for code, m in REASONS.items()}


def violation_words(c: Catalog) -> dict[str, str]:
    """Return why the validator refuses a change, by code, in the page language."""
    return {code: c.gettext(m) for code, m in VIOLATIONS.items()}
