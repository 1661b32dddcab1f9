"""Exceptions raised by the analyzers package."""

from __future__ import annotations


class AnalyzerError(Exception):
    """Base class of every error the analyzers package raises on purpose."""


class ConfigError(AnalyzerError):
    """The ``[tool.gauntlet]`` table, or a command-line option, is invalid.

    The message names the file, the key and the fix.
    """


class BaselineError(AnalyzerError):
    """The baseline file cannot be read or has an unexpected shape."""
