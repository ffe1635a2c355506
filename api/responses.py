"""Response classes for the media types the API serves."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import JSONResponse


class GeoJSONResponse(JSONResponse):
    """An RFC 7946 document, serialised with orjson (datetimes with their UTC offset); a JSON
    answer, so the OpenAPI document shows its model's schema."""

    media_type = "application/geo+json"

    def render(self, content: Any) -> bytes:
        """Serialise the document."""
        if isinstance(content, bytes):
            return content
        return orjson.dumps(content)


GEOJSON = GeoJSONResponse.media_type
