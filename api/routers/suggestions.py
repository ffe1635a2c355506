"""Suggestions from anyone: a problem with a service, or a service to add; moderated."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1/suggestions", tags=["suggestions"])
