"""Verification campaigns: every service of a set asked to confirm or correct its record."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1/campaigns", tags=["campaigns"])
