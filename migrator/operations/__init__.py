"""Reusable operation builders that expand into migration steps."""
