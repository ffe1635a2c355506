"""Configuration, read from MARAUDE_* environment variables (or a .env file) once, at start."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

from geo.values import Freshness

if TYPE_CHECKING:
    from geo.directory.queries.schedules import Horizon


class Settings(BaseSettings):
    """Every setting of an instance; built by the CLI or `create_app`, never at import."""

    model_config = SettingsConfigDict(env_prefix="MARAUDE_", env_file=".env", extra="ignore")

    database_url: str = Field(
        "postgresql+asyncpg://maraude_app:maraude_app@127.0.0.1:5432/maraude",
        description="The application's connection: a role that owns nothing and is no superuser.",
    )
    owner_database_url: str = Field(
        "postgresql+asyncpg://maraude:maraude@127.0.0.1:5432/maraude",
        description="The schema owner's connection, used for migrations and imports.",
    )
    admin_database_url: str = Field(
        "postgresql://postgres@127.0.0.1:5432/postgres",
        description="A superuser connection, used once by `maraude db setup` (roles, extensions).",
    )
    read_database_url: str | None = Field(
        None,
        description="A streaming replica of the database for the public's reads (the public "
        "map, embeds, open data); writes and everything behind a login stay on the primary.",
    )
    public_map_loading: Literal["auto", "tiles", "whole"] = Field(
        "auto",
        description="How the public map and embeds load services: `whole` (the area at once), "
        "`tiles` (fixed tiles chosen by zoom), `auto` (tiles when the area holds more than "
        "`public_map_whole_below` services).",
    )
    public_map_whole_below: int = Field(2000, ge=1)
    open_role: str = Field(
        "maraude_open",
        description="The role that reads the open-data views (schema `opendata`) and nothing "
        "else; OGC API Features, vector tiles and the HSDS feed connect as it.",
    )
    open_role_password: SecretStr = Field(SecretStr("maraude_open"))
    pool_size: int = 10
    default_timezone: str = "Europe/Paris"
    default_country: str = "FR"
    hours_horizon_past_days: int = 7
    hours_horizon_future_days: int = 120
    nearest_max_limit: int = 50
    page_max_limit: int = 500
    page_default_limit: int = 100
    log_level: str = "INFO"
    secret_key: SecretStr | None = Field(
        None,
        description="Signs access tokens; at least 32 random characters, shared by all workers.",
    )
    access_token_minutes: int = 15
    refresh_token_hours: int = 12
    login_max_failures: int = 5
    login_window_minutes: int = 15
    login_lockout_minutes: int = 15
    import_max_megabytes: int = Field(
        512, description="Largest file an administrator may upload for import (MiB)."
    )
    worker_concurrency: int = Field(
        2, ge=1, le=64, description="Jobs one worker process runs at once (plans, imports)."
    )
    body_max_kilobytes: int = Field(
        2048, description="Largest request body but uploads (KiB); larger ones are refused unread."
    )
    forwarded_allow_ips: str | None = Field(
        None,
        description="Behind a reverse proxy: the proxy addresses whose X-Forwarded-For is "
        "trusted, so login throttling counts each client, not the proxy.",
    )
    map_area: str = Field(
        "7.39,43.71,7.50,43.78",
        description="west,south,east,north (WGS 84): the area whose public services the map "
        "pages load, at once, so that no visitor's position is ever sent.",
    )
    tile_url: str | None = Field(
        None,
        description="A raster tile URL template ({z}/{x}/{y}); without one the map draws the "
        "loaded street network as its basemap and makes no request elsewhere.",
    )
    tile_attribution: str = "© OpenStreetMap contributors"
    tiles_dir: Path | None = Field(
        None,
        description="Where the basemap's vector tiles built from a street extract are kept "
        "(default: ~/.cache/maraude/tiles); each web machine reads its own.",
    )
    directions_url: str | None = Field(
        None,
        pattern=r"^https://[^\s]*\{lat\}[^\s]*\{lon\}|^https://[^\s]*\{lon\}[^\s]*\{lat\}",
        description="A directions site for desktop browsers, with {lat} and {lon} for the "
        "service (https only), e.g. https://www.openstreetmap.org/directions?to={lat},{lon}. "
        "Phones open their own map application; without this setting desktop browsers draw "
        "the way on the page's own map.",
    )
    frame_ancestors: str = Field(
        "*", description="Who may frame /embed (CSP frame-ancestors); other pages: 'self'."
    )
    quick_exit_url: str = Field(
        "https://meteofrance.com/",
        description="The neutral page the quick-exit button and Escape key go to.",
    )
    cookie_secure: bool = Field(
        True, description="Mark the team map's session cookie Secure (keep it on in production)."
    )

    stale_after_days: int = Field(
        180,
        ge=1,
        description="A service not checked for this many days is shown as not checked since "
        'then ("call before going").',
    )
    hide_after_days: int = Field(
        730,
        ge=1,
        description="A service not checked for this many days leaves every result but the "
        "editors' list of services to check.",
    )

    suggestions_per_hour: int = Field(
        10, ge=1, description="Suggestions one client may send within an hour (then 429)."
    )
    smtp_url: str | None = Field(
        None,
        pattern=r"^smtps?://",
        description="The SMTP server that sends campaign links, e.g. "
        "smtp://user:password@mail.example.org:587 (STARTTLS when the server offers it) or "
        "smtps://...:465; without one, links are listed for phoning and printing only.",
    )
    mail_from: str = Field("maraude@localhost", description="The sender of campaign e-mails.")
    public_url: str = Field(
        "http://127.0.0.1:8000",
        pattern=r"^https?://[^\s/]+(:\d+)?$",
        description="This instance's address as people reach it, for links sent by e-mail.",
    )
    campaign_days: int = Field(
        30, ge=1, le=180, description="How long a verification campaign's links stay valid."
    )
    campaign_moderated: bool = Field(
        True,
        description="A structure's correction through its campaign link waits for a moderator "
        "(a confirmation never does); off: corrections apply at once.",
    )

    @property
    def open_database_url(self) -> str:
        """The open-data role's connection: to the replica when there is one."""
        url = make_url(self.read_database_url or self.database_url)
        return url.set(
            username=self.open_role, password=self.open_role_password.get_secret_value()
        ).render_as_string(hide_password=False)

    @property
    def freshness(self) -> Freshness:
        """The freshness policy of the directory."""
        return Freshness(self.stale_after_days, max(self.hide_after_days, self.stale_after_days))

    def hours_horizon(self, now: datetime | None = None) -> Horizon:
        """The span of precomputed opening ranges around `now` (default: this instant)."""
        from geo.directory.queries.schedules import Horizon

        return Horizon.around(
            now or datetime.now(UTC),
            past_days=self.hours_horizon_past_days,
            future_days=self.hours_horizon_future_days,
        )
