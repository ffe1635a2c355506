"""Routing engines behind `planner.routing.RoutingEngine`."""
