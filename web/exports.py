"""Round exports: GeoJSON, GPX, an ICS calendar, and a printable round sheet with its map."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape

import folium

LEAFLET = "vendor/leaflet-1.9.4"


@dataclass(frozen=True, slots=True)
class NearbyService:
    """A referral service open near a stop when the team is there."""

    name: str
    categories: str
    phone: str | None
    address: str | None
    distance_m: float
    closes_at: str | None


def _points(scenario: dict[str, Any]) -> dict[str, tuple[float, float]]:
    out = {z["id"]: (z["lon"], z["lat"]) for z in scenario["zones"]}
    for t in scenario["teams"]:
        out[f"start:{t['id']}"] = (t["start"]["lon"], t["start"]["lat"])
        out[f"end:{t['id']}"] = (t["end"]["lon"], t["end"]["lat"])
    return out


def round_line(scenario: dict[str, Any], r: dict[str, Any]) -> list[tuple[float, float]]:
    """Return the round's path: the team's start, each stop, the team's end."""
    points = _points(scenario)
    return [
        points[f"start:{r['team']}"],
        *(points[s["zone"]] for s in r["stops"]),
        points[f"end:{r['team']}"],
    ]


def rounds_geojson(
    scenario: dict[str, Any],
    plan: dict[str, Any],
    names: dict[str, str],
    labels: dict[str, str],
    paths: list[Any] | None = None,
) -> dict[str, Any]:
    """Return the plan's rounds as GeoJSON LineStrings: along the streets when `paths` has
    them, else straight through the stops."""
    features = []
    for i, r in enumerate(plan["rounds"]):
        features.append(
            {
                "type": "Feature",
                "id": i,
                "geometry": {
                    "type": "LineString",
                    "coordinates": paths[i]
                    if paths
                    else [list(p) for p in round_line(scenario, r)],
                },
                "properties": {
                    "round": i,
                    "team": r["team"],
                    "team_label": labels.get(r["team"], r["team"]),
                    "shift_start": r["shift_start"],
                    "shift_end": r["shift_end"],
                    "depart": r["depart"],
                    "return": r["return"],
                    "stops": [{**s, "name": names.get(s["zone"], s["zone"])} for s in r["stops"]],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def gpx(
    scenario: dict[str, Any],
    r: dict[str, Any],
    names: dict[str, str],
    title: str,
    path: list[Any] | None = None,
) -> str:
    """Return a GPX 1.1 route (depot, stops with their planned start, depot) and, when the
    path along the streets is known, a track following it."""
    line = round_line(scenario, r)
    labels = ["Départ", *(names.get(s["zone"], "Zone") for s in r["stops"]), "Retour"]
    times = [r["depart"], *(s["start"] for s in r["stops"]), r["return"]]
    points = "\n".join(
        f'    <rtept lat="{lat:.7f}" lon="{lon:.7f}"><time>{_utc(t)}</time>'
        f"<name>{escape(label)}</name></rtept>"
        for (lon, lat), label, t in zip(line, labels, times, strict=True)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="Maraude" xmlns="http://www.topografix.com/GPX/1/1">\n'
        f"  <rte>\n    <name>{escape(title)}</name>\n{points}\n  </rte>\n{_track(title, path)}"
        "</gpx>\n"
    )


def _track(title: str, path: list[Any] | None) -> str:
    if not path:
        return ""
    points = "\n".join(f'      <trkpt lat="{lat:.7f}" lon="{lon:.7f}"/>' for lon, lat in path)
    return (
        f"  <trk>\n    <name>{escape(title)}</name>\n    <trkseg>\n{points}\n"
        "    </trkseg>\n  </trk>\n"
    )


def _utc(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


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


def ics(plan_id: str, plan: dict[str, Any], names: dict[str, str], labels: dict[str, str]) -> str:
    """Return the week's rounds as an iCalendar (one event per round, times in UTC)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Maraude//Rounds//FR",
        "CALSCALE:GREGORIAN",
    ]
    for i, r in enumerate(plan["rounds"]):
        stops = "\n".join(f"{s['start'][11:16]} {names.get(s['zone'], 'Zone')}" for s in r["stops"])
        lines += [
            "BEGIN:VEVENT",
            f"UID:{plan_id}-{i}@maraude",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(r['depart']).replace('-', '').replace(':', '')}",
            f"DTEND:{_utc(r['return']).replace('-', '').replace(':', '')}",
            f"SUMMARY:{_ics_text('Maraude – ' + labels.get(r['team'], 'équipe'))}",
            f"DESCRIPTION:{_ics_text(stops)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def _asset(name: str) -> str:
    return (resources.files("web") / "static" / LEAFLET / name).read_text(encoding="utf-8")


def _map(
    scenario: dict[str, Any], r: dict[str, Any], names: dict[str, str], path: list[Any] | None
) -> str:
    """Return the round's map as a self-contained HTML fragment (Leaflet inlined, no tiles)."""
    line = [(lat, lon) for lon, lat in round_line(scenario, r)]
    drawn = [(lat, lon) for lon, lat in path] if path else line
    fmap = folium.Map(tiles=None, control_scale=True)
    fmap.default_js = []
    fmap.default_css = []
    folium.PolyLine(drawn, weight=4, color="#2471a3").add_to(fmap)  # type: ignore[no-untyped-call]
    for k, s in enumerate(r["stops"], start=1):
        lat, lon = line[k]
        folium.CircleMarker(
            (lat, lon),
            radius=9,
            color="#c0392b",
            fill=True,
            fill_opacity=0.9,
            tooltip=f"{k}. {names.get(s['zone'], 'Zone')}",
        ).add_to(fmap)
    lats, lons = [p[0] for p in drawn], [p[1] for p in drawn]
    fmap.fit_bounds([(min(lats), min(lons)), (max(lats), max(lons))])
    body = fmap.get_root().render()
    inline = f"<style>{_asset('leaflet.css')}</style><script>{_asset('leaflet.js')}</script>"
    return body.replace("<head>", "<head>" + inline, 1)


def _nearby_item(n: NearbyService) -> str:
    phone = f" — {html.escape(n.phone)}" if n.phone else ""
    closes = f", ferme à {n.closes_at[11:16]}" if n.closes_at else ""
    return (
        f"<li>{html.escape(n.name)} — {html.escape(n.categories)}{phone}"
        f" ({n.distance_m:.0f} m{closes})</li>"
    )


_STYLE = (
    "body{font-family:sans-serif;margin:1.5em;color:#111}"
    "table{border-collapse:collapse;width:100%}"
    "td,th{border:1px solid #888;padding:.3em;vertical-align:top}"
    "iframe{width:100%;height:420px;border:0}@media print{iframe{height:360px}}"
)


MATERIAL_FR = {
    "male-condoms": "préservatifs externes",
    "internal-condoms": "préservatifs internes",
    "lubricant": "gel lubrifiant",
    "hiv-self-tests": "autotests VIH",
    "sti-self-sampling-kits": "kits d'autoprélèvement IST",
    "pregnancy-tests": "tests de grossesse",
    "emergency-contraception": "contraception d'urgence",
    "drug-use-equipment": "matériel de consommation",
    "brochures": "brochures",
    "hygiene-kits": "kits d'hygiène",
    "food-and-drink": "collations et boissons",
}


@dataclass(frozen=True, slots=True)
class SheetAlert:
    """An alert in force during the round, and the round's zones it touches."""

    headline: str
    description: str
    instruction: str | None
    zones: tuple[str, ...]


def _alerts(alerts: list[SheetAlert]) -> str:
    if not alerts:
        return ""
    items = "".join(
        f"<li><b>{html.escape(a.headline)}</b> ({html.escape(', '.join(a.zones))}) : "
        f"{html.escape(a.description)}"
        + (f" <i>{html.escape(a.instruction)}</i>" if a.instruction else "")
        + "</li>"
        for a in alerts
    )
    return f'<h2 class="alerts">Alertes en cours</h2><ul>{items}</ul>'


def _pack(pack: dict[str, int]) -> str:
    if not pack:
        return "<p>Pas encore de comptes rendus pour ces lieux ces 8 dernières semaines.</p>"
    items = "".join(
        f"<li>{n} {html.escape(MATERIAL_FR.get(item, item))}</li>" for item, n in pack.items()
    )
    return f"<ul>{items}</ul>"


def round_sheet(
    *,
    scenario: dict[str, Any],
    r: dict[str, Any],
    names: dict[str, str],
    team_label: str,
    nearby: list[list[NearbyService]],
    lines: list[tuple[str, str]],
    path: list[Any] | None = None,
    alerts: list[SheetAlert] | None = None,
    pack: dict[str, int] | None = None,
) -> str:
    """Return a printable round sheet: alerts in force, map, stops with times, services open
    nearby, what to pack (from the last 8 weeks of reports for these zones), numbers."""
    rows = []
    for k, (s, services) in enumerate(zip(r["stops"], nearby, strict=True), start=1):
        around = "".join(_nearby_item(n) for n in services) or (
            "<li>Aucun service ouvert à moins de 500 m à cette heure.</li>"
        )
        rows.append(
            f"<tr><td>{k}</td><td>{s['start'][11:16]}–{s['end'][11:16]}</td>"
            f"<td>{html.escape(names.get(s['zone'], 'Zone'))}</td><td><ul>{around}</ul></td></tr>"
        )
    numbers = "".join(f"<li><b>{html.escape(p)}</b> {html.escape(n)}</li>" for n, p in lines)
    map_html = html.escape(_map(scenario, r, names, path), quote=True)
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Feuille de maraude</title>
<style>{_STYLE}</style></head><body>
<h1>Maraude — {html.escape(team_label)}</h1>
<p>Départ {r["depart"][:16].replace("T", " ")} · retour {r["return"][11:16]}
(service {r["shift_start"][11:16]}–{r["shift_end"][11:16]})</p>
{_alerts(alerts or [])}
<iframe title="Carte de la tournée" srcdoc="{map_html}"></iframe>
<h2>Arrêts</h2>
<table><tr><th>#</th><th>Heure</th><th>Lieu</th><th>Services ouverts à moins de 500 m</th></tr>
{"".join(rows)}</table>
<h2>À emporter</h2>{_pack(pack or {})}
<h2>Numéros d'urgence et lignes nationales</h2><ul>{numbers}</ul>
<p><small>Document interne à l'association : ne pas diffuser.</small></p>
</body></html>
"""
