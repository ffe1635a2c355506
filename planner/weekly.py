"""The weekly layer: which zone is visited in which shift, by re-routing one shift at a time.

Each step takes one shift, forgets its round, and asks the routing engine for the best round
of that shift given every other round of the week: a zone's prize in it is what one more
visit would add to the objective (coverage first, then night requirements, then weighted
visits; travel costs less than any visit), and its windows keep 12 hours away from the zone's
other visits, so every visit planned counts. A step is kept only when the exact objective of
the week does not get worse. Passes over the shifts, in a seeded order, repeat until the
budget is spent or a pass changes nothing.
"""

from __future__ import annotations

import logging
import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from planner.candidates import Shift, compatible, shifts_of, split_at, start_windows
from planner.model import Plan, Round, Scenario, Stop
from planner.reasons import unvisited
from planner.routing import (
    Job,
    RoutingEngine,
    RoutingProblem,
    Vehicle,
    VehicleRoute,
    Visit,
    Window,
)
from planner.travel import TravelTimes
from planner.validate import objective

logger = logging.getLogger(__name__)

# Prize scales: any coverage gain outweighs any night gain, which outweighs any weighted
# visit, which outweighs the travel (seconds) a shift can hold. Kept as small as that allows:
# the engine must price lateness above the largest prize without overflowing.
W_VISIT = 30_000
W_NIGHT = 10**7
W_COVER = 10**9
INNER_ITERATIONS = 400
RUIN_ROUNDS = 2
FINISH_SHARE = 0.02
STALE_LIMIT = 30


@dataclass(frozen=True, slots=True)
class Budget:
    """How long to search: shift re-routings (deterministic), with a wall-clock cap."""

    iterations: int | None
    seconds: float
    seed: int


class _Week:
    """The rounds being built, one per shift, and what they mean for each zone."""

    def __init__(self, scenario: Scenario, engine: RoutingEngine) -> None:
        self.scenario = scenario
        self.engine = engine
        self.times = TravelTimes(scenario)
        self.shifts = shifts_of(scenario)
        self.rounds: dict[tuple[str, int], Round] = {}

    def visits_elsewhere(self, shift: Shift) -> dict[str, list[int]]:
        """Return the start times of every zone's visits outside `shift`."""
        out: dict[str, list[int]] = defaultdict(list)
        for key, r in self.rounds.items():
            if key != shift.key:
                for stop in r.stops:
                    out[stop.zone].append(stop.start)
        return out

    def _is_night(self, start: int) -> bool:
        return any(n.start <= start < n.end for n in self.scenario.night)

    def _jobs(self, shift: Shift) -> tuple[list[str], list[Job]]:
        others = self.visits_elsewhere(shift)
        zones, jobs = [], []
        for zone in self.scenario.zones:
            done = others.get(zone.id, [])
            if not compatible(zone, shift.team) or len(done) >= zone.max_visits:
                continue
            windows = start_windows(zone, shift, self.times, done)
            if not windows:
                continue
            prize = W_VISIT * zone.weight
            if len(done) < zone.min_visits:
                prize += W_COVER * zone.weight
            nights = sum(1 for t in done if self._is_night(t))
            wants_night = nights < zone.min_night_visits
            pieces = (
                split_at(windows, self.scenario.night)
                if wants_night
                else [(w, False) for w in windows]
            )
            job_windows = tuple(
                Window(w.start, w.end, prize + (W_NIGHT if night else 0)) for w, night in pieces
            )
            zones.append(zone.id)
            jobs.append(Job(location=len(zones) + 1, service=zone.visit_s, windows=job_windows))
        return zones, jobs

    def problem(self, shift: Shift) -> tuple[list[str], RoutingProblem]:
        """Return the routing problem of one shift: one vehicle, the zones it could add."""
        zones, jobs = self._jobs(shift)
        team = shift.team
        points = [
            self.times.start_of(team.id),
            self.times.end_of(team.id),
            *(self.times.zone(z) for z in zones),
        ]
        matrix = tuple(
            tuple(self.times.ceil_seconds(team.mode, a, b) for b in points) for a in points
        )
        vehicle = Vehicle(start=0, end=1, early=shift.span.start, late=shift.span.end)
        return zones, RoutingProblem(
            durations=(matrix,), distances=(matrix,), jobs=tuple(jobs), vehicles=(vehicle,)
        )

    def round_of(
        self, shift: Shift, zones: list[str], problem: RoutingProblem, visits: tuple[Visit, ...]
    ) -> Round:
        """Schedule the visits as early as their windows allow; depart as late as possible."""
        durations = problem.durations[0]
        t, here, stops = shift.span.start, 0, []
        for v in visits:
            job = problem.jobs[v.job]
            window = job.windows[v.window]
            arrive = t + durations[here][job.location]
            start = max(arrive, window.early)
            stops.append(Stop(zones[v.job], arrive, start, start + job.service))
            t, here = start + job.service, job.location
        back = t + durations[here][1]
        depart = shift.span.start
        if stops:  # leave as late as the first visit allows: no waiting on the pavement
            first_leg = durations[0][problem.jobs[visits[0].job].location]
            depart = max(shift.span.start, stops[0].start - first_leg)
            first = stops[0]
            stops[0] = Stop(first.zone, depart + first_leg, first.start, first.end)
        return Round(shift.team.id, shift.span, depart, tuple(stops), back)

    def current_visits(
        self, shift: Shift, zones: list[str], problem: RoutingProblem
    ) -> tuple[Visit, ...] | None:
        """Express the shift's current round in the new problem (a warm start), if it fits."""
        current = self.rounds.get(shift.key)
        if current is None or not current.stops:
            return None
        visits = []
        for stop in current.stops:
            if stop.zone not in zones:
                return None
            j = zones.index(stop.zone)
            windows = problem.jobs[j].windows
            k = next((k for k, w in enumerate(windows) if w.early <= stop.start <= w.late), None)
            if k is None:
                return None
            visits.append(Visit(j, k, stop.start))
        return tuple(visits)

    def rounds_list(self) -> list[Round]:
        """Return the non-empty rounds by departure."""
        return sorted((r for r in self.rounds.values() if r.stops), key=lambda r: r.depart)


