"""Importers, one module per source, and the bundled demo dataset."""
