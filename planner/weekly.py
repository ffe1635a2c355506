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

from planner.candidates import Shift, compatible, flagged, shifts_of, start_windows
from planner.exchanges import exchanges, inside
from planner.model import Interval, Plan, Round, Scenario, Stop
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
W_WEEKEND = 10**6
W_NIGHT = 10**7
W_COVER = 10**9
INNER_ITERATIONS = 400
RUIN_ROUNDS = 2
FINISH_SHARE = 0.02
FINISH_CAP = 5.0
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

    def visits_elsewhere(self, shifts: Sequence[Shift]) -> dict[str, list[int]]:
        """Return the start times of every zone's visits outside `shifts`."""
        keys = {s.key for s in shifts}
        out: dict[str, list[int]] = defaultdict(list)
        for key, r in self.rounds.items():
            if key not in keys:
                for stop in r.stops:
                    out[stop.zone].append(stop.start)
        return out

    def _jobs(self, shifts: Sequence[Shift], online: bool) -> tuple[list[str], list[Job]]:
        """Return the zones the shifts could add and their jobs; a zone is one job (at most
        one visit across the shifts), its windows those of every shift."""
        others = self.visits_elsewhere(shifts)
        night, weekend = self.scenario.night, self.scenario.weekend
        zones: list[str] = []
        jobs: list[Job] = []
        for zone in self.scenario.zones:
            done = others.get(zone.id, [])
            if zone.online != online or len(done) >= zone.max_visits:
                continue
            windows = [
                w
                for shift in shifts
                if compatible(zone, shift.team)
                for w in start_windows(zone, shift, self.times, done)
            ]
            if not windows:
                continue
            prize = W_VISIT * zone.weight
            if len(done) < zone.min_visits:
                prize += W_COVER * zone.weight
            nights = sum(1 for t in done if inside(night, t))
            weekends = sum(1 for t in done if inside(weekend, t))
            wanted = (
                (night, W_NIGHT, nights < zone.min_night_visits),
                (weekend, W_WEEKEND, weekends < zone.min_weekend_visits),
            )
            marks = [(m, w) for m, w, wants in wanted if wants]
            job_windows = tuple(
                Window(
                    w.start,
                    w.end,
                    prize + sum(bonus for (_, bonus), hit in zip(marks, flags, strict=True) if hit),
                )
                for w, flags in flagged(_merged(windows), [m for m, _ in marks])
            )
            zones.append(zone.id)
            jobs.append(
                Job(location=2 * len(shifts) + len(jobs), service=zone.visit_s, windows=job_windows)
            )
        return zones, jobs

    def kinds(self, shift: Shift) -> list[bool]:
        """Return the kinds of round the shift could hold: street (False), online (True)."""
        return sorted({z.online for z in self.scenario.zones if compatible(z, shift.team)})

    def problem(
        self, shifts: Sequence[Shift], online: bool = False
    ) -> tuple[list[str], RoutingProblem]:
        """Return the routing problem of some shifts: a vehicle each, the zones they could add
        (online zones only, or street zones only: a round holds one kind)."""
        zones, jobs = self._jobs(shifts, online)
        modes = sorted({s.team.mode for s in shifts})
        points = [
            *(
                p
                for s in shifts
                for p in (self.times.start_of(s.team.id), self.times.end_of(s.team.id))
            ),
            *(self.times.zone(z) for z in zones),
        ]
        matrices = tuple(
            tuple(tuple(self.times.ceil_seconds(mode, a, b) for b in points) for a in points)
            for mode in modes
        )
        vehicles = tuple(
            Vehicle(
                start=2 * i,
                end=2 * i + 1,
                early=s.span.start,
                late=s.span.end,
                profile=modes.index(s.team.mode),
                # Shifts routed together must belong to teams of the same skills: any
                # of them may take any job, its own time window deciding when.
            )
            for i, s in enumerate(shifts)
        )
        return zones, RoutingProblem(
            durations=matrices, distances=matrices, jobs=tuple(jobs), vehicles=vehicles
        )

    def round_of(
        self,
        shift: Shift,
        zones: list[str],
        problem: RoutingProblem,
        visits: tuple[Visit, ...],
        vehicle: int = 0,
    ) -> Round:
        """Schedule the visits as early as their windows allow; depart as late as possible."""
        v0 = problem.vehicles[vehicle]
        durations = problem.durations[v0.profile]
        t, here, stops = shift.span.start, v0.start, []
        for v in visits:
            job = problem.jobs[v.job]
            window = job.windows[v.window]
            arrive = t + durations[here][job.location]
            start = max(arrive, window.early)
            stops.append(Stop(zones[v.job], arrive, start, start + job.service))
            t, here = start + job.service, job.location
        back = t + durations[here][v0.end]
        depart = shift.span.start
        if stops:  # leave as late as the first visit allows: no waiting on the pavement
            first_leg = durations[v0.start][problem.jobs[visits[0].job].location]
            depart = max(shift.span.start, stops[0].start - first_leg)
            first = stops[0]
            stops[0] = Stop(first.zone, depart + first_leg, first.start, first.end)
        return Round(shift.team.id, shift.span, depart, tuple(stops), back)

    def current_visits(
        self, shifts: Sequence[Shift], zones: list[str], problem: RoutingProblem
    ) -> list[VehicleRoute] | None:
        """Express the shifts' current rounds in the new problem (a warm start), if they fit."""
        routes, used = [], set()
        for i, shift in enumerate(shifts):
            current = self.rounds.get(shift.key)
            if current is None or not current.stops:
                continue
            visits = []
            for stop in current.stops:
                if stop.zone not in zones or stop.zone in used:
                    return None
                used.add(stop.zone)
                j = zones.index(stop.zone)
                windows = problem.jobs[j].windows
                k = next(
                    (k for k, w in enumerate(windows) if w.early <= stop.start <= w.late), None
                )
                if k is None:
                    return None
                visits.append(Visit(j, k, stop.start))
            routes.append(VehicleRoute(i, tuple(visits)))
        return routes or None

    def rounds_list(self) -> list[Round]:
        """Return the non-empty rounds by departure."""
        return sorted((r for r in self.rounds.values() if r.stops), key=lambda r: r.depart)


