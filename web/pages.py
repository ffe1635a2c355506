"""The HTML pages, rendered from Jinja2 templates in the visitor's language.

Pages hold no data of their own beyond labels: the scripts read services from the same JSON
API as any client. Everything a script needs (labels, the area, the tile URL) travels in a
`<script type="application/json">` block, so the Content-Security-Policy forbids every inline
script.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from geo.directory.categories import CATEGORIES
from geo.vocab import Condition, Material, Public
from web.i18n import LANGUAGES, NAMES, Catalog
from web.library import library
from web.messages import (
    CONDITION_LABELS,
    EMERGENCY_LABELS,
    FIELD_MESSAGES,
    MATERIAL_LABELS,
    PUBLIC_LABELS,
    SCRIPT_MESSAGES,
)

SPOKEN = (
    "fr",
    "en",
    "es",
    "pt",
    "it",
    "de",
    "ro",
    "bg",
    "ru",
    "uk",
    "pl",
    "sq",
    "zh",
    "ar",
    "tr",
    "ha",
    "yo",
    "ig",
    "tw",
    "ln",
    "wo",
    "vi",
    "th",
    "tl",
)
"""Languages offered in the "language spoken" filter (named by the browser, in the page
language)."""


LINE_ORDER = ("15", "17", "18", "112", "115", "114", "119", "3919", "3237", "0800 840 800")
"""The national lines in the order the strip shows them: emergencies first."""


@dataclass(frozen=True, slots=True)
class PhoneLine:
    """A national line or emergency number, shown on every public page."""

    number: str
    label: str

    @property
    def dial(self) -> str:
        """Return the number as a `tel:` URI wants it."""
        return self.number.replace(" ", "")


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("web", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def render(template: str, c: Catalog, **context: Any) -> str:
    """Render a template in the catalog's language."""
    env = _environment().overlay()
    env.install_gettext_callables(c.gettext, c.ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env.get_template(template).render(c=c, **context)


def category_labels(c: Catalog) -> list[tuple[str, str]]:
    """Return (slug, label) of every category in the page language, in taxonomy order."""
    return [(cat.slug, c.gettext(cat.label_en)) for cat in CATEGORIES]


def public_labels(c: Catalog) -> list[tuple[str, str]]:
    """Return (value, label) of every public welcomed, in the page language."""
    return [(p.value, c.gettext(PUBLIC_LABELS[p])) for p in Public]


def condition_labels(c: Catalog) -> list[tuple[str, str]]:
    """Return (value, label) of every condition of access, in the page language."""
    return [(k.value, c.gettext(CONDITION_LABELS[k])) for k in Condition]


def phone_lines(c: Catalog, lines: Iterable[tuple[str, str]]) -> list[PhoneLine]:
    """Label the national lines in the page language (by number; the stored name otherwise),
    the emergency numbers first in the order people need them (15, 17, 18, 112, 115, ...), the
    other lines after them by name."""
    labelled = [
        PhoneLine(
            number, c.gettext(EMERGENCY_LABELS[number]) if number in EMERGENCY_LABELS else name
        )
        for name, number in lines
    ]
    rank = {number: i for i, number in enumerate(LINE_ORDER)}
    return sorted(labelled, key=lambda line: rank.get(line.number, len(rank)))


def info_topics(c: Catalog, per_category: int = 2) -> dict[str, list[tuple[str, str]]]:
    """For each category, the library's topics that send people there, those that name it
    first before those that name it in passing, at most `per_category`: (slug, title in the
    page language, or French). Cards and sheets link to them ("Learn more")."""
    ranked: dict[str, list[tuple[int, int, str, str]]] = {}
    for order, t in enumerate(library()):
        page, _ = t.page(c.lang)
        for rank, category in enumerate(t.authoritative.categories):
            ranked.setdefault(category, []).append((rank, order, t.slug, page.title))
    for category, slugs in FEATURED.items():
        for found in ranked.get(category, []):
            if found[2] in slugs:
                ranked[category][ranked[category].index(found)] = (
                    -1,
                    slugs.index(found[2]),
                    *found[2:],
                )
    return {
        category: [(slug, title) for _, _, slug, title in sorted(found)[:per_category]]
        for category, found in ranked.items()
    }


FEATURED = {
    "emergency-care": ("prep-pep", "emergency-numbers"),
    "general-care": ("care-and-social-services", "skin-and-mouth"),
    "community-health": ("sti-hiv-hepatitis", "screening"),
    "social-rights": ("care-and-social-services", "social-lines"),
    "pharmacy": ("contraception", "prep-pep"),
}
"""Where the pages that name a kind of service first are not what a person there needs most."""


def script_messages(c: Catalog, *, field: bool = False) -> dict[str, str]:
    """Return every message the maps' scripts show, translated (and the field app's, for the
    team pages)."""
    wanted = SCRIPT_MESSAGES + FIELD_MESSAGES if field else SCRIPT_MESSAGES
    return {m: c.gettext(m) for m in wanted}


@dataclass(frozen=True, slots=True)
class EmbedPresets:
    """Filters a partner's embed starts with (a trans-led association shows services for trans
    people; a service for Romanian speakers, those where Romanian is spoken)."""

    publics: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Banner:
    """A public alert as the map's banner shows it, in the page's language or French."""

    lang: str
    headline: str
    description: str
    instruction: str | None

    @classmethod
    def of(cls, messages: Mapping[str, Mapping[str, str]], lang: str) -> Banner:
        """The alert's message in `lang`, else in French."""
        used = lang if lang in messages else "fr"
        m = messages[used]
        return cls(used, m["headline"], m["description"], m.get("instruction"))


def public_page(
    c: Catalog,
    *,
    embed: bool,
    lines: Sequence[tuple[str, str]],
    area: tuple[float, float, float, float],
    view: tuple[float, float, int] | None,
    chosen: Sequence[str],
    tile_url: str | None,
    attribution: str,
    quick_exit: str,
    keep: Sequence[tuple[str, str]] = (),
    alerts: Sequence[Banner] = (),
    presets: EmbedPresets | None = None,
    directions_url: str | None = None,
    preselect: str | None = None,
    tiled: Mapping[str, int] | None = None,
) -> str:
    """Render the public service map (`/`) or its embeddable form (`/embed`), with the public
    health alerts in force over its area as a banner."""
    chosen_presets = presets or EmbedPresets()
    config = {
        "lang": c.lang,
        "area": area,
        "view": view,
        "tiled": dict(tiled) if tiled else None,
        "categories": list(chosen),
        "tileUrl": tile_url,
        "attribution": attribution,
        "quickExit": quick_exit,
        "directionsUrl": directions_url,
        "preselect": preselect,
        "infoTopics": info_topics(c),
        "presets": {
            "publics": list(chosen_presets.publics),
            "conditions": list(chosen_presets.conditions),
            "language": chosen_presets.language,
        },
        "messages": script_messages(c),
        "categoryLabels": dict(category_labels(c)),
        "publics": dict(public_labels(c)),
        "conditions": dict(condition_labels(c)),
    }
    return render(
        "public.html",
        c,
        embed=embed,
        config=config,
        chosen=set(chosen),
        languages=[(code, NAMES[code]) for code in LANGUAGES],
        categories=category_labels(c),
        spoken=SPOKEN,
        publics=public_labels(c),
        conditions=condition_labels(c),
        lines=phone_lines(c, lines),
        attribution=attribution,
        quick_exit=quick_exit,
        keep=keep,
        alerts=alerts,
    )


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of a chart drawn in SVG (no script, no library)."""

    label: str
    value: int
    x: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Chart:
    """A bar chart: a title and its bars."""

    title: str
    width: int
    bars: tuple[Bar, ...]


def bar_chart(title: str, points: Sequence[tuple[str, int]]) -> Chart:
    """Bars 120 px high at most, 48 px apart."""
    top = max((v for _, v in points), default=0) or 1
    bars = tuple(
        Bar(label, value, 10 + 48 * i, 36, round(120 * value / top, 1))
        for i, (label, value) in enumerate(points)
    )
    return Chart(title, max(20 + 48 * len(points), 200), bars)


@dataclass(frozen=True, slots=True)
class Multiple:
    """One indicator's small chart, on its own scale: bars 100 px high at most for `top`."""

    indicator: str
    category: str | None
    top: int
    width: int
    bars: tuple[Bar, ...]
    values: tuple[int, ...]


def _nice_top(value: int) -> int:
    """The axis maximum: the smallest 1, 2 or 5 times a power of ten at or above `value`."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if factor * step >= value:
                return factor * step
        step *= 10


def small_multiples(
    monthly: Mapping[str, Mapping[str, int]], months: Sequence[str], c: Catalog
) -> list[Multiple]:
    """The rapid tests and the referrals of each category that has any, one chart each, each
    with its own axis maximum (a rare referral stays visible beside the rapid tests)."""
    labels = dict(category_labels(c))
    wanted = [("rapid-tests", None)] + [
        (f"referrals:{slug}", label) for slug, label in labels.items()
    ]
    charts = []
    for indicator, category in wanted:
        values = tuple(monthly.get(indicator, {}).get(m, 0) for m in months)
        if not any(values):
            continue
        top = _nice_top(max(values))
        bars = tuple(
            Bar(month, value, 36 + 22 * i, 16, round(100 * value / top, 1))
            for i, (month, value) in enumerate(zip(months, values, strict=True))
        )
        charts.append(Multiple(indicator, category, top, 44 + 22 * len(months), bars, values))
    return charts


def stats_page(
    c: Catalog,
    *,
    association: str,
    counts: Mapping[tuple[date, str, str], int],
    stock: Sequence[Any],
    quick_exit: str,
) -> str:
    """Render the coordinators' statistics: people met and material handed out over the last
    twelve months with data, as charts and a table; the rapid tests and referrals by category,
    one chart each on its own scale, and their table; the stock; the tables to download."""
    monthly: dict[str, dict[str, int]] = {}
    for (month, _commune, indicator), value in counts.items():
        row = monthly.setdefault(indicator, {})
        key = f"{month:%Y-%m}"
        row[key] = row.get(key, 0) + value
    months = sorted({m for row in monthly.values() for m in row})[-12:]
    people = monthly.get("people-met", {})
    handed = [
        (
            c.gettext(MATERIAL_LABELS[m]),
            [monthly.get(f"material:{m.value}", {}).get(x, 0) for x in months],
        )
        for m in Material
    ]
    totals = [(x, sum(values[i] for _, values in handed)) for i, x in enumerate(months)]
    charts = [
        bar_chart(c.gettext("People met per month"), [(x, people.get(x, 0)) for x in months]),
        bar_chart(c.gettext("Material handed out per month"), totals),
    ]
    return render(
        "stats.html",
        c,
        view="stats",
        association=association,
        charts=charts,
        multiples=small_multiples(monthly, months, c),
        months=months,
        material=handed,
        quick_exit=quick_exit,
        stock=[(c.gettext(MATERIAL_LABELS[Material(s.item)]), s) for s in stock],
    )
