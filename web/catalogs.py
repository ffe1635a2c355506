"""Keep the page catalogs complete (maintainers): `python -m web.catalogs`.

Collects every message of the templates (Babel's Jinja2 extractor), of `web/messages.py` and
the category labels, then adds the new ones to each language's `.po` file (keeping existing
translations, dropping messages no longer used) and lists what is left to translate.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, cast

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po
from jinja2.ext import babel_extract

from geo.directory.categories import CATEGORIES
from web import (
    console_copy,
    directory_copy,
    messages,
    office_copy,
    plan_copy,
    verify_form,
    zone_copy,
)
from web.i18n import LANGUAGES

STAMP = datetime(2026, 11, 29, tzinfo=UTC)
"""Fixed header dates: regenerating a catalog changes only what changed."""
HEADER = "# Maraude page messages ({lang}). Update with: python -m web.catalogs"
_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}


def _web() -> Path:
    return Path(str(resources.files("web")))


def _template_messages() -> Iterable[str]:
    for path in sorted((_web() / "templates").glob("*.html")):
        for _, message, _, _ in extract_from_file(
            cast(Any, babel_extract),
            str(path),
            keywords=_KEYWORDS,
            options={"extensions": "jinja2.ext.i18n", "trimmed": "false"},
        ):
            if isinstance(message, tuple):
                yield from (m for m in message if m)
            elif message:
                yield message


def collect() -> list[str]:
    """Return every message the pages may show, in a stable order."""
    found: dict[str, None] = {}
    for m in _template_messages():
        found.setdefault(m, None)
    for group in (
        messages.SCRIPT_MESSAGES,
        messages.HANDOFF_MESSAGES,
        messages.FIELD_MESSAGES,
        tuple(messages.SEVERITY_LABELS.values()),
        messages.SHEET_MESSAGES,
        tuple(messages.EMERGENCY_LABELS.values()),
        tuple(messages.PUBLIC_LABELS.values()),
        tuple(messages.CONDITION_LABELS.values()),
        tuple(messages.MATERIAL_LABELS.values()),
        messages.STATS_MESSAGES,
        tuple(messages.REVIEWER_ROLES.values()),
        messages.EXPOSURE_MESSAGES,
        tuple(messages.SUGGESTION_KINDS.values()),
        messages.SUGGEST_MESSAGES,
        console_copy.SCRIPT_WORDS,
        zone_copy.SCRIPT_WORDS,
        plan_copy.SCRIPT_WORDS,
        office_copy.SCRIPT_WORDS,
        directory_copy.SCRIPT_WORDS,
        verify_form.ERROR_WORDS,
        tuple(c.label_en for c in CATEGORIES),
    ):
        for m in group:
            found.setdefault(m, None)
    return list(found)


def po_path(lang: str) -> Path:
    """Return the `.po` file of a language."""
    return _web() / "locale" / lang / "LC_MESSAGES" / "messages.po"


def update(lang: str, wanted: list[str]) -> list[str]:
    """Bring a language's catalog to `wanted`; return the messages still untranslated."""
    path = po_path(lang)
    old: dict[str, str] = {}
    if path.exists():
        with path.open("rb") as f:
            old = {str(m.id): str(m.string) for m in read_po(f, locale=lang) if m.id}
    defaults = {c.label_en: c.label_fr for c in CATEGORIES} if lang == "fr" else {}
    fresh = Catalog(
        locale=lang,
        domain="messages",
        project="Maraude",
        version="0.1",
        copyright_holder="Maraude contributors",
        creation_date=STAMP,
        revision_date=STAMP,
        header_comment=HEADER.format(lang=lang),
        fuzzy=False,
    )
    missing = []
    for m in wanted:
        string = old.get(m) or defaults.get(m) or (m if lang == "en" else "")
        fresh.add(m, string)
        if not string:
            missing.append(m)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, fresh, width=100, omit_header=False, sort_output=False)
    return missing


def main() -> int:
    """Update every catalog and report the gaps; exit 1 when any remain."""
    wanted = collect()
    gaps = 0
    for lang in LANGUAGES:
        missing = update(lang, wanted)
        gaps += len(missing)
        print(f"{lang}: {len(wanted) - len(missing)}/{len(wanted)} translated")  # noqa: T201
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())
