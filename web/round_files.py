"""A planned week's rounds as files: GeoJSON for the team map, a GPX route per round, an
iCalendar of the week. Their few words are French: the teams read them as they are."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from geo.planning.rounds import PlanView, Point, RoundView, StopView

UNNAMED_ZONE = "Zone"
UNLABELLED_TEAM = "équipe"


def _stop_json(stop: StopView) -> dict[str, Any]:
    # The keys in the order jsonb keeps them (shortest first): the order clients have always
    # received, since the stops used to be served straight from the stored plan.
    return {
        "end": stop.end.isoformat(),
        "zone": stop.zone_id,
        "start": stop.start.isoformat(),
        "arrive": stop.arrive.isoformat(),
        "name": stop.zone_id if stop.zone_name is None else stop.zone_name,
    }


def _feature(r: RoundView) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": r.index,
        "geometry": {"type": "LineString", "coordinates": [list(p) for p in r.drawn]},
        "properties": {
            "round": r.index,
            "team": r.team_id,
            "team_label": r.team_id if r.team_label is None else r.team_label,
            "shift_start": r.shift_start.isoformat(),
            "shift_end": r.shift_end.isoformat(),
            "depart": r.depart.isoformat(),
            "return": r.back.isoformat(),
            "stops": [_stop_json(s) for s in r.stops],
        },
    }


def rounds_geojson(plan: PlanView) -> dict[str, Any]:
    """Return the plan's rounds as GeoJSON LineStrings, along the streets when known."""
    return {"type": "FeatureCollection", "features": [_feature(r) for r in plan.rounds]}


def _zone(stop: StopView) -> str:
    return UNNAMED_ZONE if stop.zone_name is None else stop.zone_name


def _utc(when: datetime) -> str:
    return f"{when.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"


def _track(title: str, path: tuple[Point, ...] | None) -> str:
    if not path:
        return ""
    points = "\n".join(f'      <trkpt lat="{lat:.7f}" lon="{lon:.7f}"/>' for lon, lat in path)
    return (
        f"  <trk>\n    <name>{escape(title)}</name>\n    <trkseg>\n{points}\n"
        "    </trkseg>\n  </trk>\n"
    )


def gpx(r: RoundView) -> str:
    """Return a round as a GPX 1.1 route, with its street path as a track when known."""
    label = "" if r.team_label is None else r.team_label
    title = f"Maraude {label} {r.depart:%Y-%m-%d}"
    names = ["Départ", *(_zone(s) for s in r.stops), "Retour"]
    times = [r.depart, *(s.start for s in r.stops), r.back]
    points = "\n".join(
        f'    <rtept lat="{lat:.7f}" lon="{lon:.7f}"><time>{_utc(t)}</time>'
        f"<name>{escape(name)}</name></rtept>"
        for (lon, lat), name, t in zip(r.line, names, times, strict=True)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="Maraude" xmlns="http://www.topografix.com/GPX/1/1">\n'
        f"  <rte>\n    <name>{escape(title)}</name>\n{points}\n  </rte>\n{_track(title, r.path)}"
        "</gpx>\n"
    )


def ics_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545, 3.3.11): a line break of any kind is written `\\n`,
    other control characters are dropped (a raw one would end the property early)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(ch for ch in value if ch == "\n" or ch == "\t" or ord(ch) >= 32)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ics_instant(when: datetime) -> str:
    return f"{when.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545)."""
    out, raw = [], line.encode()
    while len(raw) > 75:
        cut = 75
        while cut > 0 and (raw[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        out.append(raw[:cut].decode())
        raw = b" " + raw[cut:]
    out.append(raw.decode())
    return "\r\n".join(out)


def _event(plan: PlanView, r: RoundView, stamp: str) -> list[str]:
    stops = "\n".join(f"{s.start:%H:%M} {_zone(s)}" for s in r.stops)
    label = UNLABELLED_TEAM if r.team_label is None else r.team_label
    return [
        "BEGIN:VEVENT",
        f"UID:{plan.id}-{r.index}@maraude",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{_ics_instant(r.depart)}",
        f"DTEND:{_ics_instant(r.back)}",
        f"SUMMARY:{ics_text('Maraude – ' + label)}",
        f"DESCRIPTION:{ics_text(stops)}",
        "END:VEVENT",
    ]


def ics(plan: PlanView, *, now: datetime) -> str:
    """Return the week's rounds as an iCalendar (one event per round, times in UTC)."""
    stamp = _ics_instant(now)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Maraude//Rounds//FR",
        "CALSCALE:GREGORIAN",
    ]
    for r in plan.rounds:
        lines += _event(plan, r, stamp)
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
