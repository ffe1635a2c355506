"""Health alerts: publish, raise from the field, confirm, cancel, list those in force, and what
of an association's own they touch. Row-level security shows each caller the public alerts and
its association's only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from geoalchemy2.shape import from_shape, to_shape
from shapely.geometry import MultiPolygon
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from geo.accounts import audit
from geo.alerts.drafts import AlertDraft, Circle, FieldAlertDraft
from geo.alerts.feeds import PublicAlert
from geo.alerts.models import Alert
from geo.alerts.situations import messages_for
from geo.errors import Conflict, Forbidden, NotFound, TooManyFieldAlerts
from geo.geometry import to_geojson
from geo.planning.tonight import rounds_between
from geo.values import Actor
from geo.vocab import AlertAudience, AlertKind, Certainty, Role, Urgency
from geo.zones.models import Zone

_TYPE = "alert"
UNCONFIRMED_MAX = 5
"""How many unconfirmed field alerts in force one member may have raised: more waits for a
coordinator to confirm or withdraw some (a stuck phone or a slip of the thumb floods no one)."""


@dataclass(frozen=True, slots=True)
class Touched:
    """What of an association's own an alert touches: zones, and rounds due soon."""

    zones: tuple[tuple[uuid.UUID, str], ...]
    rounds: tuple[dict[str, Any], ...]


def area_geojson(alert: Alert) -> dict[str, Any] | None:
    """The alert's area (its polygon, or the circle drawn as one), as GeoJSON."""
    return None if alert.area is None else to_geojson(to_shape(alert.area))


def audience_of(alert: Alert) -> AlertAudience:
    """Public, or one association's teams."""
    return AlertAudience.PUBLIC if alert.association_id is None else AlertAudience.ASSOCIATION


def is_field(alert: Alert) -> bool:
    """True for an alert raised from the field by a team member."""
    return alert.raised_by is not None


def is_confirmed(alert: Alert) -> bool:
    """False only for a field alert no coordinator has confirmed yet."""
    return not is_field(alert) or alert.confirmed_at is not None


async def create_alert(session: AsyncSession, *, actor: Actor, draft: AlertDraft) -> Alert:
    """Publish an alert: an admin's are public, a coordinator's for its association."""
    public = draft.audience is AlertAudience.PUBLIC
    if public and actor.role != "admin":
        raise Forbidden("only an admin publishes public alerts; yours reach your teams")
    if not public and actor.association_id is None:
        raise Forbidden("an admin has no teams: publish a public alert")
    shape = draft.area_shape()
    alert = Alert(
        association_id=None if public else actor.association_id,
        kind=draft.kind.value,
        severity=draft.severity.value,
        urgency=draft.urgency.value,
        certainty=draft.certainty.value,
        onset=draft.onset,
        expires=draft.expires,
        area=None if shape is None else from_shape(MultiPolygon([shape]), srid=4326),
        circle=None if draft.circle is None else draft.circle.model_dump(),
        messages={k: v.model_dump() for k, v in draft.messages.items()},
        product=draft.product,
        batch=draft.batch,
        created_by=actor.user_id,
    )
    session.add(alert)
    await session.flush()
    if draft.circle is not None:
        await _draw_circle(session, alert_id=alert.id, circle=draft.circle)
    await audit.record(
        session,
        actor=actor,
        action="create",
        object_type=_TYPE,
        object_id=str(alert.id),
        association_id=alert.association_id,
        detail={"kind": alert.kind, "audience": audience_of(alert).value},
    )
    await session.refresh(alert)
    return alert


async def _draw_circle(session: AsyncSession, *, alert_id: uuid.UUID, circle: Circle) -> None:
    """Store a circle's disc (metres on the sphere) as the alert's area."""
    centre = func.ST_SetSRID(func.ST_MakePoint(circle.lon, circle.lat), 4326)
    disc = func.ST_Buffer(func.Geography(centre), circle.radius_km * 1000, 32)
    await session.execute(
        update(Alert).where(Alert.id == alert_id).values(area=func.ST_Multi(func.Geometry(disc)))
    )


