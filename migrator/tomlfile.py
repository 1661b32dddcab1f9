"""Reading TOML files with messages that name the file and the line."""

from __future__ import annotations

import difflib
import importlib
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    # Imported by name so type checks for 3.10 do not need tomli installed.
    tomllib = importlib.import_module("tomli")


class TomlError(ValueError):
    """A TOML file could not be read or parsed."""


def read_toml(path: Path) -> dict[str, Any]:
    """Parse ``path``; a syntax error message keeps tomllib's line and column."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as err:
        raise TomlError(f"{path}: cannot read the file: {err.strerror}") from err
    except UnicodeDecodeError as err:
        raise TomlError(f"{path}: the file is not valid UTF-8: {err}") from err
    try:
        table: dict[str, Any] = tomllib.loads(text)
        return table
    except tomllib.TOMLDecodeError as err:
        raise TomlError(
            f"{path}: invalid TOML: {err}; fix the syntax at that line"
        ) from err


def unknown_key_problems(
    table: Mapping[str, Any], allowed: Iterable[str], where: str
) -> list[str]:
    """Describe every key of ``table`` not in ``allowed``, with a suggestion."""
    allowed = sorted(allowed)
    problems = []
    for key in table:
        if key in allowed:
            continue
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        problems.append(
            f"{where}: unknown key {key!r}; {hint}allowed keys: {', '.join(allowed)}"
        )
    return problems
