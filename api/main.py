"""The application factory."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from importlib import resources

import procrastinate
from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles

from api import errors, tasks
from api.access import AccessLog
from api.routers import (
    admin,
    alerts,
    auth,
    categories,
    health,
    imports,
    maps,
    pages,
    plans,
    reports,
    services,
    team_pages,
    teams,
    zones,
)
from api.security import secret
from api.settings import Settings
from geo.db import Database
from geo.migrate import head_revision
from geo.queries.schedules import OpenSchedules
from geo.upkeep import refresh_hours

logger = logging.getLogger(__name__)

_UPKEEP_EVERY_S = 3600.0


async def _upkeep(app: FastAPI, settings: Settings) -> None:
    """Refresh the opening ranges at start, then hourly; failures are logged, not fatal."""
    while True:
        try:
            changed = await refresh_hours(
                app.state.database,
                now=datetime.now(UTC),
                past_days=settings.hours_horizon_past_days,
                future_days=settings.hours_horizon_future_days,
            )
            if changed:
                app.state.open_schedules.forget()
        except Exception:
            logger.exception("refreshing opening ranges failed")
        await asyncio.sleep(_UPKEEP_EVERY_S)


def create_app(
    settings: Settings,
    *,
    database: Database | None = None,
    queue: procrastinate.App | None = None,
) -> FastAPI:
    """Build the app; `database` and `queue` replace those the settings name (for tests)."""
    owned = database is None
    secret(settings)  # refuse to start without a signing key

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.database = database or Database.from_url(
            settings.database_url, pool_size=settings.pool_size
        )
        task = asyncio.create_task(_upkeep(app, settings)) if owned else None
        own_queue = app.state.queue is None and owned
        if own_queue:
            app.state.queue = tasks.queue(settings)
            await app.state.queue.open_async()
        try:
            yield
        finally:
            if own_queue:
                await app.state.queue.close_async()
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            if owned:
                await app.state.database.dispose()

    app = FastAPI(
        title="Maraude",
        version="0.1.0",
        summary="Referral services for harm-reduction outreach, nearest and open now.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = database
    app.state.queue = queue
    app.state.open_schedules = OpenSchedules()
    app.state.public_stats = {}  # (period, by) → (counts' version, published tables)
    app.state.schema_head = head_revision()
    errors.install(app)
    app.add_middleware(AccessLog)
    app.include_router(health.router)
    app.include_router(categories.router)
    app.include_router(services.router)
    app.include_router(auth.router)
    app.include_router(zones.router)
    app.include_router(teams.router)
    app.include_router(admin.router)
    app.include_router(imports.router)
    app.include_router(alerts.router)
    app.include_router(reports.router)
    app.include_router(plans.router)
    app.include_router(maps.router)
    app.include_router(pages.router)
    app.include_router(team_pages.router)
    app.mount("/static", StaticFiles(directory=str(resources.files("web") / "static")), "static")
    app.add_middleware(GZipMiddleware, minimum_size=600)
    return app


def app_from_env() -> FastAPI:
    """Build the app from the environment (uvicorn factory entry point)."""
    settings = Settings()
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    return create_app(settings)
