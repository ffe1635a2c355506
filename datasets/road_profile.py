"""Which way of an OSM street network each mode may use, in which direction, and how fast.

French defaults (OSM access conventions for France): footways, steps and pedestrian streets
are for walkers only unless bicycles are signed in; cycleways are for bicycles; motorways and
expressways (`motorroad=yes`) are for motor vehicles only. Speeds are averages a team keeps,
not limits: walking 4.5 km/h (slower on steps), cycling 14 km/h, and by car 80 % of the posted
or default limit for junctions and traffic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from geo.streets.speeds import BIKE_KMH, CAR_TRAFFIC_FACTOR, WALK_KMH
from geo.vocab import Mode

KMH = 1 / 3.6

STEPS_FACTOR = 0.6
ROUGH_BIKE_KMH = 10.0

_ROADS = frozenset(
    {
        "primary",
        "primary_link",
        "secondary",
        "secondary_link",
        "tertiary",
        "tertiary_link",
        "unclassified",
        "residential",
        "living_street",
        "service",
        "road",
    }
)
_WALKER_ONLY = frozenset({"footway", "pedestrian", "steps", "corridor", "platform"})
FOOT_WAYS = _ROADS | {"trunk", "trunk_link", "track", "path", "bridleway"} | _WALKER_ONLY
BIKE_WAYS = _ROADS | {"trunk", "trunk_link", "track", "path", "cycleway"}
CAR_WAYS = _ROADS | {"motorway", "motorway_link", "trunk", "trunk_link", "track"}

# Posted limits where no `maxspeed` says otherwise, km/h.
_CAR_LIMITS = {
    "motorway": 110,
    "motorway_link": 70,
    "trunk": 90,
    "trunk_link": 50,
    "primary": 50,
    "primary_link": 50,
    "secondary": 50,
    "secondary_link": 50,
    "tertiary": 50,
    "tertiary_link": 50,
    "unclassified": 50,
    "residential": 30,
    "road": 30,
    "living_street": 20,
    "service": 20,
    "track": 15,
}
_ZONE_LIMITS = {
    "fr:urban": 50,
    "fr:rural": 80,
    "fr:motorway": 130,
    "fr:zone30": 30,
    "fr:zone20": 20,
    "fr:walk": 6,
    "walk": 6,
    "fr:living_street": 20,
    "living_street": 20,
}
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mph|km/h|kmh)?\s*$")

_OPEN = frozenset({"yes", "designated", "permissive", "destination", "customers", "official"})
_CLOSED = frozenset(
    {
        "no",
        "private",
        "agricultural",
        "forestry",
        "delivery",
        "emergency",
        "psv",
        "bus",
        "military",
        "restricted",
    }
)
_FORWARD = frozenset({"yes", "true", "1"})
_BACKWARD = frozenset({"-1", "reverse"})


@dataclass(frozen=True, slots=True)
class Passage:
    """Speeds in metres per second along and against a way's drawing direction (None: closed)."""

    forward: float | None
    backward: float | None

    @property
    def usable(self) -> bool:
        """Whether the mode may use the way at all."""
        return self.forward is not None or self.backward is not None


CLOSED = Passage(None, None)


def _access(tags: Mapping[str, str], keys: tuple[str, ...]) -> bool | None:
    """Return the most specific access verdict among `keys` (most specific first)."""
    for key in keys:
        value = tags.get(key)
        if value is None:
            continue
        value = value.split(";")[0].strip()
        if value in _OPEN:
            return True
        if value in _CLOSED:
            return False
    return None


def _direction(value: str | None) -> int | None:
    """Map a oneway value to +1 (along), -1 (against), 0 (both ways) or None (unknown)."""
    if value is None:
        return None
    if value in _FORWARD:
        return 1
    if value in _BACKWARD:
        return -1
    if value == "no":
        return 0
    return None


def _general_oneway(tags: Mapping[str, str]) -> int | None:
    """Return the oneway rule for vehicles, or None when traffic alternates (reversible)."""
    value = tags.get("oneway")
    if value in {"reversible", "alternating"}:
        return None
    explicit = _direction(value)
    if explicit is not None:
        return explicit
    implied = tags.get("junction") in {"roundabout", "circular"} or tags.get("highway") in {
        "motorway",
        "motorway_link",
    }
    return 1 if implied else 0


def _passage(speed: float, direction: int | None) -> Passage:
    if direction is None:
        return CLOSED
    return Passage(speed if direction >= 0 else None, speed if direction <= 0 else None)


def maxspeed_kmh(value: str | None) -> float | None:
    """Parse an OSM `maxspeed` (a number, "30 mph", "FR:urban", …) into km/h, or None."""
    if not value:
        return None
    value = value.split(";")[0].strip().lower()
    if value in _ZONE_LIMITS:
        return float(_ZONE_LIMITS[value])
    match = _NUMBER.match(value)
    if match is None:
        return None
    number = float(match.group(1))
    return number * 1.609344 if match.group(2) == "mph" else number


def _foot(tags: Mapping[str, str], highway: str) -> Passage:
    verdict = _access(tags, ("foot", "access"))
    if tags.get("foot") == "use_sidepath":
        verdict = False
    if highway not in FOOT_WAYS and verdict is not True:
        return CLOSED
    if highway in {"trunk", "trunk_link"} and tags.get("motorroad") == "yes" and not verdict:
        return CLOSED
    if verdict is False:
        return CLOSED
    speed = WALK_KMH * KMH * (STEPS_FACTOR if highway == "steps" else 1.0)
    return _passage(speed, _direction(tags.get("oneway:foot")) or 0)


def _bike(tags: Mapping[str, str], highway: str) -> Passage:
    if highway == "steps":
        return CLOSED
    verdict = _access(tags, ("bicycle", "vehicle", "access"))
    expressway = highway in {"trunk", "trunk_link"} and tags.get("motorroad") == "yes"
    if highway in _WALKER_ONLY or highway == "bridleway":
        if _access(tags, ("bicycle",)) is not True:
            return CLOSED
        speed = ROUGH_BIKE_KMH
    elif highway not in BIKE_WAYS or verdict is False or expressway:
        return CLOSED
    else:
        speed = ROUGH_BIKE_KMH if highway in {"track", "path"} else BIKE_KMH
    own = _direction(tags.get("oneway:bicycle"))
    contraflow = any(
        tags.get(key, "").startswith("opposite")
        for key in ("cycleway", "cycleway:left", "cycleway:right")
    )
    direction = own if own is not None else 0 if contraflow else _general_oneway(tags)
    return _passage(speed * KMH, direction)


def _car(tags: Mapping[str, str], highway: str) -> Passage:
    if highway not in CAR_WAYS or tags.get("area") == "yes":
        return CLOSED
    if _access(tags, ("motorcar", "motor_vehicle", "vehicle", "access")) is False:
        return CLOSED
    limit = maxspeed_kmh(tags.get("maxspeed")) or _CAR_LIMITS[highway]
    return _passage(limit * CAR_TRAFFIC_FACTOR * KMH, _general_oneway(tags))


_RULES = {Mode.FOOT: _foot, Mode.BIKE: _bike, Mode.CAR: _car}
_UNROUTABLE = frozenset({"construction", "proposed", "abandoned", "disused", "razed"})


def passage(tags: Mapping[str, str], mode: Mode) -> Passage:
    """Return how `mode` may use a way with these tags."""
    highway = tags.get("highway")
    if highway is None or highway in _UNROUTABLE:
        return CLOSED
    return _RULES[mode](tags, highway)
