"""The page languages: gettext catalogs (Babel `.po` files) and choosing a language.

Messages are written in English in the templates and scripts; every page language, English
included, has a catalog in `web/locale/<lang>/LC_MESSAGES/messages.po`, read once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from babel import Locale
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LANGUAGES = ("fr", "en", "es", "pt", "ro", "bg", "ru", "zh", "ar")
"""The page languages (DESIGN.md), French first: the default."""
RIGHT_TO_LEFT = frozenset({"ar"})
NAMES = {
    "fr": "Français",
    "en": "English",
    "es": "Español",
    "pt": "Português",
    "ro": "Română",
    "bg": "Български",
    "ru": "Русский",
    "zh": "中文",
    "ar": "العربية",
}
"""Each language named in itself, for the language menu."""
HTML_LANG = {"zh": "zh-Hans"}
_PLURAL = re.compile(r"\{(\w+), plural,((?:\s*[\w=]+\s*\{[^{}]*\})+)\s*\}")
_FORM = re.compile(r"([\w=]+)\s*\{([^{}]*)\}")


@dataclass(frozen=True, slots=True)
class Catalog:
    """One language's translations."""

    lang: str
    messages: dict[str, str]

    def gettext(self, message: str) -> str:
        """Return the translation of `message`, or `message` itself when there is none."""
        return self.messages.get(message) or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Return the singular or plural translation (page strings have simple plurals)."""
        return self.gettext(singular if n == 1 else plural)

    def format(self, message: str, **values: str | int) -> str:
        """Translate `message` and fill it in. `{n, plural, one {# item} other {# items}}`
        picks the form by the language's CLDR plural rules (as the page scripts do with
        `Intl.PluralRules`); `#` and whole-number values are written in the locale."""
        locale = Locale.parse(self.lang)

        def number(value: str | int) -> str:
            return str(format_decimal(value, locale=locale)) if isinstance(value, int) else value

        def choose(match: re.Match[str]) -> str:
            n = int(values[match.group(1)])
            forms: dict[str, str] = dict(_FORM.findall(match.group(2)))
            category = str(locale.plural_form(n))
            form = forms.get(f"={n}") or forms.get(category) or forms.get("other", "")
            return form.replace("#", number(n))

        text = _PLURAL.sub(choose, self.gettext(message))
        for key, value in values.items():
            text = text.replace("{" + key + "}", number(value))
        return text

    @property
    def direction(self) -> str:
        """Return `rtl` or `ltr`."""
        return "rtl" if self.lang in RIGHT_TO_LEFT else "ltr"

    @property
    def html_lang(self) -> str:
        """Return the BCP 47 tag for the page's `lang` attribute."""
        return HTML_LANG.get(self.lang, self.lang)


@cache
def catalog(lang: str) -> Catalog:
    """Return the catalog of a page language (French for an unknown one)."""
    if lang not in LANGUAGES:
        lang = LANGUAGES[0]
    path = resources.files("web") / "locale" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        po = read_po(f, locale=lang)
    messages = {
        str(m.id): str(m.string)
        for m in po
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }
    return Catalog(lang, messages)


def negotiate(asked: str | None, accept_language: str | None) -> str:
    """Return the page language: `?lang=` when it is one, else the browser's first page
    language by preference, else French."""
    if asked in LANGUAGES:
        return asked
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        base = tag.strip().lower().split("-")[0]
        if base in LANGUAGES and q > 0:
            ranked.append((-q, i, base))
    return min(ranked)[2] if ranked else LANGUAGES[0]
