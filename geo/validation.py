"""Validate a model from submitted values, naming the first field at fault."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from geo.errors import InvalidField

M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], values: dict[str, Any]) -> M:
    """Return `model` built from `values`, or raise InvalidField for the first problem."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "body"
        raise InvalidField(field, str(first["msg"])) from exc


def refuse_unknown(values: dict[str, Any], allowed: frozenset[str]) -> None:
    """Refuse (never ignore) fields a client may not write."""
    for name in values:
        if name not in allowed:
            raise InvalidField(name, "this field cannot be written")
