"""Associations, accounts and their passwords and second factors, login sessions, the audit log."""
