"""What kind of public service a reader asks for: the filters that open data, the tiles and
the per-cell counts share, over the columns they all have."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geo.directory.categories import category_ids


@dataclass(frozen=True, slots=True)
class Kinds:
    """Services of these categories (any), speaking these languages (any), welcoming these
    publics (all), meeting these conditions (all)."""

    categories: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    publics: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()

    def clauses(self, alias: str) -> tuple[list[str], dict[str, Any]]:
        """The WHERE clauses over the rows named `alias`, and their parameters."""
        where: list[str] = []
        params: dict[str, Any] = {}
        if self.categories:
            where.append(f"{alias}.category_ids && CAST(:cats AS int[])")
            params["cats"] = category_ids(self.categories)
        if self.languages:
            where.append(f"{alias}.languages && CAST(:langs AS text[])")
            params["langs"] = list(self.languages)
        if self.publics:
            where.append(f"{alias}.publics @> CAST(:publics AS text[])")
            params["publics"] = list(self.publics)
        if self.conditions:
            where.append(f"{alias}.conditions @> CAST(:conds AS text[])")
            params["conds"] = list(self.conditions)
        return where, params
