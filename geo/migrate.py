"""Run Alembic migrations programmatically and report the schema revision."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory


def _root() -> Path:
    """Return the checkout (or install) root holding alembic.ini and alembic/."""
    here = Path(str(resources.files("geo"))).resolve().parent
    return here


def alembic_config(url: str) -> Config:
    """Build an Alembic config that migrates the database at `url`."""
    root = _root()
    cfg = Config(str(root / "alembic.ini"))
    cfg.set_main_option("script_location", str(root / "alembic"))
    cfg.attributes["url"] = url
    cfg.attributes["configure_logger"] = False
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at `url` to `revision` (must not run inside an event loop)."""
    command.upgrade(alembic_config(url), revision)


def head_revision() -> str | None:
    """Return the head revision of the migration scripts."""
    script = ScriptDirectory.from_config(alembic_config("postgresql://"))
    return script.get_current_head()
