"""OpenStreetMap points of interest (`.osm.pbf` or `.osm`, read with pyosmium).

Police stations, hospitals, clinics, doctors, pharmacies, showers, toilets, drinking water,
social facilities and `healthcare=*` places, mapped to Maraude categories by their tags
(`datasets/osm_tags.py`), with `opening_hours`, `phone`, `website` and `wheelchair`. A place
tagged `ref:FR:FINESS` adds its hours, website and access to the FINESS establishment of that
number instead of becoming a second service; when no such establishment is loaded it is
imported as an OpenStreetMap service.
"""

from __future__ import annotations

from pathlib import Path

from datasets.drafts_file import DraftFileError, drafts_from_feature
from datasets.importing import ImportFileError, Progress, Reading, Rejected
from datasets.osm_demo import PlaceCollector, place_feature

OWNED = (
    "name",
    "categories",
    "geom",
    "address",
    "postcode",
    "city",
    "phone",
    "website",
    "opening_hours",
    "timezone",
    "holiday_country",
    "schedule_id",
    "wheelchair",
    "visibility",
)


class OsmPlaces:
    """Points of interest of an OpenStreetMap extract."""

    name = "osm"
    owned = OWNED
    enriches = "finess"

    def read(self, path: Path, progress: Progress | None = None) -> Reading:
        """Read the extract's places; raise ImportFileError when pyosmium cannot read it."""
        collector = PlaceCollector()
        try:
            collector.apply_file(str(path), locations=True)
        except RuntimeError as e:
            raise ImportFileError(f"{path.name}: not a readable OSM file ({e})") from None
        reading = Reading()
        items = sorted(collector.items, key=lambda item: item[0])
        for index, (ref, tags, where) in enumerate(items, 1):
            inside = collector.monaco is not None and collector.monaco.contains(where)
            feature = place_feature(ref, tags, where, "MC" if inside else "FR")
            finess = (tags.get("ref:FR:FINESS") or "").strip()
            try:
                draft = drafts_from_feature(feature, where=ref)
            except DraftFileError as e:
                reading.rejected.append(Rejected(index, str(e)))
                continue
            if finess:
                reading.additions.append((finess, draft))
            else:
                reading.add(index, draft)
            if progress is not None and index % 1000 == 0:
                progress(index, len(items))
        return reading
