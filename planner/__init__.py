"""Weekly outreach planning: pure optimisation over value types (no web, no database)."""
