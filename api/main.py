"""The application factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

import procrastinate
from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles

from api import errors, openapi, worker
from api.access import AccessLog
from api.bodies import BodyLimit
from api.caching import Revalidation
from api.policy import HtmlPolicy
from api.routers import (
    admin,
    alerts,
    auth,
    campaigns,
    categories,
    console_pages,
    directory_pages,
    field_app,
    health,
    hours,
    hsds_feed,
    imports,
    info_pages,
    library,
    maps,
    office_pages,
    ogc,
    open_tiles,
    pages,
    plan_pages,
    plans,
    reports,
    services,
    suggest_pages,
    suggestions,
    team_pages,
    teams,
    users,
    verify_pages,
    zone_pages,
    zones,
)
from api.security import secret
from api.settings import Settings
from geo.db import Database
from geo.directory.queries.schedules import OpenSchedules
from geo.migrate import head_revision
from geo.reports.publication import PublicStatistics

logger = logging.getLogger(__name__)


def create_app(
    settings: Settings,
    *,
    database: Database | None = None,
    queue: procrastinate.App | None = None,
    open_database: Database | None = None,
) -> FastAPI:
    """Build the app; `database`, `queue` and `open_database` replace those the settings name
    (for tests)."""
    owned = database is None
    secret(settings)  # refuse to start without a signing key

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.database = database or Database.from_url(
            settings.database_url, pool_size=settings.pool_size
        )
        if settings.read_database_url and owned:
            app.state.read_database = Database.from_url(
                settings.read_database_url, pool_size=settings.pool_size
            )
        own_open = app.state.open_database is None
        if own_open:
            # Half the pool, and as many more under load: a partner's GIS or the national
            # map's zoomed-out tiles may read through it alone (a quarter queued them for
            # seconds), and what it keeps open beside the application's stays within
            # PostgreSQL's 100 connections with two workers of 20.
            half = max(1, settings.pool_size // 2)
            app.state.open_database = Database.from_url(
                settings.open_database_url, pool_size=half, max_overflow=half
            )
        own_queue = app.state.queue is None and owned
        if own_queue:
            app.state.queue = worker.queue(settings)
            await app.state.queue.open_async()
        try:
            yield
        finally:
            if own_queue:
                await app.state.queue.close_async()
            if owned:
                await app.state.database.dispose()
                if app.state.read_database is not None:
                    await app.state.read_database.dispose()
            if own_open:
                await app.state.open_database.dispose()

    app = FastAPI(
        title="Maraude",
        version="0.1.0",
        summary="Referral services for harm-reduction outreach, nearest and open now.",
        lifespan=lifespan,
        # The documentation is served from this origin (api/routers/pages.py): the default
        # pages load their scripts from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.database = database
    app.state.queue = queue
    app.state.read_database = None
    # An app whose lifespan never runs (a test's) opens a connection per open-data read.
    app.state.open_database = open_database or (
        None if owned else Database.from_url(settings.open_database_url, pooled=False)
    )
    app.state.open_schedules = OpenSchedules()
    app.state.public_statistics = PublicStatistics()
    head_revision()  # read the migrations once, before the first readiness probe
    errors.install(app)
    openapi.install(app)
    app.add_middleware(HtmlPolicy, settings=settings)
    app.add_middleware(BodyLimit, settings=settings)
    app.add_middleware(AccessLog)
    app.include_router(health.router)
    app.include_router(categories.router)
    app.include_router(hours.router)
    app.include_router(services.router)
    app.include_router(auth.router)
    app.include_router(zones.router)
    app.include_router(teams.router)
    app.include_router(admin.router)
    app.include_router(users.router)
    app.include_router(imports.router)
    app.include_router(alerts.router)
    app.include_router(reports.router)
    app.include_router(plans.router)
    app.include_router(maps.router)
    app.include_router(ogc.router)
    app.include_router(open_tiles.router)
    app.include_router(hsds_feed.router)
    app.include_router(library.router)
    app.include_router(pages.router)
    app.include_router(info_pages.router)
    app.include_router(team_pages.router)
    app.include_router(field_app.router)
    app.include_router(suggestions.router)
    app.include_router(campaigns.router)
    app.include_router(suggest_pages.router)
    app.include_router(verify_pages.router)
    app.include_router(console_pages.router)
    app.include_router(zone_pages.router)
    app.include_router(plan_pages.router)
    app.include_router(office_pages.router)
    app.include_router(directory_pages.router)
    app.mount("/static", StaticFiles(directory=str(resources.files("web") / "static")), "static")
    app.add_middleware(Revalidation)  # inside compression: tags the bytes as made
    app.add_middleware(GZipMiddleware, minimum_size=600)
    return app


def app_from_env() -> FastAPI:
    """Build the app from the environment (uvicorn factory entry point)."""
    settings = Settings()
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    return create_app(settings)