def _step(week: _Week, shift: Shift, seed: int, deadline: float) -> bool:
    """Re-route one shift; keep the result unless the week's objective gets worse."""
    zones, problem = week.problem(shift)
    if not problem.jobs:
        return False
    before = objective(week.scenario, week.rounds_list()).key()
    warm = week.current_visits(shift, zones, problem)
    initial = [VehicleRoute(0, warm)] if warm else None
    solution = week.engine.solve(
        problem,
        time_limit=max(0.05, deadline - time.monotonic()),
        seed=seed,
        iterations=INNER_ITERATIONS,
        initial=initial,
    )
    if not solution.feasible:
        return False
    visits = solution.routes[0].visits if solution.routes else ()
    previous = week.rounds.get(shift.key)
    week.rounds[shift.key] = week.round_of(shift, zones, problem, visits)
    after = objective(week.scenario, week.rounds_list()).key()
    if after < before:
        if previous is None:
            del week.rounds[shift.key]
        else:
            week.rounds[shift.key] = previous
        return False
    return after > before


class _Search:
    """Leave a local optimum: when a whole pass finds nothing, remember the best week, clear
    a few random rounds and let the passes rebuild them; give up after `STALE_LIMIT` kicks in a
    row that find nothing better."""

    def __init__(self, week: _Week, rng: random.Random) -> None:
        self.week = week
        self.rng = rng
        self.best = dict(week.rounds)
        self.best_key = objective(week.scenario, week.rounds_list()).key()
        self.stale = 0

    def _remember(self) -> None:
        key = objective(self.week.scenario, self.week.rounds_list()).key()
        if key > self.best_key:
            self.best, self.best_key, self.stale = dict(self.week.rounds), key, 0
        else:
            self.stale += 1

    def perturb(self, free: Sequence[Shift]) -> bool:
        """Kick the week out of its local optimum; return False when it is time to stop."""
        self._remember()
        if self.stale >= STALE_LIMIT:
            return False
        self.week.rounds = dict(self.best)
        busy = [s for s in free if s.key in self.week.rounds]
        for shift in self.rng.sample(busy, min(len(busy), RUIN_ROUNDS)):
            del self.week.rounds[shift.key]
        return bool(busy)

    def keep_best(self) -> None:
        """End on the best week seen."""
        self._remember()
        self.week.rounds = dict(self.best)


def plan_week(
    scenario: Scenario,
    engine: RoutingEngine,
    budget: Budget,
    *,
    locked: Sequence[Round] = (),
    progress: Callable[[float], None] | None = None,
) -> Plan:
    """Plan the week: rounds, unvisited zones with reasons, and the objective.

    Passes re-route every free shift in a seeded order; when a pass finds nothing, a few
    rounds are cleared and rebuilt (`_Search`), until the iteration budget, the wall-clock
    cap or `STALE_LIMIT` fruitless kicks. Locked rounds are kept as they are and planned
    around; `progress` hears the share of the budget spent.
    """
    week = _Week(scenario, engine)
    for r in locked:
        week.rounds[(r.team, r.shift.start)] = r
    free = [s for s in week.shifts if s.key not in week.rounds]
    rng = random.Random(budget.seed)
    started = time.monotonic()
    # The last step may overrun its share a little, and the plan still has to be assembled.
    deadline = started + budget.seconds - min(1.0, FINISH_SHARE * budget.seconds)
    limit = budget.iterations
    search = _Search(week, rng)
    done = 0
    while (limit is None or done < limit) and time.monotonic() < deadline and free:
        order = free[:]
        rng.shuffle(order)
        improved = False
        for shift in order:
            if (limit is not None and done >= limit) or time.monotonic() >= deadline:
                break
            improved |= _step(week, shift, rng.randrange(2**31), deadline)
            done += 1
            if progress is not None:
                spent = (time.monotonic() - started) / budget.seconds
                progress(min(1.0, max(done / limit if limit else 0.0, spent)))
        if not improved and not search.perturb(free):
            break
    search.keep_best()
    rounds = week.rounds_list()
    visited = {s.zone for r in rounds for s in r.stops}
    return Plan(
        scenario=scenario.name,
        rounds=tuple(rounds),
        unvisited=tuple(unvisited(scenario, week.times, visited)),
        warnings=scenario.warnings + tuple(_shortfalls(scenario, rounds)),
        objective=objective(scenario, rounds),
    )


def _shortfalls(scenario: Scenario, rounds: list[Round]) -> list[str]:
    """Warn about zones visited fewer times than they need."""
    visits: dict[str, int] = defaultdict(int)
    for r in rounds:
        for s in r.stops:
            visits[s.zone] += 1
    return [
        f"zone {z.id} visited {visits[z.id]} of the {z.min_visits} times it needs"
        for z in scenario.zones
        if 0 < visits[z.id] < z.min_visits
    ]
