"""Messages that live outside the templates: labels of closed lists and the scripts' strings.

Written in English; `web/catalogs.py` collects them with the templates' messages and the
category labels into the catalogs.
"""

from __future__ import annotations

from geo.vocab import Condition, Material, Public, Severity


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

SEVERITY_LABELS = {
    Severity.EXTREME: N_("Extreme: danger to life"),
    Severity.SEVERE: N_("Severe"),
    Severity.MODERATE: N_("Moderate"),
    Severity.MINOR: N_("Minor"),
}

HANDOFF_MESSAGES = (
    N_("today"),
    N_("tomorrow"),
    N_("Open now"),
    N_("Open until {time}"),
    N_("Open 24/7"),
    N_("Closed, opens {day} at {time}"),
    N_("Closed"),
    N_("Open day and night (emergency service)"),
    N_("Hours unknown: call before going"),
    N_("Address withheld for safety: call, they will tell you where to go"),
    N_("{minutes} on foot, {distance}"),
    N_("{distance} as the crow flies"),
    N_("Address: {address}"),
    N_("Phone: {phone}"),
    N_("Hours:"),
    N_("More: {url}"),
    N_("Call"),
    N_("The way there"),
    N_("You are here"),
)
"""What a hand-off to a person met says in the person's language (the field app keeps these
words in every language, to say them with no signal)."""

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
    N_("Zoom in to list the services here."),
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
    N_("×{factor}, last visited {date}"),
    N_("×{factor}, no visit on record"),
    N_("Planning failed."),
    N_("{n, plural, one {Planned: # round.} other {Planned: # rounds.}}"),
    N_("Planning…"),
    N_("{language} spoken"),
    N_("{language} not known to be spoken"),
    N_("Hours unknown"),
    N_("Learn more:"),
    N_("Full until {time}"),
    N_("Full until {day} at {time}"),
    N_("Checked in {date}"),
    N_("Checked in {date} by the service itself"),
    N_("Checked in {date} by a team"),
    N_("Checked in {date} from open data"),
    N_("Checked in {date} after a suggestion"),
    N_("Not checked since {date}: call before going"),
    N_("Not checked since {date}"),
    N_("Report a problem"),
)
"""Everything the page scripts may show, passed to them translated."""

FIELD_MESSAGES = (
    N_("No round planned for today or tonight."),
    N_("Directory too old: hours unknown until the network returns"),
    N_("No safety alert raised from the field."),
    N_("Confirmed by a coordinator"),
    N_("Unconfirmed: raised from the field"),
    N_("Until {time}"),
    N_("Confirm"),
    N_("Withdraw"),
    N_("The alert could not be sent:"),
    N_("Tap the map first."),
    N_("No network: the alert cannot be sent. Call the team."),
    N_("Sending…"),
    N_("Alert sent."),
    N_("Alert sent: a coordinator will confirm it."),
    N_("Notifications are blocked in this browser's settings"),
    N_("Online"),
    N_("Offline: no network"),
    N_("Directory of {time}"),
    N_("No copy of the directory on this phone yet"),
    N_("{n, plural, one {# report waiting to be sent} other {# reports waiting to be sent}}"),
    N_("{n, plural, one {# report refused: see why} other {# reports refused: see why}}"),
    N_(
        "{n, plural, one {# report is not sent yet: logging out deletes it from this phone. Log out anyway?} other {# reports are not sent yet: logging out deletes them from this phone. Log out anyway?}}"  # noqa: E501
    ),
    N_("Close"),
    N_("Share…"),
    N_("Send by SMS"),
    N_("Copy the text"),
    N_("Copied"),
    N_("QR code: the phone number"),
    N_("QR code: the page of this service"),
    N_("Share with the person met"),
    N_("Scan to call"),
    N_("Scan to open this service's page"),
    N_("Show the screen"),
    N_("One less: {what}"),
    N_("One more: {what}"),
    N_("Zone"),
    N_("Visited"),
    N_("People met"),
    N_("Rapid tests done"),
    N_("Material handed out"),
    N_("Referrals, by kind of service"),
    N_("Choose a round, or add the zones visited."),
    N_("Choose a zone"),
    N_("Report recorded"),
    N_("Kept on this phone: it will be sent when the network returns."),
    N_("{n, plural, one {# zone visited} other {# zones visited}}"),
    N_("{n, plural, one {# person met} other {# people met}}"),
    N_("{n, plural, one {# piece of material handed out} other {# pieces of material handed out}}"),
    N_("{n, plural, one {# referral} other {# referrals}}"),
    N_("{n, plural, one {# rapid test} other {# rapid tests}}"),
    N_("Low: order more"),
    N_("No stock recorded yet."),
    N_("The stock will show when the network returns."),
    N_("None yet."),
    N_("Waiting to be sent"),
    N_("Sent"),
    N_("Refused"),
    N_("Correct it"),
    N_("Tick at least one zone visited."),
    N_("The date of the round cannot be in the future."),
    N_("The report was refused:"),
    N_("Choose a round"),
    N_("No round planned for today or tonight: add the zones visited"),
    N_("No network: tonight's zones only."),
    N_("Share"),
    N_(
        "No network: answered from the copy of the directory kept on this phone. Distances are as the crow flies; walking times need the network."  # noqa: E501
    ),
)
"""What the field app's scripts say besides the maps' words (team.js, field.js, handoff.js,
report.js, field_alerts.js): handed to the team pages only."""

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

