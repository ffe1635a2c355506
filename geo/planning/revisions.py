"""Kept plans: listed newest first, and revised by hand — rounds changed by a coordinator,
timed again and checked by the planner's validator before they are kept as a new plan."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from geo.planning.models import WeekPlan
from geo.planning.queries import get_plan
from geo.planning.scenario_io import (
    ScenarioError,
    plan_to_dict,
    rounds_from_dict,
    scenario_from_dict,
)
from geo.planning.travel_model import round_paths
from planner.edits import RoundEdit, apply_edits
from planner.model import Round
from planner.validate import Violation


@dataclass(frozen=True, slots=True)
class EditedRound:
    """A round as the coordinator wants it, and whether a re-planning keeps it."""

    edit: RoundEdit
    locked: bool


@dataclass(frozen=True, slots=True)
class Revision:
    """The plan the edits make (format 1), what the validator says of it, and the plan kept
    when it was valid and asked to be kept."""

    result: dict[str, Any]
    violations: tuple[Violation, ...]
    locked: tuple[int, ...]
    kept: uuid.UUID | None = None


async def list_plans(
    session: AsyncSession,
    *,
    association_id: uuid.UUID,
    limit: int,
    after: tuple[datetime, uuid.UUID] | None = None,
) -> list[WeekPlan]:
    """Return the association's kept plans, newest first, after a page's last one."""
    stmt = (
        select(WeekPlan)
        .where(WeekPlan.association_id == association_id)
        .order_by(WeekPlan.created_at.desc(), WeekPlan.id.desc())
        .limit(limit)
    )
    if after is not None:
        stmt = stmt.where(tuple_(WeekPlan.created_at, WeekPlan.id) < after)
    return list((await session.scalars(stmt)).all())


def violation_json(v: Violation) -> dict[str, Any]:
    """Render a violation for the API (tuples as lists)."""
    params = {k: list(p) if isinstance(p, tuple) else p for k, p in v.params.items()}
    return {"code": v.code, "params": params, "message": v.message}


async def revise(
    session: AsyncSession,
    *,
    association_id: uuid.UUID,
    plan_id: uuid.UUID,
    rounds: Sequence[EditedRound],
    keep: bool,
) -> Revision:
    """Apply a coordinator's rounds to one of the association's plans and check them; when
    they are valid and `keep` is asked, store them as a new plan that names its origin."""
    original = await get_plan(session, association_id=association_id, plan_id=plan_id)
    try:
        scenario = scenario_from_dict(original.scenario)
        before = rounds_from_dict(original.result)
    except ScenarioError as exc:  # pragma: no cover - stored plans were written by us
        raise ValueError(f"plan {plan_id} cannot be read: {exc}") from exc
    chosen = [r for r in rounds if r.edit.zones]
    edited = apply_edits(scenario, before, [r.edit for r in chosen])
    result = plan_to_dict(edited.plan, scenario)
    locked = tuple(i for i, r in enumerate(chosen) if r.locked)
    if edited.violations or not keep:
        return Revision(result, edited.violations, locked)
    paths = None
    if original.paths is not None:
        paths = await _paths(session, original, before, edited.plan.rounds, result["rounds"])
    plan = WeekPlan(
        association_id=association_id,
        week_start=original.week_start,
        scenario=original.scenario,
        result=result,
        paths=paths,
        weighted=original.weighted,
        revision_of=original.id,
        locked=list(locked),
    )
    session.add(plan)
    await session.flush()
    return Revision(result, (), locked, plan.id)


def _key(r: Round) -> tuple[str, int, tuple[str, ...]]:
    return r.team, r.shift.start, tuple(s.zone for s in r.stops)


async def _paths(
    session: AsyncSession,
    original: WeekPlan,
    before: Sequence[Round],
    after: Sequence[Round],
    written: Sequence[dict[str, Any]],
) -> list[Any]:
    """Each round's street path: a round left as it was keeps its own, the others are routed."""
    assert original.paths is not None
    earlier = {_key(r): original.paths[i] for i, r in enumerate(before) if i < len(original.paths)}
    changed = [i for i, r in enumerate(after) if _key(r) not in earlier]
    routed = await round_paths(session, original.scenario, [written[i] for i in changed])
    fresh = dict(zip(changed, routed, strict=True))
    return [fresh[i] if i in fresh else earlier[_key(r)] for i, r in enumerate(after)]
