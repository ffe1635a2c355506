"""The orientation sheet a worker prints or shows for a person met: where to go, in the
person's language and in French, with the way there drawn over the streets from the worker's
position. A service whose address is confidential is never located here: no address, no walk,
no map, only how to call. The same sheet, with the public pages' bar and numbers and no way
from anywhere, is the public page of a service (`/service/{id}`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import segno
from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.units import format_unit
from markupsafe import Markup

from geo.directory.categories import BY_SLUG
from geo.streets.basemap import StreetLine
from geo.streets.network import Path
from geo.values import BBox, LonLat, ServiceRecord, ServiceView
from geo.vocab import Visibility
from web.hours_words import HoursWords, babel_locale, hours_in_words
from web.i18n import LANGUAGES, NAMES, Catalog, catalog
from web.messages import CONDITION_LABELS
from web.pages import PhoneLine, info_topics, render
from web.trust_words import trust_words

MAP_WIDTH, MAP_HEIGHT, MAP_PAD = 480, 300, 28
"""The map's drawing box (north up, true proportions) and the margin kept around the way."""
LEAST_ACROSS_M = 600
"""A map at least this wide: a few streets around a place, even with no way to draw."""
_METRES_PER_DEGREE = 111_320.0
_SCALES_M = (20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 20_000)


@dataclass(frozen=True, slots=True)
class Side:
    """The sheet in one language."""

    c: Catalog
    kinds: str
    hours: HoursWords | None
    state: str | None
    walk: str | None
    conditions: str


def _fill(template: str, **values: str) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def location_of(view: ServiceView) -> LonLat | None:
    """Return where the service is, or None when it has no place or its address is
    confidential (checked here whatever the query decided: the sheet never locates it)."""
    r = view.record
    if view.location_hidden or r.visibility == Visibility.CONFIDENTIAL_ADDRESS:
        return None
    if r.lon is None or r.lat is None:
        return None
    return LonLat(r.lon, r.lat)


def address_of(record: ServiceRecord) -> str | None:
    """Return the street address, postcode and commune, as much of them as is known."""
    place = " ".join(p for p in (record.postcode, record.city) if p)
    return ", ".join(p for p in (record.address, place) if p) or None


def state_words(c: Catalog, view: ServiceView) -> str:
    """Say whether the service is open, until when, or when it opens, in `c`'s language."""
    state, zone, locale = view.state, ZoneInfo(view.record.timezone), babel_locale(c)
    if state.open_now is None:
        return c.gettext("Hours unknown")
    if state.open_now:
        if state.closes_at is None:
            return c.gettext("Open 24/7")
        until = format_time(state.closes_at.astimezone(zone), "short", locale=locale)
        return _fill(c.gettext("Open until {time}"), time=until)
    if state.next_opening is None:
        return c.gettext("Closed")
    opens: datetime = state.next_opening.astimezone(zone)
    return _fill(
        c.gettext("Closed, opens {day} at {time}"),
        day=format_date(opens, "EEEE", locale=locale),
        time=format_time(opens, "short", locale=locale),
    )


def walk_words(c: Catalog, way: Path) -> str:
    """Say the walk's time and length with the locale's numbers and units ("26 min (1,9 km)")."""
    locale = babel_locale(c)
    minutes = max(1, round(way.seconds / 60))
    duration = format_unit(minutes, "duration-minute", length="short", locale=locale)
    if way.metres < 1000:
        metres = round(way.metres / 10) * 10
        distance = format_unit(metres, "length-meter", length="short", locale=locale)
    else:
        km = way.metres / 1000
        distance = format_unit(km, "length-kilometer", "short", format="#,##0.0", locale=locale)
    return f"{duration} ({distance})"


