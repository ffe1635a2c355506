"""The referral taxonomy."""

from __future__ import annotations

from pydantic import BaseModel


class CategoryLabels(BaseModel):
    """Labels of a category by page language."""

    fr: str
    en: str


class CategoryRead(BaseModel):
    """One category with its mappings to external vocabularies."""

    slug: str
    labels: CategoryLabels
    guideline: str
    finess: list[str]
    osm: list[str]
    data_inclusion: list[str]
    soliguide: list[str]


class CategoryList(BaseModel):
    """Every category, in the guidelines' order."""

    categories: list[CategoryRead]
