"""Every word a page script shows comes from the catalogs, with well-formed plural forms."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from web import directory_copy, office_copy, plan_copy, zone_copy
from web.console_copy import SCRIPT_WORDS
from web.i18n import LANGUAGES, catalog
from web.messages import EXPOSURE_MESSAGES, FIELD_MESSAGES, SCRIPT_MESSAGES, SUGGEST_MESSAGES

SCRIPTS = Path(str(resources.files("web"))) / "static" / "js"
FIELD_SCRIPTS = {"team.js", "field.js", "handoff.js", "report.js", "field_alerts.js"}
"""The team pages' scripts: handed the field app's messages too."""
OWN_MESSAGES = {
    "exposure.js": EXPOSURE_MESSAGES,
    "suggest.js": SUGGEST_MESSAGES,
    "console.js": SCRIPT_WORDS,
    "console_zones.js": zone_copy.SCRIPT_WORDS,
    "console_teams.js": zone_copy.SCRIPT_WORDS,
    "hours_editor.js": zone_copy.HOURS_WORDS,
    "conflict.js": directory_copy.CONFLICT_WORDS,
    "console_directory.js": directory_copy.SCRIPT_WORDS,
    "console_plans.js": plan_copy.SCRIPT_WORDS,
    "console_alerts.js": office_copy.SCRIPT_WORDS,
    "console_stock.js": office_copy.SCRIPT_WORDS,
    "console_people.js": office_copy.SCRIPT_WORDS,
}
"""Pages whose script is handed its own words only."""
PLURAL = re.compile(r"\{(\w+), plural,((?:\s*[\w=]+\s*\{[^{}]*\})+)\s*\}")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _shown_by_scripts(*, own: str | None = None, field: bool = False) -> set[str]:
    found: set[str] = set()
    for path in SCRIPTS.glob("*.js"):
        mine = path.name == own if own else path.name not in OWN_MESSAGES
        if not mine or (path.name in FIELD_SCRIPTS) is not field:
            continue
        text = path.read_text(encoding="utf-8")
        found.update(re.findall(r'\b[tN]\("((?:[^"\\]|\\.)*)"', text))
        for pair in re.findall(r't\(\w+ \? "([^"]+)" : "([^"]+)"', text):
            found.update(pair)
    return found


def test_every_literal_a_script_translates_is_passed_to_the_scripts() -> None:
    missing = _shown_by_scripts() - set(SCRIPT_MESSAGES)
    assert missing == set()
    # The team pages' scripts are handed the field app's words besides.
    assert _shown_by_scripts(field=True) - set(SCRIPT_MESSAGES + FIELD_MESSAGES) == set()
    # The exposure sheet's and the suggestion form's scripts are handed their own words.
    for script, words in OWN_MESSAGES.items():
        assert _shown_by_scripts(own=script) - set(words) == set(), script


def test_no_script_strings_english_by_hand() -> None:
    # A message written as "1 ..." or "{n} ..." by hand has no plural forms.
    for path in SCRIPTS.glob("*.js"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r't\("1 \w', text), path.name
        assert not re.search(r't\("\{n\} ', text), path.name


def _forms(message: str) -> list[tuple[str, dict[str, str]]]:
    return [
        (name, dict(re.findall(r"([\w=]+)\s*\{([^{}]*)\}", body)))
        for name, body in PLURAL.findall(message)
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_messages_are_well_formed_in_every_language(lang: str) -> None:
    c = catalog(lang)
    console = (
        zone_copy.SCRIPT_WORDS
        + directory_copy.SCRIPT_WORDS
        + plan_copy.SCRIPT_WORDS
        + office_copy.SCRIPT_WORDS
    )
    for message in SCRIPT_MESSAGES + FIELD_MESSAGES + SUGGEST_MESSAGES + SCRIPT_WORDS + console:
        source = _forms(message)
        if not source:
            continue
        translated = c.gettext(message)
        got = _forms(translated)
        assert [name for name, _ in got] == [name for name, _ in source], translated
        for _, forms in got:
            assert "other" in forms, translated
        outside = PLACEHOLDER.findall(PLURAL.sub("", translated))
        assert sorted(outside) == sorted(PLACEHOLDER.findall(PLURAL.sub("", message)))


def test_catalog_format_picks_the_languages_plural_forms() -> None:
    message = "{n, plural, one {# service nearby} other {# services nearby}}"
    assert catalog("en").format(message, n=1) == "1 service nearby"
    assert catalog("fr").format(message, n=2) == "2 services à proximité"
    ru = [catalog("ru").format(message, n=n) for n in (1, 3, 5)]
    assert ru == ["1 служба рядом", "3 службы рядом", "5 служб рядом"]
    assert catalog("ar").format(message, n=2) == "خدمتان قريبتان"
