"""The declarative base every table shares, with stable constraint names, and the checks
that keep a column inside a closed list."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    MetaData,
)
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def in_list(column: str, values: type[Any]) -> str:
    """Return a check that `column` holds one of an enumeration's values."""
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


def subset(column: str, values: type[Any]) -> str:
    """Return a check that the array `column` holds only an enumeration's values."""
    items = ", ".join(repr(v.value) for v in values)
    return f"{column} <@ ARRAY[{items}]::text[]"


class Base(DeclarativeBase):
    """Declarative base with stable constraint names."""

    metadata = MetaData(naming_convention=NAMING)
