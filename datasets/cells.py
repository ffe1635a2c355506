"""Spreadsheet-safe CSV cells: a cell a spreadsheet would run as a formula is written with a
leading apostrophe (shown as text), and read back without it.

`=`, `@` and a leading tab or carriage return always start a formula; `+` and `-` do when
letters or formula punctuation follow, so phone numbers (`+33 1 45 …`) and negative numbers
stay as they are.
"""

from __future__ import annotations

import re

_FORMULA = re.compile(r"^(?:[=@\t\r]|[+-].*[A-Za-z(|!:;\"'])", re.DOTALL)
_GUARD = "'"


def neutralised(text: str) -> str:
    """Return a cell's text as a spreadsheet shows it as text, never runs it."""
    return _GUARD + text if _FORMULA.match(text) else text


def restored(text: str) -> str:
    """Return a cell's text as it was before `neutralised`."""
    if text.startswith(_GUARD) and _FORMULA.match(text[1:]):
        return text[1:]
    return text
