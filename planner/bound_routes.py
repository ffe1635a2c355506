"""Rounds as columns of the coverage bound: column generation over walks, time by the minute.

The master programme keeps the visit columns x of `planner.bound` and their rows, and links
them to rounds: in each shift, the counted visits of a zone are at most the visits the chosen
rounds make there, and the shift holds at most one round (a convex combination of rounds in
the relaxation). A round is priced as a walk through the shift's minutes: each visit starts
inside one of its start windows, legs and visits take their lengths rounded down to the
minute (so every real round is one of these walks). A walk never goes straight back to the
zone it just left unless the shift may count two visits there; it may come back later (which
only loosens the bound). A dynamic programme over (minute, zone) finds the walk of best
reduced cost of each shift; walks that improve the master are added, until none does or time
runs out.

Whenever it stops, the master's value plus, for each shift, the best reduced cost its pricing
found (when positive) bounds the week from above (the Lagrangian bound of column generation):
the bound is valid at every iteration, and the relaxation's own value once no walk prices
out.

Walks hold counted visits only: a best plan never needs a visit that does not count (take it
out and, with the haversine model's triangle inequality, the legs around it shorten and the
next visit is reached no later). With a travel matrix, walks are not used.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from planner.candidates import Shift
from planner.lp import INF, LinearProgramme
from planner.model import Interval, Scenario
from planner.travel import TravelTimes

MINUTE = 60
NEVER = -1e18
WALKS_PER_SHIFT = 5
"""Walks added per shift and iteration at most (the best, each ending at a different zone)."""


class _Visit(Protocol):
    @property
    def zone(self) -> int: ...
    @property
    def shift(self) -> int: ...
    @property
    def windows(self) -> tuple[Interval, ...]: ...
    @property
    def cap(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Walk:
    """A priced round: the shift it belongs to and how many visits it makes of each column."""

    shift: int
    visits: dict[int, int]


class ShiftPricing:
    """The walks of one shift: a dynamic programme over its minutes and its visit columns."""

    def __init__(
        self,
        scenario: Scenario,
        times: TravelTimes,
        shift: Shift,
        legs: np.ndarray,
        columns: Sequence[_Visit],
        members: list[int],
    ) -> None:
        self.members = members
        zones = [scenario.zones[columns[c].zone] for c in members]
        origin = shift.span.start
        self.horizon = shift.span.length // MINUTE
        points = np.array([times.zone(z.id) for z in zones], dtype=int)
        online = np.array([z.online for z in zones], dtype=bool)
        d = np.floor(legs[np.ix_(points, points)] / MINUTE).astype(int)
        # A round holds street zones or online zones, never both.
        d[online[:, None] != online[None, :]] = self.horizon + 1
        self.visit = np.array([z.visit_s // MINUTE for z in zones], dtype=int)
        self.gap = self.visit[:, None] + d  # minutes from a visit's start to the next's
        # Straight back to the zone just left: only when the shift may count it twice.
        once = np.array([columns[c].cap <= 1 for c in members], dtype=bool)
        self.gap[np.diag_indices(len(members))] = np.where(
            once, self.horizon + 1, np.diag(self.gap)
        )
        n = len(members)
        self.open = np.zeros((self.horizon + 1, n), dtype=bool)
        for k, c in enumerate(members):
            for w in columns[c].windows:
                lo = max(0, (w.start - origin) // MINUTE)
                hi = min(self.horizon, (w.end - origin) // MINUTE)
                self.open[lo : hi + 1, k] = True

    def best(self, prizes: np.ndarray, limit: int) -> list[tuple[float, dict[int, int]]]:
        """Return up to `limit` walks of best prize (sum of `prizes` of its visits), each
        ending at a different zone, with their prizes; `prizes` is by member."""
        n, horizon = len(self.members), self.horizon
        value = np.full((horizon + 1, n), NEVER)  # a visit of k starts at t
        best = np.full((horizon + 1, n), NEVER)  # ... at t or before
        when = np.zeros((horizon + 1, n), dtype=int)  # the start behind `best`
        came = np.full((horizon + 1, n), -1, dtype=int)  # the visit before (-1: the depot)
        for t in range(horizon + 1):
            earlier = t - self.gap  # [i, j]: when a visit of i must start to reach j by t
            reach = np.where(
                earlier >= 0, best[np.maximum(earlier, 0), np.arange(n)[:, None]], NEVER
            )
            pred = reach.argmax(axis=0)
            gain = reach[pred, np.arange(n)]
            start_here = np.maximum(gain, 0.0)
            came[t] = np.where(gain > 0.0, pred, -1)
            value[t] = np.where(self.open[t], start_here + prizes, NEVER)
            if t == 0:
                best[t], when[t] = value[t], 0
            else:
                better = value[t] > best[t - 1]
                best[t] = np.where(better, value[t], best[t - 1])
                when[t] = np.where(better, t, when[t - 1])
        ends = best[horizon]
        out = []
        for k in np.argsort(-ends, kind="stable")[:limit]:
            if ends[k] <= NEVER / 2:
                break
            out.append((float(ends[k]), self._walk(when, came, int(k))))
        return out

    def _walk(self, when: np.ndarray, came: np.ndarray, k: int) -> dict[int, int]:
        counts: dict[int, int] = {}
        t = int(when[self.horizon, k])
        while k >= 0:
            c = self.members[k]
            counts[c] = counts.get(c, 0) + 1
            i = int(came[t, k])
            if i < 0:
                break
            t = int(when[t - self.gap[i, k], i])
            k = i
        return counts


class ColumnGeneration:
    """The master programme: the relaxation's programme, linked to walks priced shift by
    shift."""

    def __init__(
        self, lp: LinearProgramme, visits: int, shifts: int, pricings: dict[int, ShiftPricing]
    ) -> None:
        self.lp = lp
        self.pricings = pricings
        self._seen: set[tuple[int, tuple[tuple[int, int], ...]]] = set()
        # x_c - sum of a_c,r lambda_r <= 0 for each visit column c (the first `visits`), and
        # sum of a shift's lambda <= 1.
        self._links = lp.add_rows([({c: 1.0}, -INF, 0.0) for c in range(visits)])
        self._visits = visits
        self._rounds = lp.add_rows([({}, -INF, 1.0) for _ in range(shifts)])
        self._shifts = shifts

    def run(self, deadline: float) -> float | None:
        """Add walks until none improves the master or time runs out; return the least
        bound (weight) a finished round of pricing proved, or None."""
        found: float | None = None
        self.lp.prefer_primal()
        while time.perf_counter() < deadline:
            solution = self.lp.solve()
            duals = -solution.duals
            links = duals[self._links : self._links + self._visits]
            rounds = duals[self._rounds : self._rounds + self._shifts]
            priced = price(self.pricings, links, rounds, deadline)
            if priced is None:
                break
            walks, gain = priced
            value = -solution.value + gain
            found = value if found is None else min(found, value)
            fresh = [w for w in walks if self._new(w)]
            if not fresh:
                break
            self.lp.add_columns(
                [0.0] * len(fresh),
                [(0.0, 1.0)] * len(fresh),
                [
                    {
                        **{self._links + c: -float(a) for c, a in w.visits.items()},
                        self._rounds + w.shift: 1.0,
                    }
                    for w in fresh
                ],
            )
        return found

    def _new(self, walk: Walk) -> bool:
        key = (walk.shift, tuple(sorted(walk.visits.items())))
        if key in self._seen:
            return False
        self._seen.add(key)
        return True


def price(
    pricings: dict[int, ShiftPricing],
    link_duals: np.ndarray,
    shift_duals: np.ndarray,
    deadline: float,
) -> tuple[list[Walk], float] | None:
    """Return the walks that improve the master and the sum over shifts of the best reduced
    cost (positive parts), or None when time ran out before every shift was priced."""
    walks: list[Walk] = []
    gain = 0.0
    for si, pricing in pricings.items():
        if time.perf_counter() > deadline:
            return None
        prizes = np.maximum(0.0, link_duals[pricing.members])
        found = pricing.best(prizes, WALKS_PER_SHIFT)
        if not found:
            continue
        reduced = [value - float(shift_duals[si]) for value, _ in found]
        gain += max(0.0, reduced[0])
        walks += [
            Walk(si, counts) for rc, (_, counts) in zip(reduced, found, strict=True) if rc > 1e-6
        ]
    return walks, gain
