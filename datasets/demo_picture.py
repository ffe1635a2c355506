"""Draw the demo directory on its streets as an SVG (the README's picture), from an OSM extract."""

from __future__ import annotations

import json
import math
from pathlib import Path
from xml.sax.saxutils import escape

import osmium

from datasets.osm_demo import ATTRIBUTION

WIDTH = 1000
ROADS = {
    "motorway": 2.4,
    "trunk": 2.2,
    "primary": 2.0,
    "secondary": 1.6,
    "tertiary": 1.3,
    "residential": 0.8,
    "unclassified": 0.8,
    "living_street": 0.7,
    "pedestrian": 0.7,
}
# One colour per group of categories, in legend order.
GROUPS = (
    (
        "Santé, urgences",
        "#c0392b",
        {"emergency-care", "general-care", "vaccination", "mental-health"},
    ),
    (
        "Dépistage, santé sexuelle",
        "#8e44ad",
        {"trod", "cegidd", "sexual-health-centre", "pregnancy-ivg", "prep-pep"},
    ),
    ("Addictions", "#d35400", {"csapa", "caarud", "scmr"}),
    (
        "Droits, protection, hébergement",
        "#2471a3",
        {
            "social-rights",
            "exit-pathway",
            "protection-assistance",
            "emergency-shelter",
            "community-health",
            "food",
        },
    ),
    ("Police", "#1b2631", {"police", "police-trained"}),
    ("Pharmacies", "#117a65", {"pharmacy"}),
    ("Hygiène", "#5dade2", {"hygiene"}),
)


class _Lines(osmium.SimpleHandler):
    """Collect road and coastline polylines."""

    def __init__(self) -> None:
        super().__init__()
        self.roads: list[tuple[float, list[tuple[float, float]]]] = []
        self.coast: list[list[tuple[float, float]]] = []

    def way(self, w: osmium.osm.Way) -> None:
        coords = [(n.lon, n.lat) for n in w.nodes if n.location.valid()]
        if len(coords) < 2:
            return
        kind = w.tags.get("highway")
        if kind in ROADS:
            self.roads.append((ROADS[kind], coords))
        elif w.tags.get("natural") == "coastline":
            self.coast.append(coords)


def _colour(categories: list[str]) -> str:
    for _, colour, members in GROUPS:
        if members & set(categories):
            return colour
    return "#7f8c8d"


def draw(pbf: Path, services: list[Path], out: Path) -> None:
    """Write an SVG of the extract's roads and the public located services of `services`."""
    lines = _Lines()
    lines.apply_file(str(pbf), locations=True)
    points = []
    for path in services:
        for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
            # Only what the public map shows: no confidential address, no professionals' service.
            if (
                f["geometry"] is not None
                and f["properties"].get("visibility", "public") == "public"
            ):
                lon, lat = f["geometry"]["coordinates"]
                points.append((lon, lat, f["properties"]["categories"]))
    west, east = min(p[0] for p in points) - 0.01, max(p[0] for p in points) + 0.01
    south, north = min(p[1] for p in points) - 0.006, max(p[1] for p in points) + 0.006
    kx = math.cos(math.radians((south + north) / 2))
    scale = WIDTH / ((east - west) * kx)
    height = round((north - south) * scale)

    def xy(lon: float, lat: float) -> str:
        return f"{(lon - west) * kx * scale:.1f},{(north - lat) * scale:.1f}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height + 40}" '
        f'font-family="sans-serif">',
        f'<rect width="{WIDTH}" height="{height}" fill="#f4f1ea"/>',
    ]
    for coords in lines.coast:
        parts.append(
            f'<polyline points="{" ".join(xy(*c) for c in coords)}" fill="none" '
            'stroke="#7fb3d5" stroke-width="2"/>'
        )
    for width, coords in sorted(lines.roads, key=lambda r: r[0]):
        parts.append(
            f'<polyline points="{" ".join(xy(*c) for c in coords)}" fill="none" '
            f'stroke="#c8c2b5" stroke-width="{width}"/>'
        )
    for lon, lat, cats in points:
        x, y = xy(lon, lat).split(",")
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="6" fill="{_colour(cats)}" '
            'stroke="#fff" stroke-width="1.5"/>'
        )
    for i, (label, colour, _) in enumerate(GROUPS):
        row = 24 + i * 22
        parts.append(
            f'<rect x="12" y="{row - 14}" width="250" height="22" fill="#fff" fill-opacity="0.85"/>'
        )
        parts.append(f'<circle cx="26" cy="{row - 3}" r="6" fill="{colour}"/>')
        parts.append(f'<text x="40" y="{row + 2}" font-size="14">{escape(label)}</text>')
    parts.append(
        f'<text x="10" y="{height + 26}" font-size="13" fill="#444">'
        f"{escape('Maraude demo: referral services around Monaco. ' + ATTRIBUTION)}"
        "</text></svg>"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(parts) + "\n", encoding="utf-8")
