"""Routing engines behind `planner.routing.RoutingEngine`."""

from __future__ import annotations

from planner.routing import RoutingEngine


def default_engine() -> RoutingEngine:
    """Return the routing core the product plans with (VROOM then PyVRP)."""
    from planner.engines.combined import CombinedEngine

    return CombinedEngine()
