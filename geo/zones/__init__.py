"""Intervention zones and teams: an association's own, confidential."""
