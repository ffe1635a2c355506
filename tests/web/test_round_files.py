"""Calendar text escaped per RFC 5545: a hostile team label cannot add a property."""

from __future__ import annotations

import pytest

from web.round_files import ics_text


@pytest.mark.parametrize(
    ("label", "escaped"),
    [
        ("Équipe A", "Équipe A"),
        ("Nuit; port, gare", "Nuit\\; port\\, gare"),
        ("A\r\nSUMMARY:x", "A\\nSUMMARY:x"),
        ("A\rATTENDEE:x", "A\\nATTENDEE:x"),
        ("A\nB", "A\\nB"),
        ("A\x00\x1bB\\", "AB\\\\"),
    ],
)
def test_text_values_stay_inside_their_property(label: str, escaped: str) -> None:
    assert ics_text(label) == escaped
    assert "\r" not in ics_text(label)
    assert "\n" not in ics_text(label)
