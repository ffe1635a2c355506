"""Messages that live outside the templates: labels of closed lists and the scripts' strings.

Written in English; `web/catalogs.py` collects them with the templates' messages and the
category labels into the catalogs.
"""

from __future__ import annotations

from geo.vocab import Condition, Material, Public


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark a message for translation."""
    return message


EMERGENCY_LABELS = {
    "15": N_("Medical emergency (SAMU)"),
    "17": N_("Police emergency"),
    "18": N_("Fire brigade"),
    "112": N_("European emergency number"),
    "114": N_("Emergency by text, chat or video (deaf or hard of hearing)"),
    "115": N_("Emergency shelter (Samu social)"),
    "119": N_("Children in danger"),
    "3919": N_("Violence against women"),
    "0800 840 800": N_("Sida Info Service (HIV, hepatitis, sexual health)"),
    "3237": N_("Pharmacy on duty (night, Sunday, holidays)"),
}
"""National lines by number: their labels in every page language."""

PUBLIC_LABELS = {
    Public.WOMEN: N_("Women"),
    Public.MEN: N_("Men"),
    Public.TRANS: N_("Trans people"),
    Public.MINORS: N_("Minors"),
    Public.UNDOCUMENTED: N_("People without papers"),
    Public.DRUG_USERS: N_("People who use drugs"),
    Public.SEX_WORKERS: N_("Sex workers"),
}

CONDITION_LABELS = {
    Condition.FREE: N_("Free"),
    Condition.ANONYMOUS: N_("Anonymous"),
    Condition.NO_APPOINTMENT: N_("No appointment"),
    Condition.UNCONDITIONAL: N_("Unconditional"),
}

MATERIAL_LABELS = {
    Material.MALE_CONDOMS: N_("External condoms"),
    Material.INTERNAL_CONDOMS: N_("Internal condoms"),
    Material.LUBRICANT: N_("Lubricant"),
    Material.HIV_SELF_TESTS: N_("HIV self-tests"),
    Material.STI_SELF_SAMPLING_KITS: N_("STI self-sampling kits"),
    Material.PREGNANCY_TESTS: N_("Pregnancy tests"),
    Material.EMERGENCY_CONTRACEPTION: N_("Emergency contraception"),
    Material.DRUG_USE_EQUIPMENT: N_("Drug use equipment"),
    Material.BROCHURES: N_("Brochures"),
    Material.HYGIENE_KITS: N_("Hygiene kits"),
    Material.FOOD_AND_DRINK: N_("Food and drink"),
}

SCRIPT_MESSAGES = (
    N_("today"),
    N_("tomorrow"),
    N_("Open day and night (emergency service)"),
    N_("Hours unknown: call before going"),
    N_("Open until {time}"),
    N_("Open 24/7"),
    N_("Closed, opens {day} at {time}"),
    N_("Closed"),
    N_("Closed from {start} to {end}"),
    N_("Address withheld for safety: call, they will tell you where to go"),
    N_("Languages spoken: {languages}"),
    N_("Interpreting available"),
    N_("Wheelchair accessible"),
    N_("Partly wheelchair accessible"),
    N_("Not wheelchair accessible"),
    N_("Directions"),
    N_("Show the way"),
    N_("Website"),
    N_("Call"),
    N_("Open now"),
    N_("Open day and night"),
    N_("Health and care"),
    N_("Shelter, food and rights"),
    N_("Police"),
    N_("Legend"),
    N_("Green ring: open now"),
    N_("Zoom in"),
    N_("Zoom out"),
    N_("All the kinds shown here ({n})"),
    N_("{distance} away"),
    N_("Show on map"),
    N_("Call first"),
    N_("No place to go to here: call the lines above."),
    N_("No service matches these filters."),
    N_("{n, plural, one {# service} other {# services}}"),
    N_("Sorted by distance from you"),
    N_("Loading services…"),
    N_("The services could not be loaded. Try again in a moment."),
    N_("Your position could not be found."),
    N_("You are here"),
    N_("As the crow flies: {distance}"),
    N_("No zone yet."),
    N_("{minutes} on foot, {distance}"),
    N_("{distance} as the crow flies"),
    N_("Orientation sheet"),
    N_("Searching…"),
    N_("{n, plural, one {# service nearby} other {# services nearby}}"),
    N_("No service of this kind nearby."),
    N_("{n, plural, one {# service out of reach on foot} other {# services out of reach on foot}}"),
    N_("People are not present at any time this week."),
    N_("No team has the skills needed: {skills}."),
    N_("No team works while people are present."),
    N_(
        "The shifts are too short: the way there and back and a {minutes}-minute visit do not "
        "fit while people are present."
    ),
    N_("The shifts that could reach it were taken by zones of higher priority."),
    N_("{team}, {start}"),
    N_("Round sheet"),
    N_("GPX"),
    N_("Week calendar (ICS)"),
    N_("Every zone is visited."),
    N_("Planning failed."),
    N_("{n, plural, one {Planned: # round.} other {Planned: # rounds.}}"),
    N_("Planning…"),
    N_("{language} spoken"),
    N_("{language} not known to be spoken"),
    N_("Hours unknown"),
)
"""Everything the page scripts may show, passed to them translated."""

SHEET_MESSAGES = (
    N_("Where to go"),
    N_("Address"),
    N_("Phone"),
    N_("Opening hours"),
    N_("On foot"),
    N_("Conditions"),
    N_("The way there"),
    N_("Print"),
    N_("Coordinator"),
    N_("Worker"),
    N_("Wrong user name, password or code."),
    N_("Too many attempts: try again in {minutes} minutes."),
    N_("Call: they will tell you where to go."),
    N_("{days}: {hours}"),
    N_("{first}–{last}"),
    N_("every day"),
    N_("all day"),
    N_("closed"),
    N_("public holidays"),
    N_("closed on public holidays"),
    N_("You are here"),
    N_("Where it is"),
    N_("N"),
)
"""Messages of the orientation sheet and the login page, rendered in Python."""

STATS_MESSAGES = (
    N_("People met per month"),
    N_("Material handed out per month"),
)
"""The statistics page's chart titles (drawn in Python)."""
