"""Named, keyword-only query functions, one module per area."""
