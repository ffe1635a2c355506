"""Health alerts: drafts, queries, and their CAP and Atom feeds."""
