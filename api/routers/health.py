"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import ReaderDep, SchemaHeadDep
from api.schemas.common import PROBLEM_RESPONSES
from geo.errors import Unavailable
from geo.health import schema_revision

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """A probe's answer."""

    status: str
    revision: str | None = None


@router.get("/healthz", response_model=Health, summary="Liveness")
async def healthz() -> Health:
    """Answer while the process serves requests."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses=PROBLEM_RESPONSES, summary="Readiness")
async def readyz(session: ReaderDep, head: SchemaHeadDep) -> Health:
    """Answer 200 when the database is reachable and migrated to the head revision."""
    revision = await schema_revision(session)
    if revision != head:
        raise Unavailable(f"database schema is at {revision or 'nothing'}, expected {head}")
    return Health(status="ready", revision=revision)
