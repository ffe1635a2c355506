"""Round reports, the prevention stock, statistics and their small-count suppression."""
