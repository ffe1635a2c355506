"""The team map (`/app`) for workers and coordinators: login with a session cookie, the map,
and the orientation sheet for a person met."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import (
    DatabaseDep,
    InstanceSessionDep,
    NowDep,
    OpenSchedulesDep,
    PageTenantDep,
    PrincipalDep,
    SameSiteFormDep,
    SettingsDep,
    Tenant,
)
from api.login import SESSION_COOKIE, log_in
from api.login import now as clock
from api.routers.pages import page
from api.security import Principal
from api.settings import Settings
from geo.accounts import queries as accounts
from geo.accounts.own_password import change_own_password
from geo.alerts import queries as alert_queries
from geo.db import Reader
from geo.directory.queries.services import get_service
from geo.directory.queries.services import phone_lines as national_lines
from geo.errors import Forbidden, InvalidField, TooManyAttempts, Unauthorized
from geo.reports import queries as report_queries
from geo.streets.basemap import StreetLine, street_lines
from geo.streets.network import Path
from geo.streets.routes import route
from geo.values import Audience, LonLat
from geo.vocab import Mode, Role
from web.field_copy import field_alert_choices
from web.i18n import LANGUAGES, NAMES, Catalog, catalog, negotiate
from web.orientation import Frame, frame_around, handed_to, location_of, orientation_sheet
from web.pages import (
    Banner,
    category_labels,
    condition_labels,
    phone_lines,
    public_labels,
    render,
    script_messages,
    stats_page,
)

router = APIRouter(prefix="/app", include_in_schema=False)

_PRIVATE = "no-store"


def catalog_of(request: Request, lang: str | None) -> Catalog:
    """Return the catalog of a team page: `?lang=`, else the browser's languages."""
    return catalog(negotiate(lang, request.headers.get("accept-language")))


def _login_page(settings: Settings, c: Catalog, *, error: str | None, code: int) -> HTMLResponse:
    html = render("login.html", c, error=error, quick_exit=settings.quick_exit_url)
    response = page(html, settings, c.lang, frame_ancestors="'none'", cache=_PRIVATE)
    response.status_code = code
    return response


def _to_login(c: Catalog) -> Response:
    return RedirectResponse(f"/app/login?lang={c.lang}", status_code=status.HTTP_303_SEE_OTHER)


def _member(principal: Principal | None) -> Principal | None:
    """Return the principal when it may use the team map (a member of an association)."""
    if principal is None or principal.association_id is None:
        return None
    return principal


@router.get("/login", response_class=HTMLResponse)
async def login_form(
    request: Request, principal: PrincipalDep, settings: SettingsDep, lang: str | None = None
) -> Response:
    """The login form (or the map, for someone already logged in)."""
    c = catalog_of(request, lang)
    if _member(principal) is not None:
        return RedirectResponse(f"/app?lang={c.lang}", status_code=status.HTTP_303_SEE_OTHER)
    return _login_page(settings, c, error=None, code=200)


@router.post("/login", response_class=HTMLResponse, dependencies=[SameSiteFormDep])
async def login(
    request: Request,
    database: DatabaseDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=200)],
    totp: Annotated[str | None, Form(max_length=10)] = None,
    lang: str | None = None,
) -> Response:
    """Check the credentials; on success set the session cookie and go to the map."""
    c = catalog_of(request, lang)
    try:
        user, token = await log_in(
            request, database, settings, username=username, password=password, totp=totp or None
        )
    except TooManyAttempts as exc:
        minutes = str(max(1, int(exc.headers.get("Retry-After", "60")) // 60))
        message = c.gettext("Too many attempts: try again in {minutes} minutes.")
        return _login_page(settings, c, error=message.replace("{minutes}", minutes), code=429)
    except Unauthorized:
        return _login_page(
            settings, c, error=c.gettext("Wrong user name, password or code."), code=401
        )
    async with database.instance() as session:
        first = await accounts.must_change_password(session, user_id=user.id)
    target = f"/app/password?lang={c.lang}" if first else f"/app?lang={c.lang}"
    response = RedirectResponse(target, status_code=status.HTTP_303_SEE_OTHER)
    lifetime = timedelta(hours=settings.refresh_token_hours)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(lifetime.total_seconds()),
        path="/",
        secure=settings.cookie_secure,
        httponly=True,
        samesite="strict",
    )
    return response


@router.post("/logout")
async def logout(
    request: Request, session: InstanceSessionDep, principal: PrincipalDep
) -> Response:
    """End the session: the cookie stops working at once."""
    del principal  # resolving it refuses a logout sent from another site
    token = request.cookies.get(SESSION_COOKIE)
    if token is not None:
        await accounts.revoke_session(session, token=token, now=clock())
    response = RedirectResponse("/app/login", status_code=status.HTTP_303_SEE_OTHER)
    # The phone forgets what the app kept (tonight's zones, round sheets, reports, alerts).
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True, samesite="strict")
    return response