def _side(c: Catalog, view: ServiceView, way: Path | None) -> Side:
    r = view.record
    hours = hours_in_words(c, r.opening_hours) if r.opening_hours else None
    state = state_words(c, view)
    conditions = [c.gettext(v) for k, v in CONDITION_LABELS.items() if k.value in r.conditions]
    return Side(
        c=c,
        kinds=" · ".join(c.gettext(BY_SLUG[k].label_en) for k in r.categories if k in BY_SLUG),
        hours=hours,
        state=None if hours and state in hours.lines else state,  # "open 24/7" said once
        walk=walk_words(c, way) if way else None,
        conditions=format_list(conditions, locale=babel_locale(c)) if conditions else "",
    )


@dataclass(frozen=True, slots=True)
class Frame:
    """The map's window: its centre and how many metres one drawing unit covers, north up."""

    lon: float
    lat: float
    metres_per_unit: float

    def _east_m(self) -> float:
        return _METRES_PER_DEGREE * math.cos(math.radians(self.lat))

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        """Project a position into the drawing box."""
        east = (lon - self.lon) * self._east_m() / self.metres_per_unit
        north = (lat - self.lat) * _METRES_PER_DEGREE / self.metres_per_unit
        return MAP_WIDTH / 2 + east, MAP_HEIGHT / 2 - north

    @property
    def bbox(self) -> BBox:
        """Return the box the map shows, in WGS 84."""
        half_lon = MAP_WIDTH / 2 * self.metres_per_unit / self._east_m()
        half_lat = MAP_HEIGHT / 2 * self.metres_per_unit / _METRES_PER_DEGREE
        return BBox(
            self.lon - half_lon, self.lat - half_lat, self.lon + half_lon, self.lat + half_lat
        )


def frame_around(points: Sequence[tuple[float, float]]) -> Frame:
    """Return the window showing every [lon, lat] point, with a margin."""
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    lat = (south + north) / 2
    across = (east - west) * _METRES_PER_DEGREE * math.cos(math.radians(lat))
    tall = (north - south) * _METRES_PER_DEGREE
    per_unit = max(
        across / (MAP_WIDTH - 2 * MAP_PAD),
        tall / (MAP_HEIGHT - 2 * MAP_PAD),
        LEAST_ACROSS_M / (MAP_WIDTH - 2 * MAP_PAD),
    )
    return Frame((west + east) / 2, lat, per_unit)


@dataclass(frozen=True, slots=True)
class Drawing:
    """The map of the sheet, in drawing units: streets by kind, the way, its ends, a scale."""

    streets: tuple[tuple[int, str], ...]
    route: str | None
    casing: str | None
    start: tuple[float, float] | None
    end: tuple[float, float]
    scale_units: float
    scale_label: str


