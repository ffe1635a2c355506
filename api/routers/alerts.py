"""Health alerts (guidelines VI): publish, raise from the field, confirm, cancel, read; CAP 1.2
and Atom for public ones."""

from __future__ import annotations

import uuid
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import Response

from api.deps import (
    EditorWorkDep,
    InstanceSessionDep,
    MemberTenantDep,
    MemberWorkDep,
    NowDep,
    SettingsDep,
    ViewerWorkDep,
)
from api.schemas.alerts import (
    AlertList,
    AlertPreview,
    AlertRead,
    PageLanguage,
    RoundRef,
    ZoneRef,
)
from geo.alerts import queries
from geo.alerts.drafts import AlertDraft, FieldAlertDraft
from geo.alerts.feeds import atom_feed, cap_cancel, cap_message
from geo.alerts.models import Alert
from geo.errors import NotFound

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
        situation=alert.situation,
        field=queries.is_field(alert),
        confirmed=queries.is_confirmed(alert),
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


@router.get("/api/v1/alerts", response_model=AlertList)
async def list_alerts(viewer: ViewerWorkDep, now: NowDep) -> AlertList:
    """Alerts in force: public ones for everyone; a team member sees their association's too
    (field alerts not yet confirmed among them: better warned early), and for each which of
    their zones and rounds due in 24 hours it touches."""
    rows = await queries.active_alerts(viewer.session, at=now)
    touched = (
        await queries.touched(viewer.session, rows, association_id=viewer.owner, at=now)
        if viewer.owner is not None
        else {}
    )
    return AlertList(alerts=[_read(a, touched.get(a.id)) for a in rows])


@router.post("/api/v1/alerts", response_model=AlertRead, status_code=status.HTTP_201_CREATED)
async def publish_alert(body: AlertDraft, work: EditorWorkDep) -> AlertRead:
    """Publish an alert: coordinators for their association's teams (`audience:
    association`), admins for the public (`audience: public`)."""
    return _read(await queries.create_alert(work.session, actor=work.actor(), draft=body), None)


@router.post("/api/v1/alerts/preview", response_model=AlertPreview)
async def preview_alert(body: AlertDraft, work: EditorWorkDep, now: NowDep) -> AlertPreview:
    """Before publishing: the zones of the caller's association an alert would touch, and
    their rounds due within 24 hours of its onset. Nothing is published or kept."""
    found = await queries.preview(work.session, actor=work.actor(), draft=body, at=now)
    return AlertPreview(
        zones=[ZoneRef(id=i, name=n) for i, n in found.zones],
        rounds=[
            RoundRef(
                plan=f"/api/v1/plans/{r['plan']}",
                index=r["index"],
                team=r["team"],
                shift_start=r["shift_start"],
            )
            for r in found.rounds
        ],
    )


@router.post(
    "/api/v1/alerts/field",
    response_model=AlertRead,
    status_code=status.HTTP_201_CREATED,
    responses={
        409: {
            "description": "The caller already has "
            f"{queries.UNCONFIRMED_MAX} unconfirmed field alerts in force."
        }
    },
)
async def raise_field_alert(
    body: FieldAlertDraft, tenant: MemberTenantDep, now: NowDep
) -> AlertRead:
    """Raise a safety alert from the field (a worker or coordinator, for their association's
    teams only): a situation from a closed list, a circle, a severity, hours in force (72 at
    most). Its messages, in every page language, come from the situation; it shows as
    unconfirmed until a coordinator confirms it."""
    alert = await queries.raise_field_alert(
        tenant.session, actor=tenant.actor(), draft=body, at=now
    )
    return _read(alert, None)


@router.post(
    "/api/v1/alerts/{alert_id:uuid}/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={409: {"description": "The alert was withdrawn."}},
)
async def confirm_alert(alert_id: uuid.UUID, tenant: MemberTenantDep) -> Response:
    """Confirm a field alert (a coordinator of its association; again changes nothing)."""
    await queries.confirm_alert(tenant.session, actor=tenant.actor(), alert_id=alert_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete("/api/v1/alerts/{alert_id:uuid}", status_code=status.HTTP_204_NO_CONTENT)
async def cancel_alert(alert_id: uuid.UUID, work: MemberWorkDep) -> Response:
    """Withdraw an alert before it expires: a coordinator their association's, an admin a
    public one, a member the field alert they raised while it is unconfirmed."""
    await queries.cancel_alert(work.session, actor=work.actor(), alert_id=alert_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/api/v1/alerts/{alert_id}.cap",
    response_class=Response,
    responses={200: {"content": {CAP_TYPE: {}}, "description": "A CAP 1.2 message."}},
)
async def alert_cap(
    alert_id: uuid.UUID, request: Request, session: InstanceSessionDep, settings: SettingsDep
) -> Response:
    """A public alert as a CAP 1.2 message (team alerts have none); once cancelled, the CAP
    `Cancel` message that withdraws it."""
    alert = await queries.get_alert(session, alert_id)
    if alert.association_id is not None:
        raise NotFound("no such alert")
    sender, zone = f"maraude@{request.url.hostname}", ZoneInfo(settings.default_timezone)
    if alert.cancelled_at is not None:
        body = cap_cancel(
            queries.as_public(alert), cancelled=alert.cancelled_at, sender=sender, zone=zone
        )
        return Response(body, media_type=CAP_TYPE)
    body = cap_message(
        queries.as_public(alert),
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
    session: InstanceSessionDep,
    settings: SettingsDep,
    now: NowDep,
    lang: Annotated[
        PageLanguage, Query(description="Page language; French where an alert has none.")
    ] = "fr",
) -> Response:
    """The public alerts in force, as an Atom feed."""
    rows = [a for a in await queries.active_alerts(session, at=now) if a.association_id is None]
    updated = max((a.created_at for a in rows), default=now)
    body = atom_feed(
        [queries.as_public(a) for a in rows],
        lang=lang,
        base_url=str(request.base_url).rstrip("/"),
        zone=ZoneInfo(settings.default_timezone),
        updated=updated,
    )
    return Response(body, media_type=ATOM_TYPE)
