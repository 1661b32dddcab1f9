"""One result object per file, so a batch run never stops half-way."""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzers.diagnostic import SourceError


@dataclass(frozen=True)
class AppliedFix:
    """A finding that the fix removed."""

    line: int
    column: int
    code: str
    description: str
    # What to check by hand after an unsafe fix; None for safe fixes.
    note: str | None = None


@dataclass(frozen=True)
class SkippedFix:
    """A fixable finding left in place, with the reason."""

    line: int
    column: int
    code: str
    reason: str


@dataclass(frozen=True)
class FileResult:
    """What fixing one file did.

    ``output`` is None when the file stays as it was: nothing to fix, every
    fix skipped, or an ``error`` (then no fix counts as made), which
    ``error_line`` and ``error_column`` locate when it has a place in the
    file. ``original`` is kept only for changed files, for ``--diff``.
    ``lint_errors`` are the errors that ``gauntlet lint`` reports for the file.
    """

    path: str
    applied: tuple[AppliedFix, ...] = ()
    skipped: tuple[SkippedFix, ...] = ()
    error: str | None = None
    original: bytes | None = None
    output: bytes | None = None
    parsed: bool = False
    lint_errors: tuple[SourceError, ...] = field(default=())
    error_line: int | None = None
    error_column: int | None = None

    @property
    def changed(self) -> bool:
        return self.output is not None