@router.get("", response_class=HTMLResponse)
async def team_map(
    request: Request,
    principal: PrincipalDep,
    tenant: PageTenantDep,
    settings: SettingsDep,
    now: NowDep,
    lang: str | None = None,
) -> Response:
    """The team map: the association's zones, "from here", and for coordinators the plan."""
    c = catalog_of(request, lang)
    if principal is not None and tenant is None:
        raise Forbidden("the team map shows an association's zones: admins have none")
    if tenant is None:
        return _to_login(c)
    session = tenant.session
    active = await alert_queries.active_alerts(session, at=now)
    touched = await alert_queries.zones_touched(session, active, association_id=tenant.owner)
    alerts = [
        (Banner.of(a.messages, c.lang), [name for _, name in touched[a.id]])
        for a in active
        if a.situation is None  # raised from the field: listed with their state by the script
    ]
    lines = await national_lines(session)
    area = [float(v) for v in settings.map_area.split(",")]
    config = {
        "area": area,
        "tileUrl": settings.tile_url,
        "attribution": settings.tile_attribution,
        "publics": dict(public_labels(c)),
        "conditions": dict(condition_labels(c)),
        "directionsUrl": settings.directions_url,
    }
    return await team_page(
        "app.html",
        c,
        tenant,
        settings,
        config=config,
        categories=category_labels(c),
        languages=[(code, NAMES[code]) for code in LANGUAGES],
        lines=phone_lines(c, lines),
        alerts=alerts,
        **field_alert_choices(c),
    )


async def team_page(
    template: str,
    c: Catalog,
    tenant: Tenant,
    settings: Settings,
    *,
    config: dict[str, Any],
    **context: Any,
) -> Response:
    """Render a page of the field app: its bar (the association, the member and their role),
    and beside the page's own script settings what every team page's scripts need. An account
    still on the password someone else chose is led to change it first."""
    member = tenant.member
    if await accounts.must_change_password(tenant.session, user_id=member.user_id):
        return RedirectResponse(
            f"/app/password?lang={c.lang}", status_code=status.HTTP_303_SEE_OTHER
        )
    association = await accounts.get_association(tenant.session, association_id=tenant.owner)
    coordinator = member.role is Role.COORDINATOR
    shared = {
        "lang": c.lang,
        "messages": script_messages(c, field=True),
        "quickExit": settings.quick_exit_url,
        "timezone": settings.default_timezone,
        "user": str(member.user_id),
        "categoryLabels": dict(category_labels(c)),
        "coordinator": coordinator,
    }
    html = render(
        template,
        c,
        config={**shared, **config},
        association=association.name,
        username=member.username,
        role_label=c.gettext("Coordinator" if coordinator else "Worker"),
        coordinator=coordinator,
        quick_exit=settings.quick_exit_url,
        **context,
    )
    return page(html, settings, c.lang, frame_ancestors="'none'", cache=_PRIVATE)


@router.get("/stats", response_class=HTMLResponse)
async def statistics(
    request: Request,
    tenant: PageTenantDep,
    settings: SettingsDep,
    lang: str | None = None,
) -> Response:
    """Coordinators: people met and material handed out per month, and the stock."""
    c = catalog_of(request, lang)
    if tenant is None:
        return _to_login(c)
    if tenant.member.role is not Role.COORDINATOR:
        raise Forbidden("statistics are for coordinators")
    session, owner = tenant.session, tenant.owner
    association = await accounts.get_association(session, association_id=owner)
    counts = await report_queries.own_counts(session, owner=owner)
    stock = await report_queries.stock_levels(session, owner=owner)
    html = stats_page(
        c,
        association=association.name,
        counts=counts,
        stock=stock,
        quick_exit=settings.quick_exit_url,
    )
    return page(html, settings, c.lang, frame_ancestors="'none'", cache=_PRIVATE)


