"""Plan and run reversible migrations across several services and databases."""
