"""Map OpenStreetMap tags to Maraude categories and service fields."""

from __future__ import annotations

from collections.abc import Mapping

from geo.directory.categories import CATEGORIES

# Names for features mapped without one, by the tag that made them a service.
UNNAMED = {
    "amenity=toilets": "Toilettes publiques",
    "amenity=shower": "Douches publiques",
    "amenity=drinking_water": "Point d'eau potable",
    "amenity=pharmacy": "Pharmacie",
    "amenity=police": "Police",
    "amenity=hospital": "Hôpital",
    "amenity=clinic": "Centre de soins",
    "amenity=doctors": "Cabinet médical",
}


def _matches(spec: str, tags: Mapping[str, str]) -> bool:
    """Return True when every `key=value` of a `+`-joined spec is in the tags."""
    for part in spec.split("+"):
        key, _, value = part.partition("=")
        if tags.get(key) != value:
            return False
    return True


def categories_for(tags: Mapping[str, str]) -> list[str]:
    """Return the category slugs whose OSM mapping the tags satisfy, in taxonomy order."""
    return [c.slug for c in CATEGORIES if any(_matches(spec, tags) for spec in c.osm)]


def default_name(tags: Mapping[str, str]) -> str | None:
    """Return a descriptive name for an unnamed feature."""
    for spec, name in UNNAMED.items():
        if _matches(spec, tags):
            return name
    return None


def first(tags: Mapping[str, str], *keys: str) -> str | None:
    """Return the first non-empty value among `keys`."""
    for key in keys:
        value = tags.get(key)
        if value:
            return value.strip()
    return None


def address(tags: Mapping[str, str]) -> str | None:
    """Return `housenumber street` from `addr:*` tags."""
    street = first(tags, "addr:street", "addr:place")
    number = first(tags, "addr:housenumber")
    if street and number:
        return f"{number} {street}"
    return street
