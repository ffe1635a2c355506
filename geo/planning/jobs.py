"""Running a planning job: the association's week from the database through the planner."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.exc import DBAPIError

from geo.db import Database
from geo.planning.queries import build_week, get_job, get_plan, set_job, store_plan
from geo.planning.scenario_io import plan_to_dict, rounds_from_dict, scenario_from_dict
from geo.planning.travel_model import FALLBACK, network_travel, round_paths
from geo.planning.weighting import WeightedZone
from planner.engines import default_engine
from planner.model import Round
from planner.weekly import Budget, plan_week

logger = logging.getLogger(__name__)


async def _locked_rounds(
    database: Database, association_id: uuid.UUID, locked: dict[str, Any] | None
) -> list[Round]:
    if not locked:
        return []
    async with database.tenant(association_id) as session:
        previous = await get_plan(
            session, association_id=association_id, plan_id=uuid.UUID(locked["plan_id"])
        )
        rounds = rounds_from_dict(previous.result)
    return [rounds[i] for i in locked.get("rounds", []) if 0 <= i < len(rounds)]


async def _report_progress(
    database: Database, association_id: uuid.UUID, job_id: uuid.UUID, share: list[float]
) -> None:
    while True:
        await asyncio.sleep(1.0)
        async with database.tenant(association_id) as session:
            await set_job(session, job_id=job_id, progress=round(share[0], 3))
            await session.commit()


@dataclass(frozen=True, slots=True)
class _Prepared:
    request: dict[str, Any]
    week: date
    scenario: dict[str, Any]
    weighted: tuple[WeightedZone, ...]
    travel: dict[str, Any] | None
    why: str | None


async def _prepare(
    database: Database, *, job_id: uuid.UUID, association_id: uuid.UUID
) -> _Prepared:
    """Read the job and build its scenario from the database; mark the job running."""
    async with database.tenant(association_id) as session:
        job = await get_job(session, association_id=association_id, job_id=job_id)
        request = dict(job.request)
        week = date.fromisoformat(request["week_start"])
        ids = {
            k: [uuid.UUID(i) for i in request[k]] if request.get(k) else None
            for k in ("zone_ids", "team_ids")
        }
        built = await build_week(
            session,
            association_id=association_id,
            week_start=week,
            zone_ids=ids["zone_ids"],
            team_ids=ids["team_ids"],
        )
        scenario_data = built.scenario
        try:
            async with session.begin_nested():
                travel, why = await network_travel(session, scenario_data)
        except DBAPIError as exc:  # an unreadable network must not stop the planning
            logger.error("street network unavailable for planning: %s", type(exc).__name__)
            travel, why = None, "the street network could not be read"
        if travel is not None:
            scenario_data["travel"] = travel
        await set_job(session, job_id=job_id, status="running", progress=0.0)
        await session.commit()
    return _Prepared(request, week, scenario_data, built.weighted, travel, why)


async def _plan(
    database: Database, job_id: uuid.UUID, association_id: uuid.UUID, ready: _Prepared
) -> None:
    """Plan the prepared week and store the plan on the job, reporting progress meanwhile."""
    share = [0.0]
    reporter = asyncio.create_task(_report_progress(database, association_id, job_id, share))
    try:
        locked = await _locked_rounds(database, association_id, ready.request.get("locked"))
        scenario = scenario_from_dict(ready.scenario)
        budget = Budget(
            iterations=ready.request.get("iterations"),
            seconds=float(ready.request.get("seconds", 30)),
            seed=int(ready.request.get("seed", 1)),
        )
        plan = await asyncio.to_thread(
            plan_week,
            scenario,
            default_engine(),
            budget,
            locked=locked,
            progress=lambda p: share.__setitem__(0, p),
        )
        result = plan_to_dict(plan, scenario)
        if ready.why is not None:
            result["warnings"] = [FALLBACK.format(why=ready.why), *result["warnings"]]
        async with database.tenant(association_id) as session:
            paths = None
            if ready.travel is not None:
                paths = await round_paths(session, ready.scenario, result["rounds"])
            plan_id = await store_plan(
                session,
                association_id=association_id,
                week_start=ready.week,
                scenario=ready.scenario,
                result=result,
                paths=paths,
                weighted=ready.weighted,
            )
            await set_job(session, job_id=job_id, status="succeeded", progress=1.0, plan_id=plan_id)
            await session.commit()
    finally:
        reporter.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reporter


async def run_plan_job(database: Database, *, job_id: uuid.UUID, association_id: uuid.UUID) -> None:
    """Plan the week a job asks for; record the plan, or the failure, on the job — whatever
    step fails, the first query included. If even the failure cannot be recorded, the task
    fails in the queue, where the worker's recovery finds it."""
    try:
        ready = await _prepare(database, job_id=job_id, association_id=association_id)
        await _plan(database, job_id, association_id, ready)
    except Exception as exc:
        # The message could quote a zone; the kind of failure is enough to act on.
        logger.error("planning job failed: %s", type(exc).__name__)
        await end_plan_job(
            database, association_id, job_id, error=f"planning failed ({type(exc).__name__})"
        )


async def end_plan_job(
    database: Database, association_id: uuid.UUID, job_id: uuid.UUID, *, error: str
) -> None:
    """Mark a planning job failed with a reason, unless it already ended."""
    async with database.tenant(association_id) as session:
        await set_job(session, job_id=job_id, status="failed", error=error, unless_ended=True)
        await session.commit()


async def requeue_plan_job(
    database: Database, association_id: uuid.UUID, job_id: uuid.UUID
) -> None:
    """Put a planning job back to queued, its progress lost, for a retry."""
    async with database.tenant(association_id) as session:
        await set_job(session, job_id=job_id, status="queued", progress=0.0, unless_ended=True)
        await session.commit()
