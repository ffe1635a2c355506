"""Schemas shared by several resources: problems, links, GeoJSON geometry."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ProblemItem(BaseModel):
    """One thing wrong with a request."""

    detail: str
    parameter: str | None = None
    pointer: str | None = None


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    model_config = ConfigDict(extra="allow")

    type: str = Field("about:blank", description="Stable identifier of the kind of problem.")
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[ProblemItem] | None = None


class Link(BaseModel):
    """A link to a related document."""

    href: str
    rel: str
    type: str | None = None


class Point(BaseModel):
    """A GeoJSON Point in WGS 84 longitude, latitude."""

    type: Literal["Point"] = "Point"
    coordinates: tuple[float, float]


class LineString(BaseModel):
    """A GeoJSON LineString in WGS 84 longitude, latitude."""

    type: Literal["LineString"] = "LineString"
    coordinates: list[tuple[float, float]]


PROBLEM_RESPONSES: dict[int | str, dict[str, object]] = {
    422: {"model": Problem, "content": {"application/problem+json": {}}},
    503: {"model": Problem, "content": {"application/problem+json": {}}},
}

_PROBLEM: dict[str, object] = {"model": Problem, "content": {"application/problem+json": {}}}
OWNED_RESPONSES: dict[int | str, dict[str, object]] = dict.fromkeys(
    (401, 403, 404, 412, 422, 428), _PROBLEM
)
ADMIN_RESPONSES: dict[int | str, dict[str, object]] = dict.fromkeys(
    (401, 403, 404, 409, 422), _PROBLEM
)