REVIEWER_ROLES = {
    "physician": N_("physician"),
    "midwife": N_("midwife"),
    "nurse": N_("nurse"),
    "pharmacist": N_("pharmacist"),
    "psychologist": N_("psychologist"),
    "other-health-professional": N_("health professional"),
}
"""Who reviewed a page of the library, by role only."""

EXPOSURE_MESSAGES = (
    N_("For the emergency doctor"),
    N_("When it happened"),
    N_("Less than 4 hours ago"),
    N_("4 to 48 hours ago"),
    N_("2 to 3 days ago"),
    N_("3 to 5 days ago"),
    N_("More than 5 days ago"),
    N_("What happened"),
    N_("A condom broke or slipped"),
    N_("Sexual assault"),
    N_("Physical violence"),
    N_("Contact with blood or a used needle"),
    N_("What to ask for"),
    N_(
        "Treatment after exposure to HIV (post-exposure treatment): now. It works best within "
        "4 hours, and no later than 48 hours."
    ),
    N_("Too late for post-exposure treatment (more than 48 hours): ask for tests and advice."),
    N_(
        "Emergency contraception: a pill in any pharmacy, free and without prescription, or a "
        "copper IUD (up to 5 days)."
    ),
    N_("A medical certificate describing the injuries: it helps a complaint, now or later."),
    N_("Tests for HIV, hepatitis and sexually transmitted infections, now and in the weeks after."),
    N_("Your rights"),
    N_(
        "Any police station or gendarmerie must take your complaint. You can come with someone "
        "and ask for an interpreter. You can also file it later."
    ),
    N_("The person wants to file a complaint."),
    N_("The person does not want to file a complaint now."),
    N_("Where to go now"),
    N_("Emergency department or post-exposure service"),
    N_("Call 15 for an emergency."),
)
"""The exposure sheet's words, in the person's language and in French (made in the page)."""

REPORT_KINDS = {
    "closed": N_("It has closed"),
    "moved": N_("It has moved"),
    "hours": N_("The opening hours are wrong"),
    "phone": N_("The phone number is wrong"),
    "not-welcoming": N_("Some people are not welcome there"),
    "other": N_("Something else"),
}
"""What a person may report about a service, in the order the form offers it."""

SUGGESTION_KINDS = {**REPORT_KINDS, "new-service": N_("A service to add")}
"""Every kind of suggestion, as its reference page names it."""

SUGGEST_MESSAGES = (
    N_("{n, plural, one {# character left} other {# characters left}}"),
    N_("{n, plural, one {# character too many} other {# characters too many}}"),
    N_("Choose what is wrong."),
    N_("Write a few words about it."),
    N_("Your message is too long: please shorten it."),
    N_("Sending…"),
    N_("Your message could not be sent as it is."),
    N_(
        "The message could not be accepted: it may hold an invisible character. Please check "
        "it and send again."
    ),
    N_("The e-mail or phone could not be accepted: correct it, or leave it empty."),
    N_("Choose what is wrong, then send again."),
    N_("This service can no longer receive messages. You can suggest it as a new service instead."),
    N_(
        "{n, plural, one {Too many messages were sent from here. Please try again in # minute.} "
        "other {Too many messages were sent from here. Please try again in # minutes.}}"
    ),
    N_("Your message was not sent, and it is kept here. Try again in a moment."),
    N_("No network: your message was not sent, and it is kept here. Try again once connected."),
)
"""What the suggestion form's script says (its other words are in the page)."""
