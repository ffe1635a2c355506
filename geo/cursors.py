"""Opaque keyset cursors: the sort key and id of the last row of a page."""

from __future__ import annotations

import base64
import binascii
import json
import uuid

from geo.errors import InvalidParameter


def encode_cursor(name: str, service_id: uuid.UUID) -> str:
    """Return an opaque cursor pointing after (name, id)."""
    raw = json.dumps([name, str(service_id)], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


MAX_CURSOR_CHARS = 1024
"""Longer than any cursor this API makes (names are at most a few hundred characters)."""


def decode_cursor(cursor: str) -> tuple[str, uuid.UUID]:
    """Decode a cursor made by encode_cursor, or raise InvalidParameter."""
    if len(cursor) > MAX_CURSOR_CHARS:
        raise InvalidParameter("cursor", "not a cursor returned by this API")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, sid = json.loads(raw)
        if not isinstance(name, str) or "\x00" in name:
            raise ValueError("not a name")
        return name, uuid.UUID(sid)
    except (binascii.Error, ValueError, TypeError, RecursionError) as exc:
        raise InvalidParameter("cursor", "not a cursor returned by this API") from exc