@router.get("/orientation", response_class=HTMLResponse)
async def orientation(
    request: Request,
    principal: PrincipalDep,
    database: DatabaseDep,
    settings: SettingsDep,
    now: NowDep,
    schedules: OpenSchedulesDep,
    service: uuid.UUID,
    lang: str | None = None,
    lon: Annotated[float | None, Query(ge=-180, le=180)] = None,
    lat: Annotated[float | None, Query(ge=-90, le=90)] = None,
) -> Response:
    """A printable sheet for the person met: the service, its hours, the way there over the
    streets; for a confidential address, only how to call (no way is even looked for)."""
    del schedules
    if _member(principal) is None:
        raise Unauthorized("log in first")
    person = catalog(lang if lang in LANGUAGES else negotiate(None, None))
    async with database.reader() as connection:
        view = await get_service(
            connection,
            audience=Audience.MEMBER,
            service_id=service,
            at=now,
            freshness=settings.freshness,
        )
        place = location_of(view)
        way, frame, streets = await _way_over_streets(connection, place, lon, lat)
    handed = handed_to(
        str(request.base_url), view.record, located=place is not None, lang=person.lang
    )
    html = orientation_sheet(person, view, way=way, frame=frame, streets=streets, handed=handed)
    return page(html, settings, person.lang, frame_ancestors="'none'", cache=_PRIVATE)


async def _way_over_streets(
    connection: Reader, place: LonLat | None, lon: float | None, lat: float | None
) -> tuple[Path | None, Frame | None, tuple[StreetLine, ...]]:
    """Return the way on foot from (lon, lat) to the place, and the streets around both; nothing
    when the place is not to be shown."""
    if place is None:
        return None, None, ()
    way: Path | None = None
    if lon is not None and lat is not None:
        found = await route(connection, Mode.FOOT, LonLat(lon, lat), place)
        way = found if isinstance(found, Path) else None
    frame = frame_around(way.coords if way else [(place.lon, place.lat)])
    return way, frame, await street_lines(connection, bbox=frame.bbox)


def _password_page(
    settings: Settings, c: Catalog, *, username: str, first: bool, error: str | None, code: int
) -> HTMLResponse:
    html = render(
        "password.html",
        c,
        error=error,
        username=username,
        first=first,
        quick_exit=settings.quick_exit_url,
    )
    response = page(html, settings, c.lang, frame_ancestors="'none'", cache=_PRIVATE)
    response.status_code = code
    return response


@router.get("/password", response_class=HTMLResponse)
async def password_form(
    request: Request,
    principal: PrincipalDep,
    database: DatabaseDep,
    settings: SettingsDep,
    lang: str | None = None,
) -> Response:
    """Change your password: at the first login, the one someone else chose."""
    c = catalog_of(request, lang)
    if principal is None:
        return _to_login(c)
    async with database.instance() as session:
        first = await accounts.must_change_password(session, user_id=principal.user_id)
    return _password_page(
        settings, c, username=principal.username, first=first, error=None, code=200
    )


@router.post("/password", response_class=HTMLResponse, dependencies=[SameSiteFormDep])
async def password_change(
    request: Request,
    principal: PrincipalDep,
    database: DatabaseDep,
    settings: SettingsDep,
    current: Annotated[str, Form(max_length=200)],
    new: Annotated[str, Form(max_length=200)],
    again: Annotated[str, Form(max_length=200)],
    lang: str | None = None,
) -> Response:
    """Check and change the password, then go to the map; a refusal keeps the form."""
    c = catalog_of(request, lang)
    if principal is None:
        return _to_login(c)

    def refused(message: str) -> Response:
        return _password_page(
            settings, c, username=principal.username, first=True, error=message, code=422
        )

    if new != again:
        return refused(c.gettext("The two new passwords differ."))
    try:
        await change_own_password(
            database,
            actor=principal.actor(),
            username=principal.username,
            current=current,
            new=new,
        )
    except InvalidField as exc:
        if exc.field == "current":
            return refused(c.gettext("This is not your current password."))
        if "other than" in exc.detail:
            return refused(c.gettext("Choose a password other than the current one."))
        return refused(
            c.gettext(
                "A password needs at least 12 characters mixing three of: lower case, "
                "upper case, digits, symbols."
            )
        )
    home = "/app" if principal.association_id is not None else "/docs"
    return RedirectResponse(f"{home}?lang={c.lang}", status_code=status.HTTP_303_SEE_OTHER)