async def raise_field_alert(
    session: AsyncSession, *, actor: Actor, draft: FieldAlertDraft, at: datetime
) -> Alert:
    """Raise a safety alert from the field for the member's association, in force from `at`
    for the hours asked, unconfirmed until a coordinator confirms it."""
    if actor.association_id is None:
        raise Forbidden("only an association's members raise field alerts")
    # One member's raises are counted one at a time, so two at once cannot both pass the limit.
    await session.execute(
        select(func.pg_advisory_xact_lock(func.hashtextextended(f"field-alert:{actor.user_id}", 0)))
    )
    if await _unconfirmed_raised(session, user_id=actor.user_id, at=at) >= UNCONFIRMED_MAX:
        raise TooManyFieldAlerts(
            f"you have {UNCONFIRMED_MAX} unconfirmed field alerts in force: a coordinator "
            "confirms or withdraws them first"
        )
    circle = draft.circle()
    alert = Alert(
        association_id=actor.association_id,
        kind=AlertKind.SAFETY.value,
        severity=draft.severity,
        urgency=Urgency.IMMEDIATE.value,
        certainty=Certainty.LIKELY.value,
        onset=at,
        expires=at + timedelta(hours=draft.hours),
        circle=circle.model_dump(),
        messages=messages_for(draft.situation),
        created_by=actor.user_id,
        raised_by=actor.user_id,
        situation=draft.situation.value,
    )
    session.add(alert)
    await session.flush()
    await _draw_circle(session, alert_id=alert.id, circle=circle)
    await audit.record(
        session,
        actor=actor,
        action="create",
        object_type=_TYPE,
        object_id=str(alert.id),
        association_id=alert.association_id,
        detail={
            "kind": alert.kind,
            "audience": AlertAudience.ASSOCIATION.value,
            "situation": alert.situation,
            "field": True,
        },
    )
    await session.refresh(alert)
    return alert


async def _unconfirmed_raised(session: AsyncSession, *, user_id: uuid.UUID, at: datetime) -> int:
    """How many unconfirmed field alerts in force the user raised."""
    count = await session.scalar(
        select(func.count())
        .select_from(Alert)
        .where(
            Alert.raised_by == user_id,
            Alert.confirmed_at.is_(None),
            Alert.cancelled_at.is_(None),
            Alert.expires > at,
        )
    )
    return int(count or 0)


async def confirm_alert(session: AsyncSession, *, actor: Actor, alert_id: uuid.UUID) -> None:
    """Confirm a field alert of the coordinator's association (again: nothing changes; an
    alert published by a coordinator is confirmed already)."""
    if actor.role != Role.COORDINATOR:
        raise Forbidden("only the association's coordinators confirm a field alert")
    alert = await get_alert(session, alert_id)
    if alert.association_id is None or alert.association_id != actor.association_id:
        raise Forbidden("only its association's coordinators confirm an alert")
    if alert.cancelled_at is not None:
        raise Conflict("this alert was withdrawn: raise it again if the danger is back")
    if is_confirmed(alert):
        return
    alert.confirmed_at = func.now()
    await audit.record(
        session,
        actor=actor,
        action="confirm",
        object_type=_TYPE,
        object_id=str(alert.id),
        association_id=alert.association_id,
        detail={"situation": alert.situation},
    )


async def active_alerts(session: AsyncSession, *, at: datetime) -> list[Alert]:
    """Alerts in force at `at` that the session may see, most severe first."""
    order = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")
    rank = func.array_position(order, Alert.severity)
    rows = await session.scalars(
        select(Alert)
        .where(Alert.onset <= at, Alert.expires > at, Alert.cancelled_at.is_(None))
        .order_by(rank, Alert.onset.desc(), Alert.id)
    )
    return list(rows.all())


async def public_alerts_over(
    session: AsyncSession, *, at: datetime, area: tuple[float, float, float, float]
) -> list[Alert]:
    """Public alerts in force whose area meets a west, south, east, north box (or covers the
    whole territory)."""
    box = func.ST_MakeEnvelope(*area, 4326)
    rows = await session.scalars(
        select(Alert)
        .where(
            Alert.association_id.is_(None),
            Alert.onset <= at,
            Alert.expires > at,
            Alert.cancelled_at.is_(None),
            (Alert.area.is_(None)) | func.ST_Intersects(Alert.area, box),
        )
        .order_by(Alert.onset.desc(), Alert.id)
    )
    return list(rows.all())


async def get_alert(session: AsyncSession, alert_id: uuid.UUID) -> Alert:
    """An alert the session may see, or NotFound."""
    alert = await session.get(Alert, alert_id)
    if alert is None:
        raise NotFound("no such alert")
    return alert


def _may_cancel(alert: Alert, actor: Actor) -> bool:
    """Admins cancel public alerts; an association's coordinators its alerts; a member the
    field alert they raised, while no coordinator has confirmed it."""
    if alert.association_id is None:
        return actor.role == Role.ADMIN
    if alert.association_id != actor.association_id:
        return False
    if actor.role == Role.COORDINATOR:
        return True
    return alert.raised_by == actor.user_id and not is_confirmed(alert)


