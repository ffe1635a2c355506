"""The page languages: gettext catalogs (Babel `.po` files) and choosing a language.

Messages are written in English in the templates and scripts; every page language, English
included, has a catalog in `web/locale/<lang>/LC_MESSAGES/messages.po`, read once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from babel.messages.pofile import read_po

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
