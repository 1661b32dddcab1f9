"""The records a lint run produces: findings and per-file errors."""

from __future__ import annotations

import dataclasses
from typing import Any


@dataclasses.dataclass(frozen=True)
class Diagnostic:
    """One finding of one rule at one place in a file.

    Lines are 1-based. Columns are 1-based and counted in characters, not in
    UTF-8 bytes, and a byte order mark does not shift them. ``end_column`` is
    the column just past the last character of the reported expression.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    symbol: str
    message: str
    target: str | None = None
    fixable: bool = False
    # What the fix has to do, e.g. "add-tz" or "replace-call"; None if not fixable.
    fix_kind: str | None = None
    # The configured replacement of a banned API, as a dotted name.
    replacement: str | None = None
    # Physical lines where a ``# noqa`` comment suppresses this finding: the
    # lines of the expression and the first and last line of its statement.
    noqa_lines: tuple[int, ...] = ()

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as plain JSON types."""
        data = dataclasses.asdict(self)
        data["noqa_lines"] = list(self.noqa_lines)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Diagnostic:
        fields = dict(data)
        fields["noqa_lines"] = tuple(fields.get("noqa_lines", ()))
        return cls(**fields)


@dataclasses.dataclass(frozen=True)
class SourceError:
    """A file that could not be read, decoded or parsed, with the fix."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def location(self) -> str:
        if self.line is None:
            return self.path
        if self.column is None:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class FileReport:
    """What checking one file produced.

    ``diagnostics`` are the findings left after ``# noqa`` filtering, sorted by
    position; ``errors`` are problems with the file itself. ``parsed`` is False
    when the prefilter showed that no rule can match, so the file was not parsed.
    """

    path: str
    diagnostics: tuple[Diagnostic, ...] = ()
    errors: tuple[SourceError, ...] = ()
    parsed: bool = True
    cached: bool = False
