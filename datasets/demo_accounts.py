"""The demo's associations, accounts, zones and teams (fixed credentials: demo only)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from datasets.demo_loader import demo_dir
from geo.accounts import queries as accounts
from geo.db import Database
from geo.values import Actor
from geo.vocab import Role
from geo.zones.drafts import TeamDraft, ZoneDraft
from geo.zones.models import Team, Zone
from geo.zones.queries.teams import create_team
from geo.zones.queries.zones import create_zone


def demo_accounts() -> dict[str, Any]:
    """Return the demo accounts file."""
    data: dict[str, Any] = json.loads((demo_dir() / "accounts.json").read_text("utf-8"))
    return data


async def _user(session: Any, spec: dict[str, Any], role: Role, association_id: Any) -> Any:
    user = await accounts.find_user(session, username=spec["username"])
    if user is None:
        user = await accounts.create_user(
            session,
            username=spec["username"],
            password=spec["password"],
            role=role,
            association_id=association_id,
            totp_secret=spec.get("totp_secret"),
        )
    return user


async def load_demo_accounts(database: Database) -> int:
    """Create what is missing of the demo accounts, zones and teams; return objects created."""
    data = demo_accounts()
    created = 0
    async with database.instance() as session:
        for spec in data["admins"]:
            await _user(session, spec, Role.ADMIN, None)
        await session.commit()
    for spec in data["associations"]:
        async with database.instance() as session:
            association = await accounts.find_association(session, name=spec["name"])
            if association is None:
                association = await accounts.create_association(session, name=spec["name"])
                created += 1
            coordinator = None
            for user_spec in spec["users"]:
                user = await _user(session, user_spec, Role(user_spec["role"]), association.id)
                if user.role == Role.COORDINATOR:
                    coordinator = user
            await session.commit()
        assert coordinator is not None
        actor = Actor(coordinator.id, coordinator.role, association.id)
        async with database.tenant(association.id) as session:
            created += await _zones_and_teams(session, spec, actor)
            await session.commit()
    return created


async def _zones_and_teams(session: Any, spec: dict[str, Any], actor: Actor) -> int:
    """Create the association's missing zones and teams; return how many."""
    created = 0
    zones = {z.name: z for z in (await session.scalars(select(Zone))).all()}
    for zone in spec["zones"]:
        if zone["name"] not in zones:
            await create_zone(session, actor=actor, draft=ZoneDraft.model_validate(zone))
            created += 1
        elif zones[zone["name"]].commune is None and zone.get("commune"):
            zones[zone["name"]].commune = zone["commune"]  # demo loaded before communes
    teams = set((await session.scalars(select(Team.label))).all())
    for team in spec["teams"]:
        if team["label"] not in teams:
            await create_team(session, actor=actor, draft=TeamDraft.model_validate(team))
            created += 1
    return created
