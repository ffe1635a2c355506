"""The demo's activity: a public equipment recall over the demo area, a team-only safety
alert, thirty weeks of round reports and a stock, so that alerts, stock and statistics show
something. Idempotent: reports carry keys derived from the association, zone and day; alerts
and deliveries are added only when none is there."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from datasets.demo_accounts import demo_accounts
from geo.accounts import queries as accounts
from geo.accounts.models import User
from geo.alerts.drafts import AlertDraft
from geo.alerts.models import Alert
from geo.alerts.queries import create_alert
from geo.db import Database
from geo.reports.drafts import ReportDraft
from geo.reports.models import StockMovement
from geo.reports.queries import deliver, set_threshold, submit_report
from geo.values import Actor
from geo.vocab import Material, ZoneKind
from geo.zones.models import Zone

WEEKS = 30
KEYS = uuid.UUID("0b7a9a4e-5d0c-4a55-9d53-2f3c4f4d8e11")
AREA = {
    "type": "Polygon",
    "coordinates": [[[7.40, 43.72], [7.48, 43.72], [7.48, 43.78], [7.40, 43.78], [7.40, 43.72]]],
}
RECALL = {
    "kind": "equipment-recall",
    "audience": "public",
    "severity": "Severe",
    "urgency": "Immediate",
    "certainty": "Observed",
    "polygon": AREA,
    "product": "Préservatifs « Exemple » 52 mm (fictif)",
    "batch": "DEMO-2026-117",
    "messages": {
        "fr": {
            "headline": "Rappel de préservatifs (démonstration)",
            "description": "Alerte fictive de démonstration : le lot DEMO-2026-117 de "
            "préservatifs « Exemple » se déchire.",
            "instruction": "Ne pas utiliser ; les associations les échangent gratuitement.",
        },
        "en": {
            "headline": "Condom recall (demo)",
            "description": "Fictitious demo alert: batch DEMO-2026-117 of 'Exemple' condoms tears.",
            "instruction": "Do not use them; outreach teams swap them free of charge.",
        },
    },
}
SAFETY = {
    "kind": "safety",
    "audience": "association",
    "severity": "Moderate",
    "urgency": "Expected",
    "certainty": "Likely",
    "polygon": {
        "type": "Polygon",
        "coordinates": [
            [[7.419, 43.734], [7.427, 43.734], [7.427, 43.740], [7.419, 43.740], [7.419, 43.734]]
        ],
    },
    "messages": {
        "fr": {
            "headline": "Agressions signalées près du port (démonstration)",
            "description": "Alerte fictive : des agressions ont été signalées ces deux "
            "dernières nuits.",
            "instruction": "Passer à deux, garder le téléphone de permanence allumé.",
        },
    },
}


async def load_demo_activity(database: Database, *, today: date | None = None) -> int:
    """Add what is missing of the demo's alerts, reports and stock; return records added."""
    today = today or datetime.now(UTC).date()
    added = 0
    async with database.instance() as session:
        admin = await session.scalar(select(User).where(User.role == "admin").order_by(User.id))
        if admin is not None and not await _active(session, "equipment-recall", today):
            actor = Actor(admin.id, "admin", None)
            await create_alert(session, actor=actor, draft=_draft(RECALL, today, days=30))
            added += 1
        await session.commit()
    for index, spec in enumerate(demo_accounts()["associations"]):
        added += await _association(database, spec, today, first=index == 0)
    return added


def _draft(body: dict[str, Any], today: date, *, days: float) -> AlertDraft:
    onset = datetime.combine(today, datetime.min.time(), UTC) - timedelta(hours=6)
    return AlertDraft.model_validate(
        {**body, "onset": onset, "expires": onset + timedelta(days=days)}
    )


async def _active(session: Any, kind: str, today: date) -> bool:
    now = datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=12)
    found = await session.scalar(
        select(func.count())
        .select_from(Alert)
        .where(Alert.kind == kind, Alert.expires > now, Alert.cancelled_at.is_(None))
    )
    return bool(found)


async def _association(database: Database, spec: dict[str, Any], today: date, first: bool) -> int:
    async with database.instance() as session:
        association = await accounts.find_association(session, name=spec["name"])
        coordinator = next(u for u in spec["users"] if u["role"] == "coordinator")
        user = await accounts.find_user(session, username=coordinator["username"])
    if association is None or user is None:
        return 0
    actor = Actor(user.id, "coordinator", association.id)
    added = 0
    async with database.tenant(association.id) as session:
        if first and not await _active(session, "safety", today):
            await create_alert(session, actor=actor, draft=_draft(SAFETY, today, days=2))
            added += 1
        delivered = await session.scalar(
            select(func.count()).select_from(StockMovement).where(StockMovement.delta > 0)
        )
        if not delivered:
            for item in Material:
                await deliver(
                    session, actor=actor, owner=association.id, item=item, quantity=_stock(item)
                )
                await set_threshold(
                    session,
                    actor=actor,
                    owner=association.id,
                    item=item,
                    threshold=_stock(item) // 5,
                )
            added += 1
        zones = (
            await session.scalars(
                select(Zone).where(Zone.kind != ZoneKind.ONLINE.value).order_by(Zone.name)
            )
        ).all()
        for draft in _reports(association.id, [z.id for z in zones], today):
            stored = await submit_report(session, actor=actor, draft=draft)
            added += int(stored.created)
        await session.commit()
    return added


def _stock(item: Material) -> int:
    return {Material.MALE_CONDOMS: 12000, Material.LUBRICANT: 4000, Material.BROCHURES: 1500}.get(
        item, 600
    )


def _reports(association: uuid.UUID, zones: list[uuid.UUID], today: date) -> list[ReportDraft]:
    """Two rounds a week over the last thirty weeks through every zone, seeded by the day
    (the public statistics show quarters closed to reports only)."""
    drafts = []
    for day in range(WEEKS * 7, 0, -1):
        visited = today - timedelta(days=day)
        if visited.weekday() not in (1, 4):  # Tuesdays and Fridays
            continue
        rng = random.Random(f"{association}:{visited.isoformat()}")
        visits = []
        for zone in zones:
            people = rng.randint(2, 14)
            visits.append(
                {
                    "zone_id": zone,
                    "people_met": people,
                    "rapid_tests": rng.randint(0, 3),
                    "material": {
                        "male-condoms": people * rng.randint(5, 12),
                        "lubricant": people * rng.randint(1, 4),
                        "hiv-self-tests": rng.randint(0, 2),
                        "brochures": rng.randint(1, people),
                        "food-and-drink": rng.randint(0, people),
                    },
                    "referrals": {"cegidd": rng.randint(0, 2), "social-rights": rng.randint(0, 1)},
                }
            )
        if visits:
            key = uuid.uuid5(KEYS, f"{association}:{visited.isoformat()}")
            drafts.append(
                ReportDraft.model_validate({"key": key, "visited_on": visited, "zones": visits})
            )
    return drafts
