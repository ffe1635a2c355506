"""What HSDS export and import share: the source name, stable ids, day codes and taxonomy.

Maraude's categories, publics, conditions and wheelchair access are terms of one taxonomy
(`maraude`) attached to services as attributes, so another Maraude reads them back exactly.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from functools import cache
from typing import Any

from datasets.data_inclusion import PUBLIC_WORDS
from geo.directory.categories import CATEGORIES
from geo.vocab import Condition, Public, Wheelchair

SOURCE = "hsds"
"""The source name of services imported from HSDS (`Hsds.name`)."""
NAMESPACE = uuid.UUID("5d0f4c52-8f0e-4b53-9a57-0c8b8d4c2f61")
"""Every exported id is a UUID derived from this namespace and the record's identity, so the
same directory exports the same ids each time."""
_NAMESPACE_BYTES = NAMESPACE.bytes
TAXONOMY_ID = str(uuid.uuid5(NAMESPACE, "taxonomy:maraude"))
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
WHEELCHAIR_WORDS = {
    Wheelchair.YES.value: "Accessible en fauteuil roulant",
    Wheelchair.LIMITED.value: "Accès en fauteuil roulant limité",
    Wheelchair.NO.value: "Non accessible en fauteuil roulant",
}
CONDITION_WORDS = {
    Condition.FREE.value: "Gratuit",
    Condition.ANONYMOUS.value: "Anonyme",
    Condition.NO_APPOINTMENT.value: "Sans rendez-vous",
    Condition.UNCONDITIONAL.value: "Accueil inconditionnel",
}


def stable_id(*parts: object) -> str:
    """`uuid.uuid5(NAMESPACE, "a:b:…")` as text, without building UUID objects (an export
    makes a dozen per service)."""
    name = ":".join(str(p) for p in parts).encode()
    raw = bytearray(hashlib.sha1(_NAMESPACE_BYTES + name, usedforsecurity=False).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


# The taxonomy: one term per category, public, condition and wheelchair value.


@dataclass(frozen=True, slots=True)
class Term:
    """A term of Maraude's taxonomy."""

    code: str
    name: str
    description: str

    @property
    def id(self) -> str:
        """Its id in every export."""
        return stable_id("term", self.code)

    def row(self) -> dict[str, Any]:
        """The term as a taxonomy_term row."""
        return {
            "id": self.id,
            "code": self.code,
            "name": self.name,
            "description": self.description,
            "parent_id": None,
            "taxonomy": "maraude",
            "language": "fr",
            "taxonomy_id": TAXONOMY_ID,
            "term_uri": None,
        }


@cache
def term_attribute(code: str) -> tuple[str, dict[str, Any]]:
    """A term's id and its nested form in an attribute (computed once per code)."""
    term = terms()[code]
    return term.id, {**term.row(), "taxonomy_detail": TAXONOMY}


@cache
def terms() -> dict[str, Term]:
    """Every term, by code."""
    found = [
        Term(f"category:{c.slug}", c.label_fr, f"{c.label_en} (guidelines {c.guideline})")
        for c in CATEGORIES
    ]
    found += [Term(f"public:{p.value}", PUBLIC_WORDS[p.value], p.value) for p in Public]
    found += [Term(f"condition:{c.value}", CONDITION_WORDS[c.value], c.value) for c in Condition]
    found += [Term(f"wheelchair:{w.value}", WHEELCHAIR_WORDS[w.value], w.value) for w in Wheelchair]
    return {t.code: t for t in found}


TAXONOMY = {
    "id": TAXONOMY_ID,
    "name": "maraude",
    "description": "Maraude's referral categories (French national harm-reduction guidelines "
    "for people in prostitution), publics, conditions and wheelchair access",
    "uri": None,
}
