"""Teams: the caller's association's only; coordinators write, workers read."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, status
from fastapi.responses import JSONResponse, Response

from api.deps import CoordinatorTenantDep, IfMatchDep, MemberTenantDep, etag
from api.paging import KeysetDep
from api.schemas.common import OWNED_RESPONSES
from api.schemas.zones import TeamList, TeamRead, team_read
from geo.versions import version_tag
from geo.zones.drafts import TeamDraft
from geo.zones.models import Team
from geo.zones.queries import teams as queries

router = APIRouter(prefix="/api/v1/teams", tags=["teams"])


def _one(team: Team, status_code: int = 200) -> Response:
    headers = {"ETag": etag(version_tag(team.id, team.updated_at)), "Cache-Control": "no-store"}
    if status_code == status.HTTP_201_CREATED:
        headers["Location"] = f"/api/v1/teams/{team.id}"
    body = team_read(team).model_dump(mode="json")
    return JSONResponse(body, status_code=status_code, headers=headers)


@router.get("", response_model=TeamList, responses=OWNED_RESPONSES)
async def list_teams(tenant: MemberTenantDep, keyset: KeysetDep) -> TeamList:
    """Return the association's teams, by label."""
    rows = await queries.list_teams(
        tenant.session, actor=tenant.actor(), limit=keyset.fetch, after=keyset.after
    )
    page, following = keyset.page(rows, lambda t: (t.label, t.id))
    return TeamList(teams=[team_read(t) for t in page], next_cursor=following)


@router.get("/{team_id}", response_model=TeamRead, responses=OWNED_RESPONSES)
async def get_team(team_id: uuid.UUID, tenant: MemberTenantDep) -> Response:
    """Return one of the association's teams, with its ETag."""
    return _one(await queries.get_team(tenant.session, actor=tenant.actor(), team_id=team_id))


@router.post(
    "", response_model=TeamRead, status_code=status.HTTP_201_CREATED, responses=OWNED_RESPONSES
)
async def create_team(draft: TeamDraft, tenant: CoordinatorTenantDep) -> Response:
    """Create a team for the coordinator's association."""
    team = await queries.create_team(tenant.session, actor=tenant.actor(), draft=draft)
    return _one(team, status.HTTP_201_CREATED)


@router.patch("/{team_id}", response_model=TeamRead, responses=OWNED_RESPONSES)
async def patch_team(
    team_id: uuid.UUID,
    patch: Annotated[dict[str, Any], Body(description="JSON merge patch of team fields.")],
    tenant: CoordinatorTenantDep,
    if_match: IfMatchDep,
) -> Response:
    """Change some fields of a team; `If-Match` must carry the ETag you read."""
    team = await queries.patch_team(
        tenant.session, actor=tenant.actor(), team_id=team_id, patch=patch, expected=if_match
    )
    return _one(team)


@router.delete("/{team_id}", status_code=status.HTTP_204_NO_CONTENT, responses=OWNED_RESPONSES)
async def delete_team(
    team_id: uuid.UUID, tenant: CoordinatorTenantDep, if_match: IfMatchDep
) -> Response:
    """Delete a team; `If-Match` must carry the ETag you read."""
    await queries.delete_team(
        tenant.session, actor=tenant.actor(), team_id=team_id, expected=if_match
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
