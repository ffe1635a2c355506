"""Response classes for the media types the API serves."""

from __future__ import annotations

from fastapi.responses import Response


class GeoJSONResponse(Response):
    """An RFC 7946 document."""

    media_type = "application/geo+json"


GEOJSON = GeoJSONResponse.media_type