def _route(
    week: _Week, shifts: Sequence[Shift], online: bool, seed: int, deadline: float
) -> list[Round] | None:
    """Return the best rounds of one kind the engine finds for the shifts, or None."""
    zones, problem = week.problem(shifts, online)
    if not problem.jobs:
        return None
    solution = week.engine.solve(
        problem,
        time_limit=max(0.05, deadline - time.monotonic()),
        seed=seed,
        iterations=INNER_ITERATIONS * len(shifts),
        initial=week.current_visits(shifts, zones, problem),
    )
    if not solution.feasible:
        return None
    visits = {r.vehicle: r.visits for r in solution.routes}
    return [
        week.round_of(shift, zones, problem, visits.get(i, ()), i) for i, shift in enumerate(shifts)
    ]


def _step(week: _Week, shifts: Sequence[Shift], seed: int, deadline: float) -> bool:
    """Re-route one shift, or several together; keep the result unless the week's objective
    gets worse.

    A round holds street zones or online zones: when the teams could do either, both are
    routed and the better for the week is kept. Several shifts routed together trade zones
    between them, which one shift at a time never does.
    """
    previous = [week.rounds.get(s.key) for s in shifts]
    before = objective(week.scenario, week.rounds_list()).key()
    best, best_key = previous, before
    kinds = sorted(set.intersection(*(set(week.kinds(s)) for s in shifts)))
    for online in kinds:
        candidate = _route(week, shifts, online, seed, deadline)
        if candidate is None:
            continue
        _put(week, shifts, list(candidate))
        key = objective(week.scenario, week.rounds_list()).key()
        if key >= best_key:
            best, best_key = list(candidate), key
    _put(week, shifts, best)
    return best_key > before


def _put(week: _Week, shifts: Sequence[Shift], rounds: Sequence[Round | None]) -> None:
    for shift, r in zip(shifts, rounds, strict=True):
        if r is None:
            week.rounds.pop(shift.key, None)
        else:
            week.rounds[shift.key] = r


def _merged(windows: list[Interval]) -> list[Interval]:
    """Return closed start windows sorted, overlapping ones merged."""
    out: list[Interval] = []
    for w in sorted(windows):
        if out and w.start <= out[-1].end + 1:
            out[-1] = Interval(out[-1].start, max(out[-1].end, w.end))
        else:
            out.append(w)
    return out


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
    # The last step may overrun its share a little, and the plan still has to be assembled
    # (measured: 1.7 s past the deadline on a week of 2 000 zones and 20 teams).
    deadline = started + budget.seconds - min(FINISH_CAP, FINISH_SHARE * budget.seconds)
    limit = budget.iterations
    search = _Search(week, rng)
    done = 0

    def run(moves: Sequence[Sequence[Shift]]) -> bool:
        nonlocal done
        improved = False
        for move in moves:
            if (limit is not None and done >= limit) or time.monotonic() >= deadline:
                break
            improved |= _step(week, move, rng.randrange(2**31), deadline)
            done += 1
            if progress is not None:
                spent = (time.monotonic() - started) / budget.seconds
                progress(min(1.0, max(done / limit if limit else 0.0, spent)))
        return improved

    while (limit is None or done < limit) and time.monotonic() < deadline and free:
        order = free[:]
        rng.shuffle(order)
        improved = run([[shift] for shift in order])
        if not improved:
            improved = run(exchanges(scenario, week.times, week.rounds_list(), free, rng))
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
