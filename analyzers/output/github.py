"""GitHub Actions workflow commands, which show as annotations on a diff."""

from __future__ import annotations

from collections.abc import Sequence

from analyzers.diagnostic import Diagnostic, SourceError


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(diagnostics: Sequence[Diagnostic], errors: Sequence[SourceError]) -> str:
    lines = []
    for d in diagnostics:
        properties = (
            f"file={escape_property(d.path)},line={d.line},col={d.column},"
            f"endLine={d.end_line},endColumn={d.end_column},"
            f"title={escape_property(d.code + ' ' + d.symbol)}"
        )
        lines.append(f"::error {properties}::{escape_data(d.code + ' ' + d.message)}")
    for e in errors:
        location = f"file={escape_property(e.path)}"
        if e.line is not None:
            location += f",line={e.line}"
        lines.append(f"::error {location}::{escape_data(e.path + ' ' + e.message)}")
    return "".join(line + "\n" for line in lines)
