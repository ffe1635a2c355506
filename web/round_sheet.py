"""The printable round sheet, for the team: the alerts in force, the round's map, the stops
with the services open nearby, what to pack and the national lines. It is in French."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources

import folium
from babel import Locale
from babel.numbers import format_decimal
from branca.element import MacroElement
from jinja2 import Template
from markupsafe import Markup

from geo.directory.categories import BY_SLUG
from geo.planning.rounds import RoundView, StopView
from geo.streets.basemap import StreetLine
from geo.streets.tiles import ATTRIBUTION
from geo.values import ServiceView
from geo.vocab import Material
from web.i18n import Catalog, catalog
from web.pages import Banner, render
from web.round_facts import RoundFacts

LEAFLET = "vendor/leaflet-1.9.4"
SHEET_LANGUAGE = "fr"
MAP_PADDING_PX = 28
"""Room between the round and the map's edge, so that no stop sits on the edge of the print."""

# What the team takes, counted in French: the singular (CLDR "one": 0 and 1) and the plural
# ("other"); round millions ("many") take "de": « 1 000 000 de préservatifs externes ».
PACK_WORDS: dict[Material, tuple[str, str]] = {
    Material.MALE_CONDOMS: ("préservatif externe", "préservatifs externes"),
    Material.INTERNAL_CONDOMS: ("préservatif interne", "préservatifs internes"),
    Material.LUBRICANT: ("dosette de gel lubrifiant", "dosettes de gel lubrifiant"),
    Material.HIV_SELF_TESTS: ("autotest VIH", "autotests VIH"),
    Material.STI_SELF_SAMPLING_KITS: ("kit d'autoprélèvement IST", "kits d'autoprélèvement IST"),
    Material.PREGNANCY_TESTS: ("test de grossesse", "tests de grossesse"),
    Material.EMERGENCY_CONTRACEPTION: (
        "pilule de contraception d'urgence",
        "pilules de contraception d'urgence",
    ),
    Material.DRUG_USE_EQUIPMENT: (
        "article de réduction des risques liés aux drogues",
        "articles de réduction des risques liés aux drogues",
    ),
    Material.BROCHURES: ("brochure", "brochures"),
    Material.HYGIENE_KITS: ("kit d'hygiène", "kits d'hygiène"),
    Material.FOOD_AND_DRINK: ("en-cas ou boisson", "en-cas ou boissons"),
}
# The streets by kind (2 main roads, 1 other streets, 0 walkers' ways): colour and width,
# dark enough to print.
STREET_STYLE = {2: ("#b0a796", 3.0), 1: ("#c8c1b3", 2.0), 0: ("#d9d4ca", 1.0)}


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


def pack_count(item: Material, n: int) -> str:
    """Return how many pieces of an item to take, in French words: « 1 autotest VIH »,
    « 19 dosettes de gel lubrifiant »."""
    locale = Locale.parse(SHEET_LANGUAGE)
    singular, plural = PACK_WORDS[item]
    number = format_decimal(n, locale=locale)
    form = locale.plural_form(n)
    if form == "one":
        return f"{number} {singular}"
    if form == "many":
        de = "d'" if plural[0] in "aeiouéèê" else "de "
        return f"{number} {de}{plural}"
    return f"{number} {plural}"


def _asset(name: str) -> str:
    return (resources.files("web") / "static" / LEAFLET / name).read_text(encoding="utf-8")


def script_safe(text: str) -> str:
    """Return text as HTML that stays inert inside a JavaScript template literal: the map
    library writes tooltips raw into one, so a name must neither close the script nor open a
    `${…}` substitution."""
    escaped = html.escape(text, quote=True)
    return escaped.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


class _SheetView(MacroElement):
    """Fit the map to the round with room around it, and again whenever its frame changes
    size (a printed page is narrower than a screen); credit OpenStreetMap."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
          var bounds = {{ this.bounds }};
          function fit() {
            map.invalidateSize(false);
            map.fitBounds(bounds, { padding: [{{ this.padding }}, {{ this.padding }}],
                                    maxZoom: 17, animate: false });
          }
          map.attributionControl.setPrefix(false);
          map.attributionControl.addAttribution({{ this.attribution }});
          fit();
          window.addEventListener("resize", fit);
          window.addEventListener("beforeprint", fit);
          window.matchMedia("print").addEventListener("change", fit);
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "SheetView"
        self.bounds = json.dumps(bounds)
        self.padding = MAP_PADDING_PX
        self.attribution = json.dumps(ATTRIBUTION)


# Inside the map's own page: the stop numbers, and no zoom buttons on paper.
_MAP_STYLE = (
    "<style>.leaflet-container{background:#fbfaf7}"
    ".stop-number{font:700 12px/18px sans-serif;color:#fff;text-align:center}"
    "@media print{.leaflet-control-zoom{display:none}}</style>"
)


def _streets(fmap: folium.Map, streets: Sequence[StreetLine]) -> None:
    for kind, (colour, weight) in sorted(STREET_STYLE.items()):
        lines = [[[lat, lon] for lon, lat in s.line] for s in streets if s.kind == kind]
        if lines:
            folium.PolyLine(  # type: ignore[no-untyped-call]
                lines, color=colour, weight=weight, class_name=f"street street-{kind}"
            ).add_to(fmap)


def round_map(c: Catalog, r: RoundView, *, nonce: str, streets: Sequence[StreetLine] = ()) -> str:
    """Return the round's map as a self-contained HTML page (Leaflet inlined, the streets
    drawn in, no tiles); its scripts carry the response's nonce, the only scripts its policy
    lets run."""
    line = [(lat, lon) for lon, lat in r.line]
    drawn = [(lat, lon) for lon, lat in r.drawn]
    fmap = folium.Map(tiles=None, control_scale=True)
    fmap.default_js = []
    fmap.default_css = []
    _streets(fmap, streets)
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
        folium.Marker(
            line[k],
            icon=folium.DivIcon(
                html=str(k), icon_size=(18, 18), icon_anchor=(9, 9), class_name="stop-number"
            ),
            interactive=False,
        ).add_to(fmap)
    lats, lons = [p[0] for p in drawn], [p[1] for p in drawn]
    _SheetView([[min(lats), min(lons)], [max(lats), max(lons)]]).add_to(fmap)
    body = fmap.get_root().render()
    inline = f"<style>{_asset('leaflet.css')}</style><script>{_asset('leaflet.js')}</script>"
    page = body.replace("<head>", "<head>" + inline + _MAP_STYLE, 1)
    return page.replace("<script>", f'<script nonce="{nonce}">')


def round_sheet(r: RoundView, facts: RoundFacts, *, nonce: str) -> str:
    """Render a round's printable sheet, in French; `nonce` names the map's scripts."""
    c = catalog(SHEET_LANGUAGE)
    stops = [
        SheetStop(k, stop, tuple(_nearby(c, v) for v in views))
        for k, (stop, views) in enumerate(zip(r.stops, facts.nearby, strict=True), start=1)
    ]
    alerts = [SheetAlert(Banner.of(a.messages, c.lang), ", ".join(a.zones)) for a in facts.alerts]
    pack = [pack_count(item, n) for item, n in facts.pack]
    page = render(
        "round_sheet.html",
        c,
        esc=_escaped,
        round=r,
        alerts=alerts,
        map_html=round_map(c, r, nonce=nonce, streets=facts.streets),
        stops=stops,
        pack=pack,
        lines=facts.lines,
    )
    return page + "\n"  # Jinja drops a template's last newline; the sheet has always had one
