"""Teams: the caller's association's only; coordinators write, workers read."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, status
from fastapi.responses import JSONResponse, Response

from api.deps import (
    CoordinatorDep,
    DatabaseDep,
    IfMatchDep,
    SettingsDep,
    TeamMemberDep,
    check_limit,
    etag,
)
from api.schemas.common import OWNED_RESPONSES
from api.schemas.zones import TeamList, TeamRead, team_read
from geo.cursors import decode_cursor, encode_cursor
from geo.models import Team
from geo.queries import teams as queries
from geo.queries.owned import get_owned
from geo.validation import validated
from geo.versions import version_tag
from geo.zone_drafts import TeamDraft

router = APIRouter(prefix="/api/v1/teams", tags=["teams"])


def _one(team: Team, status_code: int = 200) -> Response:
    headers = {"ETag": etag(version_tag(team.id, team.updated_at)), "Cache-Control": "no-store"}
    if status_code == status.HTTP_201_CREATED:
        headers["Location"] = f"/api/v1/teams/{team.id}"
    body = team_read(team).model_dump(mode="json")
    return JSONResponse(body, status_code=status_code, headers=headers)


@router.get("", response_model=TeamList, responses=OWNED_RESPONSES)
async def list_teams(
    member: TeamMemberDep,
    database: DatabaseDep,
    settings: SettingsDep,
    limit: Annotated[int | None, Query(description="Page size.")] = None,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page.")] = None,
) -> TeamList:
    """Return the association's teams, by label."""
    size = check_limit(limit, default=settings.page_default_limit, maximum=settings.page_max_limit)
    after = decode_cursor(cursor) if cursor else None
    async with database.tenant(member.association_id) as session:
        rows = await queries.list_teams(session, actor=member.actor(), limit=size + 1, after=after)
    page = rows[:size]
    nxt = encode_cursor(page[-1].label, page[-1].id) if len(rows) > size else None
    return TeamList(teams=[team_read(t) for t in page], next_cursor=nxt)


@router.get("/{team_id}", response_model=TeamRead, responses=OWNED_RESPONSES)
async def get_team(team_id: uuid.UUID, member: TeamMemberDep, database: DatabaseDep) -> Response:
    """Return one of the association's teams, with its ETag."""
    async with database.tenant(member.association_id) as session:
        team = await queries.get_team(session, actor=member.actor(), team_id=team_id)
    return _one(team)


@router.post(
    "", response_model=TeamRead, status_code=status.HTTP_201_CREATED, responses=OWNED_RESPONSES
)
async def create_team(
    draft: TeamDraft, coordinator: CoordinatorDep, database: DatabaseDep
) -> Response:
    """Create a team for the coordinator's association."""
    async with database.tenant(coordinator.association_id) as session:
        team = await queries.create_team(session, actor=coordinator.actor(), draft=draft)
        await session.commit()
    return _one(team, status.HTTP_201_CREATED)


@router.patch("/{team_id}", response_model=TeamRead, responses=OWNED_RESPONSES)
async def patch_team(
    team_id: uuid.UUID,
    patch: Annotated[dict[str, Any], Body(description="JSON merge patch of team fields.")],
    coordinator: CoordinatorDep,
    database: DatabaseDep,
    if_match: IfMatchDep,
) -> Response:
    """Change some fields of a team; `If-Match` must carry the ETag you read."""
    owner = coordinator.association_id
    assert owner is not None
    async with database.tenant(owner) as session:
        current = await get_owned(session, Team, association_id=owner, object_id=team_id)
        draft = validated(TeamDraft, {**queries.draft_values(current), **patch})
        team = await queries.update_team(
            session, actor=coordinator.actor(), team_id=team_id, draft=draft, expected=if_match
        )
        await session.commit()
    return _one(team)


@router.delete("/{team_id}", status_code=status.HTTP_204_NO_CONTENT, responses=OWNED_RESPONSES)
async def delete_team(
    team_id: uuid.UUID, coordinator: CoordinatorDep, database: DatabaseDep, if_match: IfMatchDep
) -> Response:
    """Delete a team; `If-Match` must carry the ETag you read."""
    async with database.tenant(coordinator.association_id) as session:
        await queries.delete_team(
            session, actor=coordinator.actor(), team_id=team_id, expected=if_match
        )
        await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
