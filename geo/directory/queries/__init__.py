"""Named, keyword-only queries over the directory, one module per concern."""
