"""Health alerts (guidelines VI): publish, cancel, read; CAP 1.2 and Atom for public ones."""

from __future__ import annotations

import uuid
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import Response
from geoalchemy2.shape import to_shape

from api.deps import DatabaseDep, EditorDep, NowDep, PrincipalDep
from api.schemas.alerts import AlertList, AlertRead, RoundRef, ZoneRef
from geo.alert_drafts import AlertDraft
from geo.errors import InvalidParameter, NotFound
from geo.models import Alert
from geo.queries import alerts as queries
from geo.vocab import PAGE_LANGUAGES, Role
from web.alert_feeds import PublicAlert, atom_feed, cap_cancel, cap_message

router = APIRouter(tags=["alerts"])
CAP_TYPE = "application/cap+xml"
ATOM_TYPE = "application/atom+xml"


def _read(alert: Alert, touched: queries.Touched | None) -> AlertRead:
    public = alert.association_id is None
    return AlertRead(
        id=alert.id,
        kind=alert.kind,
        audience=queries.audience_of(alert).value,
        severity=alert.severity,
        urgency=alert.urgency,
        certainty=alert.certainty,
        onset=alert.onset,
        expires=alert.expires,
        area=queries.area_geojson(alert),
        circle=alert.circle,
        messages=alert.messages,
        product=alert.product,
        batch=alert.batch,
        cap=f"/api/v1/alerts/{alert.id}.cap" if public else None,
        zones=None if touched is None else [ZoneRef(id=i, name=n) for i, n in touched.zones],
        rounds=None
        if touched is None
        else [
            RoundRef(
                plan=f"/api/v1/plans/{r['plan']}",
                index=r["index"],
                team=r["team"],
                shift_start=r["shift_start"],
            )
            for r in touched.rounds
        ],
    )


def public_alert(alert: Alert) -> PublicAlert:
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


@router.get("/api/v1/alerts", response_model=AlertList)
async def list_alerts(principal: PrincipalDep, database: DatabaseDep, now: NowDep) -> AlertList:
    """Alerts in force: public ones for everyone; a team member sees their association's too,
    and for each which of their zones and rounds due in 24 hours it touches."""
    member = principal is not None and principal.role in (Role.WORKER, Role.COORDINATOR)
    owner = principal.association_id if member and principal is not None else None
    async with database.tenant(owner) as session:
        rows = await queries.active_alerts(session, at=now)
        touched = (
            await queries.touched(session, rows, association_id=owner, at=now)
            if owner is not None
            else {}
        )
    return AlertList(alerts=[_read(a, touched.get(a.id)) for a in rows])


@router.post("/api/v1/alerts", response_model=AlertRead, status_code=status.HTTP_201_CREATED)
async def publish_alert(body: AlertDraft, editor: EditorDep, database: DatabaseDep) -> AlertRead:
    """Publish an alert: coordinators for their association's teams (`audience:
    association`), admins for the public (`audience: public`)."""
    async with database.tenant(editor.association_id) as session:
        alert = await queries.create_alert(session, actor=editor.actor(), draft=body)
        await session.commit()
    return _read(alert, None)


@router.delete("/api/v1/alerts/{alert_id}", status_code=status.HTTP_204_NO_CONTENT)
async def cancel_alert(alert_id: uuid.UUID, editor: EditorDep, database: DatabaseDep) -> Response:
    """Withdraw an alert before it expires."""
    async with database.tenant(editor.association_id) as session:
        await queries.cancel_alert(session, actor=editor.actor(), alert_id=alert_id)
        await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/api/v1/alerts/{alert_id}.cap",
    response_class=Response,
    responses={200: {"content": {CAP_TYPE: {}}, "description": "A CAP 1.2 message."}},
)
async def alert_cap(alert_id: uuid.UUID, request: Request, database: DatabaseDep) -> Response:
    """A public alert as a CAP 1.2 message (team alerts have none); once cancelled, the CAP
    `Cancel` message that withdraws it."""
    async with database.tenant(None) as session:
        alert = await queries.get_alert(session, alert_id)
    if alert.association_id is not None:
        raise NotFound("no such alert")
    settings = request.app.state.settings
    sender, zone = f"maraude@{request.url.hostname}", ZoneInfo(settings.default_timezone)
    if alert.cancelled_at is not None:
        body = cap_cancel(
            public_alert(alert), cancelled=alert.cancelled_at, sender=sender, zone=zone
        )
        return Response(body, media_type=CAP_TYPE)
    body = cap_message(
        public_alert(alert),
        sender=sender,
        zone=zone,
        base_url=str(request.base_url).rstrip("/"),
    )
    return Response(body, media_type=CAP_TYPE)


@router.get(
    "/alerts.atom",
    response_class=Response,
    responses={200: {"content": {ATOM_TYPE: {}}, "description": "An Atom feed."}},
)
async def alerts_atom(
    request: Request,
    database: DatabaseDep,
    now: NowDep,
    lang: Annotated[
        str, Query(description="Page language; French where an alert has none.")
    ] = "fr",
) -> Response:
    """The public alerts in force, as an Atom feed."""
    if lang not in PAGE_LANGUAGES:
        raise InvalidParameter("lang", f"one of {', '.join(PAGE_LANGUAGES)}")
    async with database.tenant(None) as session:
        rows = [a for a in await queries.active_alerts(session, at=now) if a.association_id is None]
    settings = request.app.state.settings
    updated = max((a.created_at for a in rows), default=now)
    body = atom_feed(
        [public_alert(a) for a in rows],
        lang=lang,
        base_url=str(request.base_url).rstrip("/"),
        zone=ZoneInfo(settings.default_timezone),
        updated=updated,
    )
    return Response(body, media_type=ATOM_TYPE)
