"""Import jobs uploaded through the API, run by the worker."""
