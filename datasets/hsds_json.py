"""HSDS's JSON form: full services as the HSDS API returns them, and a page of them.

Each public service is one organization, one service and, when it has a position, one
location. Opening hours are a schedule whose description is the opening_hours expression,
with one weekly row (byday, opens_at, closes_at, local time) per opening of a week without
holidays.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale

from datasets.data_inclusion import PUBLIC_WORDS, uri_or_none
from datasets.hsds_vocabulary import DAYS, SOURCE, WHEELCHAIR_WORDS, stable_id, term_attribute
from geo.directory.categories import BY_SLUG
from geo.directory.hours import HoursRule, open_intervals
from geo.values import ServiceRecord
from geo.vocab import Condition

REFERENCE_WEEK = date(2024, 6, 3)
"""A Monday starting a week without public holiday in France or Monaco."""


def service_id(service: ServiceRecord) -> str:
    """The id a service has in HSDS: its own when it came from there."""
    if service.source == SOURCE:
        return service.source_id
    return stable_id("service", service.source, service.source_id)


@cache
def _weekly(expression: str, timezone: str, country: str) -> tuple[tuple[str, str, str], ...]:
    """Return (byday, opens_at, closes_at) rows of the reference week, days sharing hours
    grouped; an opening past midnight closes on the next day, one longer than a day is cut
    at local midnights."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(REFERENCE_WEEK, time(0), zone)
    end = start + timedelta(days=7)
    try:
        spans = open_intervals(HoursRule(expression, timezone, country), start, end)
    except ValueError:
        return ()
    by_hours: dict[tuple[str, str], list[int]] = defaultdict(list)
    day = timedelta(days=1)
    for lo, hi in spans:
        while hi - lo > day or (hi - lo == day and lo.time() != time(0)):
            by_hours[(f"{lo:%H:%M}", "24:00")].append(lo.weekday())
            lo = datetime.combine(lo.date() + day, time(0), zone)
        closes = "24:00" if hi.time() == time(0) else f"{hi:%H:%M}"
        by_hours[(f"{lo:%H:%M}", closes)].append(lo.weekday())
    return tuple(
        (",".join(DAYS[d] for d in sorted(set(days))), opens, closes)
        for (opens, closes), days in sorted(by_hours.items(), key=lambda kv: min(kv[1]))
    )


def _schedules(service: ServiceRecord, sid: str) -> list[dict[str, Any]]:
    if not service.opening_hours:
        return []
    rows = _weekly(service.opening_hours, service.timezone, service.holiday_country) or (
        (None, None, None),
    )
    return [
        {
            "id": stable_id("schedule", sid, i),
            "service_id": sid,
            "freq": "WEEKLY" if byday else None,
            # Weeks start on Monday, the default: HSDS 3.1's field list says MON and its JSON
            # Schema MO, so the field is left out rather than wrong for one of them.
            "wkst": None,
            "byday": byday,
            "opens_at": opens,
            "closes_at": closes,
            "description": service.opening_hours,
            "notes": "description: opening_hours syntax (OpenStreetMap); times are local",
        }
        for i, (byday, opens, closes) in enumerate(rows)
    ]


def _state(postcode: str) -> tuple[str, str]:
    """(département or state, country) of a postcode."""
    if postcode.startswith("980"):
        return "Monaco", "MC"
    if postcode.startswith("97"):
        return postcode[:3], "FR"
    if postcode.startswith("20"):
        return ("2A" if postcode < "20200" else "2B"), "FR"
    return postcode[:2], "FR"


