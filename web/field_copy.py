"""What the field app keeps on the phone, as JSON: the directory copy (public services of the
team's area and the phone lines, when each is open, their hours in words in every page
language, and the few words the hand-off to a person met needs in every language), and
tonight's rounds with their zones (confidential: kept on the phone for 24 hours at most).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from babel.units import format_unit

from geo.alerts.situations import TEXTS
from geo.directory.categories import CATEGORIES
from geo.directory.offline import CopiedService, DirectoryCopy
from geo.directory.opening import ALWAYS_OPEN_BY_NATURE
from geo.planning.rounds import RoundView
from geo.vocab import FieldSituation, Severity
from web.hours_words import babel_locale, hours_in_words
from web.i18n import LANGUAGES, Catalog, catalog
from web.messages import HANDOFF_MESSAGES, MATERIAL_LABELS, SEVERITY_LABELS

FORMAT = 1
TONIGHT_HOURS = 24
"""Tonight's zones and rounds stay on the phone this long at most."""


def _service(
    copied: CopiedService, hours: dict[str, int], table: list[dict[str, Any]]
) -> dict[str, Any]:
    v = copied.view
    r = v.record
    hidden = v.location_hidden
    located = not hidden and r.lon is not None and r.lat is not None
    entry: dict[str, Any] = {
        "id": str(r.id),
        "name": r.name,
        "categories": list(r.categories),
        "phone": r.phone,
        "timezone": r.timezone,
        "open": None if copied.open is None else [list(s) for s in copied.open],
        "location_hidden": hidden,
        "last_verified": r.last_verified.isoformat(),
        "verified_by": r.verified_by,
        "stale": v.stale,
    }
    if located:
        entry.update(
            lon=round(r.lon or 0.0, 6),
            lat=round(r.lat or 0.0, 6),
            address=r.address,
            postcode=r.postcode,
            city=r.city,
        )
    # What most services leave empty is left out (a copy of thousands stays small).
    optional = {
        "unknown": [list(s) for s in copied.unknown],
        "languages": list(r.languages),
        "interpreting": r.interpreting,
        "publics": list(r.publics),
        "conditions": list(r.conditions),
        "wheelchair": r.wheelchair,
        "closures": [{"start": c.start.isoformat(), "end": c.end.isoformat()} for c in r.closures],
        # Said while the copy is in use: the phone shows it between its start and its end.
        "temporary_message": _still_said(r.temporary_message, v.state_at),
        "saturated_until": r.saturated_until.isoformat()
        if r.saturated_until and r.saturated_until > v.state_at
        else None,
    }
    entry.update({k: value for k, value in optional.items() if value})
    if r.opening_hours:
        if r.opening_hours not in hours:
            hours[r.opening_hours] = len(table)
            table.append(_words(r.opening_hours))
        entry["hours"] = hours[r.opening_hours]
    return entry


def _still_said(message: dict[str, Any] | None, at: datetime) -> dict[str, Any] | None:
    if not message or datetime.fromisoformat(message["end"]) <= at:
        return None
    return message


def _words(expression: str) -> dict[str, Any]:
    said: dict[str, Any] = {}
    for lang in LANGUAGES:
        words = hours_in_words(catalog(lang), expression)
        if words.raw is not None:
            return {"raw": words.raw}
        said[lang] = list(words.lines)
    return said


def handoff_words() -> dict[str, dict[str, str]]:
    """Return, in every page language, the words of a hand-off and the categories' names."""
    out: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        c = catalog(lang)
        words = {m: c.gettext(m) for m in HANDOFF_MESSAGES}
        words.update({f"category:{cat.slug}": c.gettext(cat.label_en) for cat in CATEGORIES})
        out[lang] = words
    return out


def directory_document(copy: DirectoryCopy) -> dict[str, Any]:
    """Return the directory copy as the phone stores it."""
    hours: dict[str, int] = {}
    table: list[dict[str, Any]] = []
    a, z = copy.area, copy.zones_area
    return {
        "format": FORMAT,
        "made_at": copy.made_at.isoformat(),
        "valid_until": copy.valid_until.isoformat(),
        "area": [a.west, a.south, a.east, a.north],
        "zones_area": None if z is None else [z.west, z.south, z.east, z.north],
        "services": [_service(s, hours, table) for s in copy.places],
        "lines": [_service(s, hours, table) for s in copy.lines],
        "hours": table,
        "words": handoff_words(),
        "always_open": sorted(ALWAYS_OPEN_BY_NATURE),
    }


def _round(plan_id: str, r: RoundView) -> dict[str, Any]:
    return {
        "plan": plan_id,
        "index": r.index,
        "team": r.team_label or r.team_id,
        "shift_start": r.shift_start.isoformat(),
        "shift_end": r.shift_end.isoformat(),
        "depart": r.depart.isoformat(),
        "back": r.back.isoformat(),
        "stops": [
            {"zone": s.zone_id, "name": s.zone_name, "start": s.start.isoformat()} for s in r.stops
        ],
        "sheet": f"/app/rounds/{plan_id}/{r.index}",
    }


def tonight_document(
    *,
    user: str,
    at: datetime,
    rounds: list[tuple[str, RoundView]],
    zones: list[dict[str, Any]],
) -> dict[str, Any]:
    """Return tonight's rounds and their zones, with the instant after which the phone must
    have forgotten them."""
    return {
        "format": FORMAT,
        "user": user,
        "made_at": at.isoformat(),
        "expires": (at + timedelta(hours=TONIGHT_HOURS)).isoformat(),
        "rounds": [_round(plan, r) for plan, r in rounds],
        "zones": zones,
    }


def material_labels(c: Catalog) -> list[tuple[str, str]]:
    """Return (item, label) of the prevention material, in the page language."""
    return [(item, c.gettext(label)) for item, label in MATERIAL_LABELS.items()]


RADII = (200, 500, 1000, 2000)
DURATIONS = (2, 6, 12, 24, 48, 72)
SEVERITIES = (Severity.EXTREME, Severity.SEVERE, Severity.MODERATE, Severity.MINOR)


def field_alert_choices(c: Catalog) -> dict[str, list[tuple[Any, str]]]:
    """Return the closed choices of a safety alert raised from the field, labelled in the page
    language: situations, radii, severities, durations."""
    locale = babel_locale(c)
    return {
        "situations": [(s.value, TEXTS[s].get(c.lang, TEXTS[s]["fr"])[0]) for s in FieldSituation],
        "radii": [(m, format_unit(m, "length-meter", "short", locale=locale)) for m in RADII],
        "severities": [(s.value, c.gettext(SEVERITY_LABELS[s])) for s in SEVERITIES],
        "durations": [
            (h, format_unit(h, "duration-hour", "long", locale=locale)) for h in DURATIONS
        ],
    }
