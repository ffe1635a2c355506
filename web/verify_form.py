"""The correction form of a campaign link: a service's record as form values, and back to a
merge patch of only what the structure changed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale

from geo.values import ServiceRecord
from web.i18n import Catalog
from web.pages import SPOKEN

TEXTS = ("opening_hours", "phone", "email", "website", "accessibility", "wheelchair")
LISTS = ("languages", "conditions", "publics")
CLOSURE_ROWS = 3
"""Closure rows the form offers beyond the current ones."""
HOURS_EXAMPLE = "Mo-Fr 09:00-12:30,14:00-17:00; Sa 10:00-12:00; PH off"


@dataclass
class FormValues:
    """What the correction form shows: the record's values, or what was typed."""

    texts: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    other_languages: str = ""
    interpreting: bool = False
    closures: list[tuple[str, str, str]] = field(default_factory=list)
    message_fr: str = ""
    message_lang: str = ""
    message_other: str = ""
    message_end: str = ""
    saturated_until: str = ""
    note: str = ""


def _local(value: str | datetime | None, zone: ZoneInfo) -> datetime | None:
    if value is None or value == "":
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(zone)


def from_record(rec: ServiceRecord) -> FormValues:
    """Return the form values of a record as it stands."""
    zone = ZoneInfo(rec.timezone)
    texts = {name: getattr(rec, name) or "" for name in TEXTS}
    languages = list(rec.languages)
    message = rec.temporary_message or {}
    words: dict[str, str] = dict(message.get("text") or {})
    other = next((k for k in words if k != "fr"), "")
    end = _local(message.get("end"), zone)
    full = _local(rec.saturated_until, zone)
    return FormValues(
        texts=texts,
        lists={
            "languages": [x for x in languages if x in SPOKEN],
            "conditions": list(rec.conditions),
            "publics": list(rec.publics),
        },
        other_languages=" ".join(x for x in languages if x not in SPOKEN),
        interpreting=rec.interpreting,
        closures=[(c.start.isoformat(), c.end.isoformat(), c.reason or "") for c in rec.closures],
        message_fr=words.get("fr", ""),
        message_lang=other,
        message_other=words.get(other, ""),
        message_end=end.date().isoformat() if end else "",
        saturated_until=full.strftime("%Y-%m-%dT%H:%M") if full else "",
    )


def from_form(form: Mapping[str, Sequence[str]]) -> FormValues:
    """Return the values a posted form carries (every value kept as typed)."""

    def one(name: str) -> str:
        values = form.get(name) or [""]
        return values[0].strip()

    def many(name: str) -> list[str]:
        return [v.strip() for v in form.get(name) or []]

    starts, ends, reasons = many("closure_start"), many("closure_end"), many("closure_reason")
    rows = [
        (s, e, r)
        for s, e, r in zip(starts, ends, reasons + [""] * len(starts), strict=False)
        if s or e or r
    ]
    return FormValues(
        texts={name: one(name) for name in TEXTS},
        lists={name: sorted(dict.fromkeys(many(name))) for name in LISTS},
        other_languages=one("other_languages"),
        interpreting=bool(one("interpreting")),
        closures=rows,
        message_fr=one("message_fr"),
        message_lang=one("message_lang").lower(),
        message_other=one("message_other"),
        message_end=one("message_end"),
        saturated_until=one("saturated_until"),
        note=one("note"),
    )


def _languages(v: FormValues) -> list[str]:
    typed = v.other_languages.replace(",", " ").lower().split()
    return sorted(dict.fromkeys([*v.lists.get("languages", []), *typed]))


def _message(v: FormValues, zone: ZoneInfo) -> dict[str, Any] | None:
    if not (v.message_fr or v.message_other):
        return None
    text = {"fr": v.message_fr} if v.message_fr else {}
    if v.message_other:
        text[v.message_lang or "en"] = v.message_other
    end: str | None = None
    if v.message_end:
        try:
            day = date.fromisoformat(v.message_end)
        except ValueError:
            end = v.message_end  # refused by validation, in words
        else:
            end = datetime.combine(day, time(23, 59), zone).isoformat()
    return {"text": text, "end": end}


def _said(v: FormValues) -> tuple[str, str, str, str]:
    other = v.message_lang if v.message_other else ""
    return (v.message_fr, other, v.message_other, v.message_end)


def _saturated(v: FormValues, zone: ZoneInfo) -> str | None:
    if not v.saturated_until:
        return None
    try:
        return datetime.fromisoformat(v.saturated_until).replace(tzinfo=zone).isoformat()
    except ValueError:
        return v.saturated_until


def patch_of(before: FormValues, after: FormValues, *, timezone: str) -> dict[str, Any]:
    """Return a merge patch of the fields changed between two form states."""
    zone = ZoneInfo(timezone)
    patch: dict[str, Any] = {}
    for name in TEXTS:
        if before.texts.get(name, "") != after.texts.get(name, ""):
            patch[name] = after.texts.get(name) or None
    for name in ("conditions", "publics"):
        if sorted(before.lists.get(name, [])) != sorted(after.lists.get(name, [])):
            patch[name] = after.lists.get(name, [])
    if _languages(before) != _languages(after):
        patch["languages"] = _languages(after)
    if before.interpreting != after.interpreting:
        patch["interpreting"] = after.interpreting
    if before.closures != after.closures:
        patch["closures"] = [
            {"start": s, "end": e, "reason": r or None} for s, e, r in after.closures
        ]
    if _said(before) != _said(after):
        patch["temporary_message"] = _message(after, zone)
    if before.saturated_until != after.saturated_until:
        patch["saturated_until"] = _saturated(after, zone)
    return patch


def language_choices(c: Catalog) -> list[tuple[str, str]]:
    """Return (code, name in the page language) of the languages offered as checkboxes."""
    names = Locale.parse(c.lang).languages
    return [(code, names.get(code, code)) for code in SPOKEN]


FIELD_LABELS = {
    "opening_hours": "Opening hours",
    "closures": "Closures",
    "temporary_message": "Message of the moment",
    "saturated_until": "Full until",
    "phone": "Phone",
    "email": "E-mail",
    "website": "Website",
    "languages": "Languages spoken",
    "interpreting": "Interpreting",
    "conditions": "Conditions",
    "publics": "People welcomed",
    "accessibility": "Accessibility",
    "wheelchair": "Wheelchair access",
}
"""Each correctable field's label (English msgids)."""

ERROR_WORDS = (
    "Your correction",
    "These hours are not in OpenStreetMap syntax. Example:",
    "This value is not accepted: check it.",
)
"""What a refused value's message says (English msgids)."""


def error_words(c: Catalog, field_path: str, detail: str) -> tuple[str, str]:
    """Return (the field's label, what to do) for a refused value, in the page language."""
    name = field_path.split(".", 1)[0]
    label = c.gettext(FIELD_LABELS.get(name, "Your correction"))
    if name == "opening_hours":
        hint = c.gettext("These hours are not in OpenStreetMap syntax. Example:")
        return label, f"{hint} {HOURS_EXAMPLE} ({detail})"
    return label, c.gettext("This value is not accepted: check it.") + f" ({detail})"
