"""The coordinators' console: zone pages (shells; their script reads and writes through the
JSON API with the session cookie, and the API applies its rules)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/app", include_in_schema=False)
