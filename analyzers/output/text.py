"""``path:line:col: CODE message``, one finding per line, like ruff and flake8.

A ``[*]`` after the code marks a finding ``gauntlet fix`` can fix.
"""

from __future__ import annotations

from collections.abc import Sequence

from analyzers.diagnostic import Diagnostic, SourceError

FIXABLE_MARK = "[*] "


def format_diagnostic(diagnostic: Diagnostic) -> str:
    mark = FIXABLE_MARK if diagnostic.fixable else ""
    return (
        f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: "
        f"{diagnostic.code} {mark}{diagnostic.message}"
    )


def format_error(error: SourceError) -> str:
    return f"{error.location()}: error: {error.message}"


def render(diagnostics: Sequence[Diagnostic], errors: Sequence[SourceError]) -> str:
    del errors  # the CLI prints them to stderr for this format
    return "".join(format_diagnostic(d) + "\n" for d in diagnostics)
