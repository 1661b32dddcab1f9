"""What ``gauntlet fix`` prints: diffs, skipped fixes, errors and a summary."""

from __future__ import annotations

import difflib
import io
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass

from analyzers.diagnostic import SourceError
from analyzers.output.text import format_error
from codemods.results import FileResult


def decode(source: bytes) -> str:
    """Decode Python source as the interpreter would, BOM and coding line too."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
        return source.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return source.decode("utf-8", errors="replace")


def unified_diff(result: FileResult) -> str:
    """Return the change to one file as a unified diff, "" if unchanged."""
    if result.original is None or result.output is None:
        return ""
    before = decode(result.original).splitlines(keepends=True)
    after = decode(result.output).splitlines(keepends=True)
    lines = difflib.unified_diff(
        before, after, fromfile=result.path, tofile=result.path, lineterm="\n"
    )
    text = "".join(lines)
    return text if text.endswith("\n") else text + "\n\\ No newline at end of file\n"


@dataclass
class Summary:
    """Counts over a run."""

    files: int = 0
    parsed: int = 0
    changed: int = 0
    fixes: int = 0
    skipped: int = 0
    errors: int = 0

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.parsed += result.parsed
        self.changed += result.changed
        self.fixes += len(result.applied) if result.changed else 0
        self.skipped += len(result.skipped)
        self.errors += bool(result.error) + len(result.lint_errors)

    def text(self, dry_run: bool) -> str:
        verb = "would change" if dry_run else "changed"
        made = "available" if dry_run else "made"
        return (
            f"{counted(self.changed, 'file')} {verb}, "
            f"{counted(self.fixes, 'fix')} {made}, "
            f"{counted(self.skipped, 'fix')} skipped, "
            f"{counted(self.errors, 'error')} "
            f"({counted(self.files, 'file')} checked, {self.parsed} parsed "
            "with libcst)"
        )


def counted(count: int, noun: str) -> str:
    """Return ``count`` and ``noun`` in the singular or plural: "1 fix", "2 fixes"."""
    if count == 1:
        return f"1 {noun}"
    plural = f"{noun}es" if noun.endswith(("s", "x", "ch", "sh")) else f"{noun}s"
    return f"{count} {plural}"


def check_line(result: FileResult) -> str:
    """Return the ``--check`` line of a file that would change."""
    return f"{result.path}: would change ({counted(len(result.applied), 'fix')})"


def problem_lines(result: FileResult) -> Iterable[str]:
    """Yield one line per skipped fix, unsafe-fix note and error of ``result``."""
    for applied in result.applied if result.changed else ():
        if applied.note:
            yield (
                f"{result.path}:{applied.line}:{applied.column}: {applied.code} "
                f"unsafe fix: {applied.note}"
            )
    for skipped in result.skipped:
        yield (
            f"{result.path}:{skipped.line}:{skipped.column}: {skipped.code} "
            f"not fixed: {skipped.reason}"
        )
    for error in result.lint_errors:
        yield format_error(error)
    if result.error:
        message = f"{result.error}; the file was left unchanged"
        error = SourceError(
            result.path, message, result.error_line, result.error_column
        )
        yield format_error(error)
