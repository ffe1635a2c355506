"""The prevention library as the API shows it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, WithJsonSchema, field_validator

from geo.directory.categories import BY_SLUG
from web.library import TranslationState

ReviewerRole = Literal[
    "physician", "midwife", "nurse", "pharmacist", "psychologist", "other-health-professional"
]
Lang = Literal["fr", "en", "es", "pt", "ro", "bg", "ru", "zh", "ar"]
CategorySlug = Annotated[
    str, WithJsonSchema({"type": "string", "enum": list(BY_SLUG)}), Field(min_length=1)
]
"""A category of the directory (checked against the taxonomy)."""
PhoneNumber = Annotated[str, Field(pattern=r"^[0-9](?:[0-9 ]{0,18}[0-9])?$")]
"""A phone number as the national lines are written: digits, single spaces between groups."""


class ReviewRead(BaseModel):
    """A review of a page's exact text by a health professional of the instance (role only)."""

    lang: str
    reviewer_role: str
    reviewed_at: datetime
    current: bool = Field(description="False when the text changed since: it awaits review again.")


class SourceRead(BaseModel):
    """An official source of a page's facts."""

    name: str
    url: str
    date: str


class TopicRead(BaseModel):
    """One topic of the library."""

    slug: str
    title: str = Field(description="In French, the authoritative language.")
    items: list[str] = Field(description="The guidelines' items it covers, e.g. V.A.3.")
    categories: list[str] = Field(description="Directory categories it sends people to.")
    lines: list[str] = Field(description="Phone lines it tells people to call.")
    sources: list[SourceRead]
    languages: dict[str, TranslationState] = Field(
        description="Per page language: reviewed, awaiting-review (written, not yet checked by a "
        "health professional; machine-assisted translations too) or missing (French is shown)."
    )
    reviews: list[ReviewRead]
    page: str = Field(description="The page's address (add ?lang=).")


class LocalPageRead(BaseModel):
    """A page the instance publishes of its own."""

    slug: str
    lang: str
    title: str
    categories: list[str]
    lines: list[str]
    updated_at: datetime
    page: str


class LibraryRead(BaseModel):
    """The whole library."""

    topics: list[TopicRead]
    local: list[LocalPageRead]


class ReviewWrite(BaseModel):
    """Mark a page reviewed in one language, as it reads now."""

    model_config = {"extra": "forbid"}

    lang: Lang
    reviewer_role: ReviewerRole


class LocalPageWrite(BaseModel):
    """An instance's own page in one language (Markdown body, no HTML)."""

    model_config = {"extra": "forbid"}

    lang: Lang
    title: str = Field(min_length=1, max_length=120, pattern=r"^[^\x00-\x1f\x7f]+$")
    body: str = Field(min_length=1, max_length=20000, pattern=r"^[^\x00-\x08\x0b-\x1f\x7f]+$")
    categories: list[CategorySlug] = Field([], max_length=10)
    lines: list[PhoneNumber] = Field([], max_length=10)

    @field_validator("categories")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = [c for c in value if c not in BY_SLUG]
        if unknown:
            raise ValueError(f"unknown category {unknown[0]!r}; the list is at /api/v1/categories")
        return value
