"""The speeds a team keeps, shared by the street profiles and the network's bounds."""

from __future__ import annotations

WALK_KMH = 4.5
"""Walking, on the level (the planner's haversine model walks at the same pace)."""
BIKE_KMH = 14.0
"""Cycling in town."""
CAR_TRAFFIC_FACTOR = 0.8
"""Share of the posted limit a minibus keeps, for junctions and traffic."""
URBAN_LIMIT_KMH = 50.0
"""The French urban speed limit."""
