"""Teams: the association's own; writes audited."""

from __future__ import annotations

import uuid
from typing import Any

from geoalchemy2.shape import from_shape, to_shape
from sqlalchemy.ext.asyncio import AsyncSession

from geo.geometry import parse_geometry, to_geojson
from geo.owned import (
    create_owned,
    delete_owned,
    get_owned,
    list_owned,
    owner_of,
    patched,
    update_owned,
)
from geo.values import Actor
from geo.zones.drafts import TeamDraft
from geo.zones.models import Team


def _values(draft: TeamDraft) -> dict[str, Any]:
    values = draft.model_dump(exclude={"start", "end"})
    values["start_geom"] = from_shape(parse_geometry(draft.start), srid=4326)
    values["end_geom"] = from_shape(parse_geometry(draft.end), srid=4326)
    values["skills"] = list(values["skills"])
    return values


def draft_values(team: Team) -> dict[str, Any]:
    """Return a team as draft fields (JSON values), ready to be merge-patched."""
    values = {
        name: getattr(team, name) for name in TeamDraft.model_fields if name not in ("start", "end")
    }
    values["start"] = to_geojson(to_shape(team.start_geom))
    values["end"] = to_geojson(to_shape(team.end_geom))
    return values


async def list_teams(
    session: AsyncSession, *, actor: Actor, limit: int, after: tuple[str, uuid.UUID] | None = None
) -> list[Team]:
    """Return a page of the actor's association's teams, by label."""
    return await list_owned(
        session, Team, association_id=owner_of(actor), order=Team.label, limit=limit, after=after
    )


async def get_team(session: AsyncSession, *, actor: Actor, team_id: uuid.UUID) -> Team:
    """Return one team of the actor's association (NotFound for any other)."""
    return await get_owned(session, Team, association_id=owner_of(actor), object_id=team_id)


async def create_team(session: AsyncSession, *, actor: Actor, draft: TeamDraft) -> Team:
    """Create a team for the actor's association."""
    return await create_owned(session, Team, actor=actor, values=_values(draft))


async def update_team(
    session: AsyncSession,
    *,
    actor: Actor,
    team_id: uuid.UUID,
    draft: TeamDraft,
    expected: str | None,
) -> Team:
    """Replace a team's fields when `expected` is its current version."""
    return await update_owned(
        session,
        Team,
        actor=actor,
        object_id=team_id,
        values=_values(draft),
        expected_version=expected,
    )


async def patch_team(
    session: AsyncSession,
    *,
    actor: Actor,
    team_id: uuid.UUID,
    patch: dict[str, Any],
    expected: str | None,
) -> Team:
    """Apply a JSON merge patch to a team when `expected` is its current version."""
    draft = await patched(
        session,
        Team,
        TeamDraft,
        actor=actor,
        object_id=team_id,
        patch=patch,
        values=draft_values,
    )
    return await update_team(session, actor=actor, team_id=team_id, draft=draft, expected=expected)


async def delete_team(
    session: AsyncSession, *, actor: Actor, team_id: uuid.UUID, expected: str | None
) -> None:
    """Delete a team when `expected` is its current version."""
    await delete_owned(session, Team, actor=actor, object_id=team_id, expected_version=expected)
