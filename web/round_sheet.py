"""The printable round sheet, for the team: the alerts in force, the round's map, the stops
with the services open nearby, what to pack and the national lines. It is in French."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from importlib import resources

import folium
from markupsafe import Markup

from geo.directory.categories import BY_SLUG
from geo.planning.rounds import RoundView, StopView
from geo.values import ServiceView
from web.i18n import Catalog, catalog
from web.messages import MATERIAL_LABELS
from web.pages import Banner, render
from web.round_facts import RoundFacts

LEAFLET = "vendor/leaflet-1.9.4"
SHEET_LANGUAGE = "fr"


def _escaped(text: str) -> Markup:
    # html.escape writes quotes as &quot; and &#x27; where Jinja writes &#34; and &#39;: the
    # sheet has always used the former, and a printed sheet should not change for nothing.
    return Markup(html.escape(text))


@dataclass(frozen=True, slots=True)
class NearbyService:
    """A service open near a stop while the team is there, as the sheet words it."""

    name: str
    kinds: str
    phone: str | None
    distance_m: float
    closes_at: datetime | None


@dataclass(frozen=True, slots=True)
class SheetStop:
    """A stop as the sheet lists it: its number on the map, the services open nearby."""

    number: int
    stop: StopView
    services: tuple[NearbyService, ...]


@dataclass(frozen=True, slots=True)
class SheetAlert:
    """An alert in the sheet's language (or French), and the round's zones it covers."""

    banner: Banner
    zones: str


def _zone(c: Catalog, stop: StopView) -> str:
    # "Zone" is also the template's word for a zone without a name: the catalog has it.
    return c.gettext("Zone") if stop.zone_name is None else stop.zone_name


def _nearby(c: Catalog, view: ServiceView) -> NearbyService:
    return NearbyService(
        name=view.record.name,
        kinds=", ".join(c.gettext(BY_SLUG[slug].label_en) for slug in view.record.categories),
        phone=view.record.phone,
        distance_m=view.distance_m or 0.0,
        closes_at=view.state.closes_at,
    )


def _lower_first(label: str) -> str:
    # The labels start with a capital for lists and tables; here they follow a count, mid-line.
    return label[:1].lower() + label[1:]


def _asset(name: str) -> str:
    return (resources.files("web") / "static" / LEAFLET / name).read_text(encoding="utf-8")


def script_safe(text: str) -> str:
    """Return text as HTML that stays inert inside a JavaScript template literal: the map
    library writes tooltips raw into one, so a name must neither close the script nor open a
    `${…}` substitution."""
    escaped = html.escape(text, quote=True)
    return escaped.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def round_map(c: Catalog, r: RoundView, *, nonce: str) -> str:
    """Return the round's map as a self-contained HTML page (Leaflet inlined, no tiles); its
    scripts carry the response's nonce, the only scripts its policy lets run."""
    line = [(lat, lon) for lon, lat in r.line]
    drawn = [(lat, lon) for lon, lat in r.path] if r.path else line
    fmap = folium.Map(tiles=None, control_scale=True)
    fmap.default_js = []
    fmap.default_css = []
    folium.PolyLine(drawn, weight=4, color="#2471a3").add_to(fmap)  # type: ignore[no-untyped-call]
    for k, stop in enumerate(r.stops, start=1):
        folium.CircleMarker(
            line[k],
            radius=9,
            color="#c0392b",
            fill=True,
            fill_opacity=0.9,
            tooltip=script_safe(f"{k}. {_zone(c, stop)}"),
        ).add_to(fmap)
    lats, lons = [p[0] for p in drawn], [p[1] for p in drawn]
    fmap.fit_bounds([(min(lats), min(lons)), (max(lats), max(lons))])
    body = fmap.get_root().render()
    inline = f"<style>{_asset('leaflet.css')}</style><script>{_asset('leaflet.js')}</script>"
    page = body.replace("<head>", "<head>" + inline, 1)
    return page.replace("<script>", f'<script nonce="{nonce}">')


def round_sheet(r: RoundView, facts: RoundFacts, *, nonce: str) -> str:
    """Render a round's printable sheet, in French; `nonce` names the map's scripts."""
    c = catalog(SHEET_LANGUAGE)
    stops = [
        SheetStop(k, stop, tuple(_nearby(c, v) for v in views))
        for k, (stop, views) in enumerate(zip(r.stops, facts.nearby, strict=True), start=1)
    ]
    alerts = [SheetAlert(Banner.of(a.messages, c.lang), ", ".join(a.zones)) for a in facts.alerts]
    pack = [(n, _lower_first(c.gettext(MATERIAL_LABELS[item]))) for item, n in facts.pack]
    page = render(
        "round_sheet.html",
        c,
        esc=_escaped,
        round=r,
        alerts=alerts,
        map_html=round_map(c, r, nonce=nonce),
        stops=stops,
        pack=pack,
        lines=facts.lines,
    )
    return page + "\n"  # Jinja drops a template's last newline; the sheet has always had one
