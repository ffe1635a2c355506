"""The orientation sheet a worker prints or shows for a person met: where to go, in the
person's language and in French, with the way there drawn from the worker's position."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time

from geo.directory.categories import BY_SLUG
from geo.values import ServiceView
from web.i18n import Catalog, catalog
from web.messages import CONDITION_LABELS
from web.pages import render

SVG_WIDTH, SVG_HEIGHT, SVG_MARGIN = 400, 300, 12


@dataclass(frozen=True, slots=True)
class Side:
    """The sheet in one language."""

    c: Catalog
    kinds: str
    state: str
    walk: str | None
    conditions: str


def _fill(template: str, **values: str) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def state_words(c: Catalog, view: ServiceView) -> str:
    """Say whether the service is open, until when, or when it opens, in `c`'s language."""
    state, zone = view.state, ZoneInfo(view.record.timezone)
    locale = c.html_lang.replace("-", "_").replace("zh_Hans", "zh_Hans_CN")
    if state.open_now is None:
        return c.gettext("Hours unknown")
    if state.open_now:
        if state.closes_at is None:
            return c.gettext("Open 24/7")
        until = format_time(state.closes_at.astimezone(zone), "HH:mm", locale=locale)
        return _fill(c.gettext("Open until {time}"), time=until)
    if state.next_opening is None:
        return c.gettext("Closed")
    opens: datetime = state.next_opening.astimezone(zone)
    return _fill(
        c.gettext("Closed, opens {day} at {time}"),
        day=format_date(opens, "EEEE", locale=locale),
        time=format_time(opens, "HH:mm", locale=locale),
    )


def _walk(c: Catalog, seconds: float | None, metres: float | None) -> str | None:
    if seconds is None or metres is None:
        return None
    distance = f"{round(metres / 10) * 10} m" if metres < 1000 else f"{metres / 1000:.1f} km"
    return _fill(
        c.gettext("{minutes} min walk ({distance})"),
        minutes=str(max(1, round(seconds / 60))),
        distance=distance,
    )


def _side(c: Catalog, view: ServiceView, seconds: float | None, metres: float | None) -> Side:
    r = view.record
    return Side(
        c=c,
        kinds=" · ".join(c.gettext(BY_SLUG[k].label_en) for k in r.categories if k in BY_SLUG),
        state=state_words(c, view),
        walk=_walk(c, seconds, metres),
        conditions=", ".join(
            c.gettext(label) for key, label in CONDITION_LABELS.items() if key.value in r.conditions
        ),
    )


def svg_points(
    coords: Sequence[tuple[float, float]],
) -> tuple[str, tuple[float, float], tuple[float, float]]:
    """Project a [lon, lat] line into the sheet's drawing box (north up, true proportions);
    return the polyline points and the first and last point."""
    lat0 = math.radians(sum(y for _, y in coords) / len(coords))
    xs = [x * math.cos(lat0) for x, _ in coords]
    ys = [y for _, y in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    scale = min(SVG_WIDTH, SVG_HEIGHT) - 2 * SVG_MARGIN
    points = [
        (
            SVG_MARGIN + (x - min(xs)) / span * scale,
            SVG_HEIGHT - SVG_MARGIN - (y - min(ys)) / span * scale,
        )
        for x, y in zip(xs, ys, strict=True)
    ]
    text = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return text, points[0], points[-1]


def orientation_sheet(
    person: Catalog,
    view: ServiceView,
    *,
    route: Sequence[tuple[float, float]] | None,
    seconds: float | None,
    metres: float | None,
) -> str:
    """Render the sheet: the person's language first, then French (once when they are one)."""
    languages = [person] if person.lang == "fr" else [person, catalog("fr")]
    sides = [_side(c, view, seconds, metres) for c in languages]
    drawn = svg_points(route) if route and len(route) >= 2 else None
    return render(
        "orientation.html",
        person,
        person=person,
        service=view.record,
        sides=sides,
        route=drawn[0] if drawn else None,
        start=drawn[1] if drawn else None,
        end=drawn[2] if drawn else None,
    )
