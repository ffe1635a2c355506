"""Opening hours as they are typed: valid or why not, and the week they mean."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import NowDep
from api.schemas.common import PROBLEM_RESPONSES
from api.schemas.hours import DayRead, HoursCheck, HoursWeek
from geo.directory.hours import HoursError, HoursRule, check_rule
from geo.directory.hours_week import week_of

router = APIRouter(prefix="/api/v1", tags=["opening hours"], responses=PROBLEM_RESPONSES)


@router.post("/opening-hours/check", response_model=HoursWeek)
async def check_hours(body: HoursCheck, now: NowDep) -> JSONResponse:
    """Say whether an `opening_hours` expression is valid and draw the current week it means
    (in its time zone and holidays). An invalid expression is an answer, not an error: editors
    call this as the expression is typed. Nothing is kept."""
    rule = HoursRule(body.expression, body.timezone, body.country)
    try:
        check_rule(rule)
    except HoursError as exc:
        answer = HoursWeek(valid=False, error=str(exc), week=[], hours_per_week=0)
    else:
        today = now.astimezone(ZoneInfo(body.timezone)).date()
        week = week_of(rule, today - timedelta(days=today.weekday()))
        answer = HoursWeek(
            valid=True,
            week=[DayRead(day=d.day, date=d.date, spans=list(d.spans)) for d in week.days],
            hours_per_week=week.hours,
        )
    return JSONResponse(answer.model_dump(mode="json"), headers={"Cache-Control": "no-store"})
