"""Named, keyword-only queries over zones and teams."""
