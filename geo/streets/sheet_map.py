"""The streets drawn under the way on an orientation sheet: the loaded street network within a
small box, as lines, classed as the light basemap classes them."""

from __future__ import annotations

import json
from dataclasses import dataclass

from geo.db import Reader
from geo.streets.basemap import basemap
from geo.values import BBox


@dataclass(frozen=True, slots=True)
class Street:
    """One stretch of street: 2 a main road, 1 another street cars use, 0 a walkers' way."""

    kind: int
    line: tuple[tuple[float, float], ...]


async def streets_in(reader: Reader, *, bbox: BBox) -> tuple[Street, ...]:
    """Return the stretches of street within `bbox` (and the parts of them just outside it);
    nothing but streets: no zone, no service."""
    collection = json.loads(await basemap(reader, bbox=bbox))
    return tuple(
        Street(
            kind=int(feature["properties"]["k"]),
            line=tuple((float(x), float(y)) for x, y in feature["geometry"]["coordinates"]),
        )
        for feature in collection["features"]
        if feature["geometry"]["type"] == "LineString"
    )
