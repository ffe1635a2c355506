"""The public pages of suggestions: report a problem with a service, suggest a service, and
the page a suggester comes back to with their reference."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