async def cancel_alert(session: AsyncSession, *, actor: Actor, alert_id: uuid.UUID) -> None:
    """Withdraw an alert (see `_may_cancel` for who may)."""
    alert = await get_alert(session, alert_id)
    if not _may_cancel(alert, actor):
        raise Forbidden(
            "only its association's coordinators (or, public, an admin) cancel it; a member "
            "withdraws the field alert they raised until it is confirmed"
        )
    alert.cancelled_at = func.now()
    await audit.record(
        session,
        actor=actor,
        action="cancel",
        object_type=_TYPE,
        object_id=str(alert.id),
        association_id=alert.association_id,
    )


async def zones_touched(
    session: AsyncSession, alerts: list[Alert], *, association_id: uuid.UUID
) -> dict[uuid.UUID, list[tuple[uuid.UUID, str]]]:
    """For each alert, the association's zones in its area, by name. The session must be the
    association's: the zones are only ever its own."""
    found: dict[uuid.UUID, list[tuple[uuid.UUID, str]]] = {a.id: [] for a in alerts}
    located = [a.id for a in alerts if a.area is not None]
    if located:
        rows = await session.execute(
            select(Alert.id, Zone.id, Zone.name)
            .join(Zone, func.ST_Intersects(Zone.geom, Alert.area))
            .where(Alert.id.in_(located), Zone.association_id == association_id)
            .order_by(Zone.name, Zone.id)
        )
        for alert_id, zone_id, name in rows:
            found[alert_id].append((zone_id, name))
    everywhere = [a.id for a in alerts if a.area is None]
    if everywhere:
        every = await session.execute(
            select(Zone.id, Zone.name)
            .where(Zone.association_id == association_id, Zone.geom.is_not(None))
            .order_by(Zone.name, Zone.id)
        )
        listed = [(z, n) for z, n in every]
        for alert_id in everywhere:
            found[alert_id] = listed
    return found


async def touched(
    session: AsyncSession, alerts: list[Alert], *, association_id: uuid.UUID, at: datetime
) -> dict[uuid.UUID, Touched]:
    """For each alert, the association's zones it touches and its rounds (of the plans around
    now) that visit one of them in the next 24 hours."""
    if not alerts:
        return {}
    found = await zones_touched(session, alerts, association_id=association_id)
    rounds = await _rounds_soon(session, association_id=association_id, at=at)
    result = {}
    for alert_id, zones in found.items():
        ids = {str(z) for z, _ in zones}
        due = tuple(r for r in rounds if ids & set(r["zones"]))
        result[alert_id] = Touched(
            tuple(zones), tuple({k: v for k, v in r.items() if k != "zones"} for r in due)
        )
    return result


async def _rounds_soon(
    session: AsyncSession, *, association_id: uuid.UUID, at: datetime
) -> list[dict[str, Any]]:
    """Rounds of the association's latest plan of each week (around now) whose shift overlaps
    the next 24 hours."""
    found = await rounds_between(
        session, association_id=association_id, start=at, end=at + timedelta(hours=24)
    )
    return [
        {
            "plan": plan,
            "index": r.index,
            "team": r.team_id,
            "shift_start": r.shift_start,
            "zones": [s.zone_id for s in r.stops],
        }
        for plan, r in found
    ]


def as_public(alert: Alert) -> PublicAlert:
    """What the feeds say of an alert."""
    ring = None
    if alert.area is not None and alert.circle is None:
        shape = to_shape(alert.area)
        ring = [(x, y) for x, y in shape.geoms[0].exterior.coords]
    return PublicAlert(
        id=str(alert.id),
        kind=alert.kind,
        severity=alert.severity,
        urgency=alert.urgency,
        certainty=alert.certainty,
        onset=alert.onset,
        expires=alert.expires,
        sent=alert.created_at,
        messages=alert.messages,
        polygon=ring,
        circle=alert.circle,
        product=alert.product,
        batch=alert.batch,
    )


async def preview(
    session: AsyncSession, *, actor: Actor, draft: AlertDraft, at: datetime
) -> Touched:
    """What an alert would touch if published now: the author's association's zones in its
    area, and their rounds due within 24 hours of its onset (or of now, if later). The alert
    is made as publishing would make it, read, and undone: nothing is kept, not even in the
    audit log."""
    async with session.begin_nested() as attempt:
        alert = await create_alert(session, actor=actor, draft=draft)  # refuses as publishing
        found = (
            await touched(
                session, [alert], association_id=actor.association_id, at=max(at, draft.onset)
            )
            if actor.association_id is not None
            else {alert.id: Touched((), ())}  # an admin's public alert: no teams of theirs
        )
        await attempt.rollback()
    return found[alert.id]
