"""Turn full HSDS services into Maraude service drafts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from datasets.data_inclusion import CATEGORY_OF_THEME
from datasets.finess import timezone_of
from datasets.hsds_vocabulary import DAYS, OSM_DAYS, SOURCE
from geo.directory.categories import BY_SLUG
from geo.directory.drafts import ServiceDraft
from geo.directory.hours import check_expression


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    return float(value)


def hours_of(schedules: Iterable[Mapping[str, Any]]) -> str | None:
    """The opening_hours expression of a service's schedules: a description written in that
    syntax, else one built from the weekly rows."""
    rows = list(schedules)
    for row in rows:
        text = _text(row.get("description"))
        if text:
            try:
                check_expression(text)
            except ValueError:
                continue
            return text
    by_day: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        opens, closes = _text(row.get("opens_at")), _text(row.get("closes_at"))
        if (_text(row.get("freq")) or "WEEKLY").upper() != "WEEKLY" or not opens or not closes:
            continue
        for name in (_text(row.get("byday")) or ",".join(DAYS)).upper().split(","):
            if name.strip() in DAYS:
                by_day[DAYS.index(name.strip())].append(f"{opens[:5]}-{closes[:5]}")
    if not by_day:
        return None
    groups: dict[str, list[int]] = defaultdict(list)
    for weekday, spans in sorted(by_day.items()):
        groups[",".join(sorted(spans))].append(weekday)
    return "; ".join(
        f"{','.join(OSM_DAYS[d] for d in days)} {spans}" for spans, days in groups.items()
    )


def codes_of(service: Mapping[str, Any]) -> list[str]:
    """Return the taxonomy codes of a full service's attributes."""
    codes = []
    for attribute in service.get("attributes") or ():
        term = (attribute or {}).get("taxonomy_term") or {}
        code = _text(term.get("code"))
        if code:
            codes.append(code)
    return codes


def categories_of(codes: Iterable[str]) -> tuple[str, ...]:
    """Maraude categories named by taxonomy codes: its own, else data·inclusion themes."""
    codes = list(codes)
    own = [c.split(":", 1)[1] for c in codes if c.startswith("category:")]
    own = [c for c in own if c in BY_SLUG]
    if own:
        return tuple(dict.fromkeys(own))
    return tuple(dict.fromkeys(CATEGORY_OF_THEME[c] for c in codes if c in CATEGORY_OF_THEME))


def draft_of(service: Mapping[str, Any], categories: tuple[str, ...]) -> ServiceDraft:
    """Return the draft of a full HSDS service."""
    codes = codes_of(service)
    location: Mapping[str, Any] = {}
    for sal in service.get("service_at_locations") or ():
        if (sal or {}).get("location"):
            location = sal["location"]
            break
    address = next(iter(location.get("addresses") or ()), None) or {}
    postcode = _text(address.get("postal_code"))
    accessibility = next(iter(location.get("accessibility") or ()), None) or {}
    phone = next(iter(service.get("phones") or ()), None) or {}
    wheelchair = [c.split(":", 1)[1] for c in codes if c.startswith("wheelchair:")]
    assured = _text(service.get("assured_date"))
    return ServiceDraft.model_validate(
        {
            "name": service.get("name"),
            "categories": categories,
            "lon": _number(location.get("longitude")),
            "lat": _number(location.get("latitude")),
            "address": _text(address.get("address_1")),
            "postcode": postcode,
            "city": _text(address.get("city")),
            "phone": _text(phone.get("number")),
            "website": _text(service.get("url")),
            "email": _text(service.get("email")),
            "description": _text(service.get("description")),
            "opening_hours": hours_of(service.get("schedules") or ()),
            "timezone": timezone_of(postcode),
            "holiday_country": "MC" if (postcode or "").startswith("980") else "FR",
            "languages": [
                code
                for x in service.get("languages") or ()
                if (code := (_text(x.get("code")) or "").lower())
            ],
            "interpreting": bool(_text(service.get("interpretation_services"))),
            "publics": [c.split(":", 1)[1] for c in codes if c.startswith("public:")],
            "conditions": [c.split(":", 1)[1] for c in codes if c.startswith("condition:")],
            "wheelchair": wheelchair[0] if wheelchair else None,
            "accessibility": _text(accessibility.get("details")),
            "last_verified": date.fromisoformat(assured[:10]) if assured else None,
            "source": SOURCE,
            "source_id": str(service.get("id") or "").strip(),
        }
    )


def checked_draft(service: Mapping[str, Any], categories: tuple[str, ...]) -> ServiceDraft:
    """`draft_of`, a record of the wrong shape rejected with a reason rather than failing."""
    try:
        return draft_of(service, categories)
    except (AttributeError, TypeError, KeyError, IndexError) as e:
        raise ValueError(
            f"not an HSDS service of the expected shape ({type(e).__name__})"
        ) from None
