"""Errors raised by the fix engine; each names the file and what to do."""

from __future__ import annotations


class CodemodError(Exception):
    """Base class of every error the ``codemods`` package raises."""


class SourceError(CodemodError):
    """A file cannot be rewritten safely, so it is left as it was.

    ``line`` and ``column`` (1-based) point into the file when the problem
    has a place in it, such as a syntax error.
    """

    def __init__(
        self,
        path: str,
        problem: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
        self.line = line
        self.column = column


class MixedNewlinesError(SourceError):
    """The file mixes CR, LF and CRLF line endings."""

    def __init__(self, path: str, found: tuple[str, ...]) -> None:
        shown = ", ".join(found)
        super().__init__(
            path,
            f"cannot rewrite a file with mixed newlines ({shown}); convert it to "
            "one newline style first, e.g. with 'dos2unix'",
        )


class WriteError(CodemodError):
    """Writing the fixed file failed; the original is left untouched."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: cannot write the fixed file: {reason}")
        self.path = path


class FixSkipped(CodemodError):
    """A fix that cannot be made safely; the reason is shown to the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
