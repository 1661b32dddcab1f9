"""libcst auto-fixes for the diagnostics that ``analyzers`` reports."""