def _path(frame: Frame, lines: Sequence[Sequence[tuple[float, float]]]) -> str:
    moves = []
    for line in lines:
        points = [frame.xy(lon, lat) for lon, lat in line]
        moves.append("M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in points))
    return " ".join(moves)


def _scale(c: Catalog, frame: Frame) -> tuple[float, str]:
    """Return the longest round length drawn within a quarter of the map, and its label."""
    fitting = [m for m in _SCALES_M if m / frame.metres_per_unit <= MAP_WIDTH / 4]
    metres = fitting[-1] if fitting else _SCALES_M[0]
    locale = babel_locale(c)
    if metres < 1000:
        label = format_unit(metres, "length-meter", length="short", locale=locale)
    else:
        label = format_unit(metres // 1000, "length-kilometer", length="short", locale=locale)
    return metres / frame.metres_per_unit, label


def drawing(
    c: Catalog,
    frame: Frame,
    streets: Sequence[StreetLine],
    route: Sequence[tuple[float, float]],
    place: LonLat,
) -> Drawing:
    """Draw the streets (walkers' ways under the roads), the way there and its two ends."""
    by_kind = [
        (kind, _path(frame, [s.line for s in streets if s.kind == kind])) for kind in (0, 1, 2)
    ]
    units, label = _scale(c, frame)
    drawn = [frame.xy(lon, lat) for lon, lat in route] if len(route) >= 2 else []
    return Drawing(
        streets=tuple((kind, d) for kind, d in by_kind if d),
        route=" ".join(f"{x:.1f},{y:.1f}" for x, y in drawn) or None,
        casing=_path(frame, [route]) if drawn else None,
        start=drawn[0] if drawn else None,
        end=frame.xy(place.lon, place.lat),
        scale_units=units,
        scale_label=label,
    )


def _topics(c: Catalog, categories: Sequence[str]) -> list[tuple[str, str]]:
    """The library's page for the service's kinds (one: the sheet is one printed page),
    titled in `c`'s language."""
    by_category = info_topics(c)
    chosen: dict[str, str] = {}
    for category in categories:
        for slug, title in by_category.get(category, []):
            if not chosen:
                chosen.setdefault(slug, title)
    return list(chosen.items())


@dataclass(frozen=True, slots=True)
class PublicPage:
    """What the public page of a service adds around its sheet: the public pages' bar (their
    map, the languages, the quick exit), the national numbers, and the page's own address (a
    path, in its language) that the page draws as a QR code."""

    lines: Sequence[PhoneLine]
    quick_exit: str
    share: str | None = None


def handed_to(origin: str, record: ServiceRecord, *, located: bool, lang: str) -> str | None:
    """Return what a QR code hands the person met: the public page of the service in their
    language, or only its phone when its address is confidential (None without one)."""
    if located:
        return f"{origin.rstrip('/')}/service/{record.id}?lang={lang}"
    digits = "".join(ch for ch in record.phone or "" if ch.isdigit() or ch == "+")
    return f"tel:{digits}" if digits else None


def qr_svg(target: str) -> Markup:
    """Return a QR code of `target` as inline SVG (error correction M, a 4-module quiet zone),
    drawn on the server so that a printed sheet carries it with no script."""
    code = segno.make(target, error="m", micro=False)
    svg = code.svg_inline(scale=4, border=4, dark="#000", light="#fff", omitsize=True)
    # The caption under it says what it is: screen readers skip the drawing.
    svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    return Markup(svg)  # noqa: S704 - segno's own markup of a code, no text of ours inside


def orientation_sheet(
    person: Catalog,
    view: ServiceView,
    *,
    way: Path | None,
    frame: Frame | None,
    streets: Sequence[StreetLine],
    public: PublicPage | None = None,
    handed: str | None = None,
) -> str:
    """Render the sheet: the person's language first, then French (once when they are one);
    with `public`, as the public page of the service; with `handed`, a QR code of it for the
    person met (the public page's address, or only the phone for a confidential address)."""
    spot = location_of(view)
    if spot is None:  # whatever the caller passed: a confidential address is never drawn
        way, frame, streets = None, None, ()
    languages = [person] if person.lang == "fr" else [person, catalog("fr")]
    drawn = None
    if frame is not None and spot is not None:
        drawn = drawing(person, frame, streets, way.coords if way else (), spot)
    return render(
        "orientation.html",
        person,
        person=person,
        service=view.record,
        address=address_of(view.record) if spot else None,
        dial="".join(ch for ch in view.record.phone or "" if ch.isdigit() or ch == "+"),
        sides=[_side(c, view, way) for c in languages],
        legends=languages,
        map=drawn,
        topics={c.lang: _topics(c, view.record.categories) for c in languages},
        handed=None if handed is None else qr_svg(handed),
        handed_is_phone=bool(handed and handed.startswith("tel:")),
        trust={c.lang: trust_words(c, view) for c in languages} if public else {},
        **public_context(public),
    )


def public_context(public: PublicPage | None) -> dict[str, object]:
    """Return what the public pages' bar and numbers show (nothing on the team's sheet)."""
    if public is None:
        return {"public": None}
    return {
        "public": public,
        "languages": [(code, NAMES[code]) for code in LANGUAGES],
        "quick_exit": public.quick_exit,
        "lines": public.lines,
    }


def missing_service_page(c: Catalog, public: PublicPage) -> str:
    """Render the page of a service the public may not see, or that is not in the directory
    (the same page for both, naming no service)."""
    return render("service_missing.html", c, **public_context(public))
