"""Derive the demo's referral services from an OpenStreetMap extract (run by maintainers).

`maraude build-demo --pbf monaco.osm.pbf --out datasets/demo/monaco-osm-services.geojson`
reads police stations, hospitals, clinics, pharmacies, showers, toilets and drinking water with
their names, positions and tags, and writes them as service drafts in GeoJSON.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import osmium
from shapely import wkb
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from datasets.osm_tags import address, categories_for, default_name, first
from geo.directory.hours import HoursError, HoursRule, check_rule

logger = logging.getLogger(__name__)

ATTRIBUTION = "© OpenStreetMap contributors, ODbL 1.0 (https://www.openstreetmap.org/copyright)"


class PlaceCollector(osmium.SimpleHandler):
    """Collect tagged points of interest and the boundary of Monaco."""

    def __init__(self) -> None:
        super().__init__()
        self.factory = osmium.geom.WKBFactory()
        self.items: list[tuple[str, dict[str, str], Point]] = []
        self.monaco: BaseGeometry | None = None

    def _keep(self, kind: str, ident: int, tags: osmium.osm.TagList, where: Point) -> None:
        plain = {t.k: t.v for t in tags}
        if categories_for(plain):
            self.items.append((f"{kind}/{ident}", plain, where))

    def node(self, n: osmium.osm.Node) -> None:
        """Keep a tagged node."""
        if n.tags and n.location.valid():
            self._keep("node", n.id, n.tags, Point(n.location.lon, n.location.lat))

    def way(self, w: osmium.osm.Way) -> None:
        """Keep a tagged building or area, at the mean of its nodes."""
        if not w.tags or "amenity" not in w.tags and "healthcare" not in w.tags:
            return
        coords = [(nd.lon, nd.lat) for nd in w.nodes if nd.location.valid()]
        if coords:
            lon = sum(c[0] for c in coords) / len(coords)
            lat = sum(c[1] for c in coords) / len(coords)
            self._keep("way", w.id, w.tags, Point(lon, lat))

    def area(self, a: osmium.osm.Area) -> None:
        """Keep the boundary of Monaco (its services follow Monaco's holidays)."""
        tags = a.tags
        # The country relation reaches out to sea and is cut by the extract; the commune
        # (admin_level 8) covers the same land and is complete.
        if tags.get("boundary") != "administrative" or tags.get("name") != "Monaco":
            return
        if tags.get("admin_level") not in ("2", "8"):
            return
        try:
            self.monaco = wkb.loads(self.factory.create_multipolygon(a), hex=True)
        except RuntimeError:
            logger.info("skipping incomplete boundary %s", a.orig_id())


def place_feature(ref: str, tags: dict[str, str], where: Point, country: str) -> dict[str, Any]:
    """Return the GeoJSON Feature of a service draft for one place."""
    hours = first(tags, "opening_hours")
    if hours:
        try:
            check_rule(
                HoursRule(hours, "Europe/Monaco" if country == "MC" else "Europe/Paris", country)
            )
        except HoursError:
            logger.warning("%s: dropping opening_hours %r that cannot be evaluated", ref, hours)
            hours = None
    wheelchair = tags.get("wheelchair")
    props: dict[str, Any] = {
        "name": first(tags, "name", "official_name", "operator") or default_name(tags) or "Service",
        "categories": categories_for(tags),
        "address": address(tags),
        "postcode": first(tags, "addr:postcode"),
        "city": first(tags, "addr:city") or ("Monaco" if country == "MC" else None),
        "phone": first(tags, "phone", "contact:phone"),
        "website": first(tags, "website", "contact:website"),
        "opening_hours": hours,
        "timezone": "Europe/Monaco" if country == "MC" else "Europe/Paris",
        "holiday_country": country,
        "wheelchair": wheelchair if wheelchair in ("yes", "limited", "no") else None,
        "source": "osm",
        "source_id": ref,
    }
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(where.x, 7), round(where.y, 7)]},
        "properties": {k: v for k, v in props.items() if v is not None},
    }


def build(pbf: Path, out: Path) -> int:
    """Write the services found in `pbf` to `out`; return how many."""
    collector = PlaceCollector()
    collector.apply_file(str(pbf), locations=True)
    features = []
    for ref, tags, where in sorted(collector.items, key=lambda item: item[0]):
        inside = collector.monaco is not None and collector.monaco.contains(where)
        features.append(place_feature(ref, tags, where, "MC" if inside else "FR"))
    doc = {
        "type": "FeatureCollection",
        "attribution": ATTRIBUTION,
        "source": f"derived from {pbf.name} by `maraude build-demo`",
        "features": features,
    }
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(features)
