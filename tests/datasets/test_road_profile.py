"""Which mode may use a way, in which direction, how fast: from OSM tags."""

from __future__ import annotations

import pytest

from datasets.road_profile import KMH, STEPS_FACTOR, maxspeed_kmh, passage
from geo.streets.speeds import BIKE_KMH, CAR_TRAFFIC_FACTOR, WALK_KMH
from geo.vocab import Mode

FOOT, BIKE, CAR = Mode.FOOT, Mode.BIKE, Mode.CAR


def _ways(tags: dict[str, str]) -> tuple[bool, bool, bool]:
    return tuple(passage(tags, m).usable for m in (FOOT, BIKE, CAR))  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("tags", "foot", "bike", "car"),
    [
        ({"highway": "residential"}, True, True, True),
        ({"highway": "footway"}, True, False, False),
        ({"highway": "footway", "bicycle": "yes"}, True, True, False),
        ({"highway": "pedestrian"}, True, False, False),
        ({"highway": "steps"}, True, False, False),
        ({"highway": "steps", "bicycle": "yes"}, True, False, False),
        ({"highway": "cycleway"}, False, True, False),
        ({"highway": "cycleway", "foot": "designated"}, True, True, False),
        ({"highway": "motorway"}, False, False, True),
        ({"highway": "trunk", "motorroad": "yes"}, False, False, True),
        ({"highway": "trunk"}, True, True, True),
        ({"highway": "service", "access": "private"}, False, False, False),
        ({"highway": "service", "access": "private", "foot": "yes"}, True, False, False),
        ({"highway": "residential", "motor_vehicle": "no"}, True, True, False),
        ({"highway": "residential", "motor_vehicle": "no", "motorcar": "yes"}, True, True, True),
        ({"highway": "residential", "access": "destination"}, True, True, True),
        ({"highway": "construction"}, False, False, False),
        ({"highway": "pedestrian", "area": "yes"}, True, False, False),
        ({"building": "yes"}, False, False, False),
    ],
)
def test_who_may_use_a_way(tags: dict[str, str], foot: bool, bike: bool, car: bool) -> None:
    assert _ways(tags) == (foot, bike, car)


def test_one_way_streets_bind_vehicles_not_walkers() -> None:
    tags = {"highway": "residential", "oneway": "yes"}
    assert passage(tags, CAR).backward is None
    assert passage(tags, CAR).forward is not None
    assert passage(tags, BIKE).backward is None
    assert passage(tags, FOOT).backward == passage(tags, FOOT).forward


def test_reverse_oneway_roundabouts_and_contraflow_cycling() -> None:
    assert passage({"highway": "primary", "oneway": "-1"}, CAR).forward is None
    roundabout = {"highway": "primary", "junction": "roundabout"}
    assert passage(roundabout, CAR).backward is None
    assert passage({**roundabout, "oneway": "no"}, CAR).backward is not None
    assert passage({"highway": "motorway_link"}, CAR).backward is None
    contraflow = {"highway": "residential", "oneway": "yes", "oneway:bicycle": "no"}
    assert passage(contraflow, BIKE).backward is not None
    assert passage(contraflow, CAR).backward is None
    lane = {"highway": "residential", "oneway": "yes", "cycleway": "opposite_lane"}
    assert passage(lane, BIKE).backward is not None
    assert passage({"highway": "cycleway", "oneway:bicycle": "yes"}, BIKE).backward is None
    assert not passage({"highway": "primary", "oneway": "reversible"}, CAR).usable


def test_speeds() -> None:
    assert passage({"highway": "footway"}, FOOT).forward == pytest.approx(WALK_KMH * KMH)
    steps = passage({"highway": "steps"}, FOOT).forward
    assert steps == pytest.approx(WALK_KMH * KMH * STEPS_FACTOR)
    assert passage({"highway": "residential"}, BIKE).forward == pytest.approx(BIKE_KMH * KMH)
    limited = passage({"highway": "primary", "maxspeed": "30"}, CAR).forward
    assert limited == pytest.approx(30 * CAR_TRAFFIC_FACTOR * KMH)
    default = passage({"highway": "primary"}, CAR).forward
    assert default == pytest.approx(50 * CAR_TRAFFIC_FACTOR * KMH)


@pytest.mark.parametrize(
    ("value", "kmh"),
    [
        ("50", 50.0),
        ("30 mph", 48.28),
        ("FR:urban", 50.0),
        ("FR:zone30", 30.0),
        ("walk", 6.0),
        ("none", None),
        ("", None),
        (None, None),
        ("50;30", 50.0),
    ],
)
def test_maxspeed(value: str | None, kmh: float | None) -> None:
    got = maxspeed_kmh(value)
    assert got == (None if kmh is None else pytest.approx(kmh, abs=0.01))
