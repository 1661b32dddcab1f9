"""Parse a file with libcst so that unchanged parts come back byte for byte.

libcst keeps the encoding (a BOM or a coding declaration) and the file's
newline style; the checks here reject the files it cannot reproduce.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import libcst as cst

from codemods.errors import MixedNewlinesError, SourceError

_NEWLINES = re.compile(rb"\r\n|\r|\n")
_NEWLINE_NAMES = {b"\r\n": "CRLF", b"\r": "CR", b"\n": "LF"}


@dataclass(frozen=True)
class ParsedSource:
    """A libcst module together with the bytes it was parsed from."""

    path: str
    original: bytes
    module: cst.Module

    def output(self, module: cst.Module) -> bytes:
        """Return the bytes of ``module``, a fixed version of this source.

        libcst 1.x drops the final newline of a file whose newlines are all
        CR; it is added back here.
        """
        data = module.bytes
        match = _NEWLINES.search(self.original[-2:])
        final = match.group() if match is not None else b""
        if final and self.original.endswith(final) and not data.endswith(final):
            data += final
        return data


def newline_styles(source: bytes) -> tuple[str, ...]:
    """Return the newline styles found in ``source``, e.g. ``("CRLF",)``."""
    found = {_NEWLINE_NAMES[match.group()] for match in _NEWLINES.finditer(source)}
    return tuple(sorted(found))


def parse_source(source: bytes, path: str) -> ParsedSource:
    """Parse ``source`` with libcst, refusing what cannot be written back.

    Raises
    ------
    MixedNewlinesError
        When the file uses more than one newline style: libcst would write
        every added or changed line with a single style.
    SourceError
        When libcst cannot parse or decode the file.
    """
    styles = newline_styles(source)
    if len(styles) > 1:
        raise MixedNewlinesError(path, styles)
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as err:
        message = str(err).splitlines()[0]
        raise SourceError(
            path,
            f"libcst cannot parse the file: {message}",
            line=err.raw_line,
            column=err.raw_column + 1,
        ) from err
    except (UnicodeDecodeError, LookupError, SyntaxError) as err:
        raise SourceError(path, f"cannot decode the file: {err}") from err
    return ParsedSource(path, source, module)


def check_compiles(output: bytes, path: str) -> None:
    """Compile the fixed bytes, raising ``SourceError`` when they are invalid."""
    try:
        # A SyntaxWarning (an invalid escape, say) is the file's own business
        # and must not turn into an error under ``-W error``.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(output, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as err:
        raise SourceError(
            path, f"the fixed file does not compile ({err}); it was not written"
        ) from err