def _location(service: ServiceRecord, sid: str) -> dict[str, Any] | None:
    if service.lon is None or service.lat is None:
        return None
    lid = stable_id("location", sid)
    addresses = []
    if service.address and service.city and service.postcode:
        state, country = _state(service.postcode)
        addresses.append(
            {
                "id": stable_id("address", sid),
                "location_id": lid,
                "attention": None,
                "address_1": service.address,
                "address_2": None,
                "city": service.city,
                "region": None,
                "state_province": state,
                "postal_code": service.postcode,
                "country": country,
                "address_type": "physical",
            }
        )
    accessibility = []
    if service.wheelchair or service.accessibility:
        words = WHEELCHAIR_WORDS.get(service.wheelchair or "", "")
        accessibility.append(
            {
                "id": stable_id("accessibility", sid),
                "location_id": lid,
                "description": words or service.accessibility,
                "details": service.accessibility,
                "url": None,
            }
        )
    return {
        "id": lid,
        "location_type": "physical",
        "url": None,
        "organization_id": stable_id("org", sid),
        "name": service.name,
        "alternate_name": None,
        "description": None,
        "transportation": None,
        "latitude": service.lat,
        "longitude": service.lon,
        "external_identifier": None,
        "external_identifier_type": None,
        "addresses": addresses,
        "accessibility": accessibility,
    }


@cache
def _language_name(code: str) -> str:
    return str(Locale("en").languages.get(code, code))


def service_full(service: ServiceRecord) -> dict[str, Any]:
    """One service as the HSDS API returns it in full."""
    sid = service_id(service)
    oid = stable_id("org", sid)
    summary = (service.description or "").strip() or ", ".join(
        BY_SLUG[c].label_fr for c in service.categories
    )
    codes = [
        *(f"category:{c}" for c in service.categories),
        *(f"public:{p}" for p in service.publics),
        *(f"condition:{c}" for c in service.conditions),
        *([f"wheelchair:{service.wheelchair}"] if service.wheelchair else []),
    ]
    location = _location(service, sid)
    website = uri_or_none(service.website)
    return {
        "id": sid,
        "organization_id": oid,
        "program_id": None,
        "name": service.name,
        "alternate_name": None,
        "description": service.description,
        "url": website,
        "email": service.email,
        "status": "active",
        "interpretation_services": "Interprétariat disponible" if service.interpreting else None,
        "application_process": None,
        "fees_description": "Gratuit" if Condition.FREE.value in service.conditions else None,
        "accreditations": None,
        "eligibility_description": ", ".join(PUBLIC_WORDS[p] for p in service.publics) or None,
        "minimum_age": None,
        "maximum_age": None,
        "assured_date": service.last_verified.isoformat() if service.last_verified else None,
        "assurer_email": None,
        "alert": None,
        "organization": {
            "id": oid,
            "name": service.name,
            "alternate_name": None,
            "description": summary,
            "email": service.email,
            "website": website,
            "year_incorporated": None,
            "legal_status": None,
            "logo": None,
            "uri": None,
            "parent_organization_id": None,
        },
        "phones": [
            {
                "id": stable_id("phone", sid),
                "service_id": sid,
                "number": service.phone,
                "type": "voice",
                "extension": None,
                "description": None,
            }
        ]
        if service.phone
        else [],
        "schedules": _schedules(service, sid),
        "languages": [
            {
                "id": stable_id("language", sid, code),
                "service_id": sid,
                "name": _language_name(code),
                "code": code,
                "note": None,
            }
            for code in service.languages
        ],
        "attributes": [
            {
                "id": stable_id("attribute", sid, code),
                "link_id": sid,
                "taxonomy_term_id": term_attribute(code)[0],
                "link_type": code.split(":")[0],
                "link_entity": "service",
                "value": None,
                "taxonomy_term": term_attribute(code)[1],
            }
            for code in codes
        ],
        "service_at_locations": [
            {
                "id": stable_id("service_at_location", sid),
                "service_id": sid,
                "location_id": location["id"],
                "description": None,
                "location": location,
            }
        ]
        if location
        else [],
    }


def published(record: Any) -> Any:
    """A record as HSDS's JSON gives it: what is unknown is left out (its schemas allow no
    null), lists kept even when empty."""
    if isinstance(record, Mapping):
        return {k: published(v) for k, v in record.items() if v is not None}
    if isinstance(record, list):
        return [published(v) for v in record]
    return record


def write_json(path: Path, full: Sequence[Mapping[str, Any]]) -> None:
    """Write full services as one HSDS API page."""
    import orjson

    page = {
        "total_items": len(full),
        "total_pages": 1,
        "page_number": 1,
        "size": len(full),
        "first_page": True,
        "last_page": True,
        "empty": not full,
        "contents": [published(s) for s in full],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps(page))
