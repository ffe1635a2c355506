"""Run Alembic migrations programmatically and report the schema revision."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from geoalchemy2 import alembic_helpers


def _root() -> Path:
    """Return the checkout (or install) root holding alembic.ini and alembic/."""
    here = Path(str(resources.files("geo"))).resolve().parent
    return here


def include_object(obj: Any, name: str | None, kind: str, reflected: bool, compare_to: Any) -> bool:
    """Compare what the models own; leave out the job queue's own tables (procrastinate)."""
    if kind == "table" and name is not None and name.startswith("procrastinate_"):
        return False
    table = getattr(obj, "table", None)
    if table is not None and str(getattr(table, "name", "")).startswith("procrastinate_"):
        return False
    return bool(
        alembic_helpers.include_object(obj, name, kind, reflected, compare_to)  # type: ignore[no-untyped-call]
    )


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


@cache
def head_revision() -> str | None:
    """Return the head revision of the migration scripts (read once: they do not change
    while the process runs)."""
    script = ScriptDirectory.from_config(alembic_config("postgresql://"))
    return script.get_current_head()
