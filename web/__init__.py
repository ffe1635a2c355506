"""Pages and static files served by the API."""
