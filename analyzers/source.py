"""Turning file bytes into text and lines, with one clear error per bad file."""

from __future__ import annotations

import codecs
import dataclasses
import io
import re
import tokenize
from collections.abc import Sequence

from analyzers.diagnostic import SourceError

NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclasses.dataclass(frozen=True)
class SourceText:
    """Decoded source without a byte order mark, and its physical lines."""

    text: str
    lines: list[str]


def decode_source(data: bytes, path: str) -> SourceText | SourceError:
    """Decode ``data`` as Python source: UTF-8, or the declared coding.

    A UTF-8 byte order mark is dropped, so columns count from the first real
    character. NUL bytes and undecodable bytes give a SourceError naming the
    line and the fix.
    """
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        return SourceError(
            path,
            "contains a NUL byte, so it is not Python source; remove the NUL "
            "bytes or exclude the file",
            line=line,
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        declared = declared_encoding(data)
        if declared is None:
            return undecodable(path, data, err)
        try:
            text = data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            return undecodable(path, data, err)
    # str.split is much faster than the regex, and most files end lines with LF.
    lines = NEWLINE.split(text) if "\r" in text else text.split("\n")
    return SourceText(text, lines)


def declared_encoding(data: bytes) -> str | None:
    """Return the PEP 263 coding declared in the first two lines, if not UTF-8."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        return None
    return None if encoding in ("utf-8", "utf-8-sig") else encoding


def undecodable(path: str, data: bytes, err: UnicodeDecodeError) -> SourceError:
    line = data.count(b"\n", 0, err.start) + 1
    column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
    byte = data[err.start : err.start + 1].hex()
    return SourceError(
        path,
        f"is not valid UTF-8 (byte 0x{byte}); re-save the file as UTF-8 or "
        "declare its encoding with a coding comment on line 1 or 2",
        line=line,
        column=column,
    )


def character_column(lines: Sequence[str], line: int, byte_offset: int) -> int:
    """Convert an ``ast`` UTF-8 byte offset to a 1-based character column."""
    if not 0 < line <= len(lines):
        return byte_offset + 1
    text = lines[line - 1]
    if text.isascii():
        return byte_offset + 1
    prefix = text.encode("utf-8")[:byte_offset]
    return len(prefix.decode("utf-8", "ignore")) + 1


def syntax_error(path: str, err: SyntaxError | ValueError) -> SourceError:
    if isinstance(err, SyntaxError):
        return SourceError(
            path,
            f"cannot be parsed: {err.msg}; fix the syntax error or exclude the file",
            line=err.lineno,
            column=err.offset,
        )
    return SourceError(path, f"cannot be parsed: {err}; fix the file or exclude it")
