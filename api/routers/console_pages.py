"""The coordinators' console in the team app: suggestions to moderate, verification
campaigns, services to check."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/app", include_in_schema=False)
