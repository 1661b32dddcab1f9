"""Finding the Python files under the paths given on the command line."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable

from analyzers.config import Config
from analyzers.diagnostic import SourceError

# Folders no project lints: tool caches, virtual environments, build output.
SKIPPED_FOLDERS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".gauntlet_cache",
        "__pycache__",
        "__pypackages__",
        "node_modules",
        "site-packages",
        "build",
        "dist",
        ".eggs",
    }
)
SUFFIXES = (".py", ".pyi")
NOT_A_FILE = (
    "is not a regular file (a FIFO, socket or device), so it was not read; "
    "remove it or add it to 'exclude' in [tool.gauntlet]"
)


def discover(
    paths: Iterable[str], config: Config
) -> tuple[list[str], list[SourceError]]:
    """Return the files to check, sorted, and the paths that could not be read.

    A file named on the command line is checked whatever its suffix; files
    found in folders must end in .py or .pyi and not match ``exclude``.
    """
    files: list[str] = []
    errors: list[SourceError] = []
    for path in paths:
        if os.path.isdir(path):
            walk_folder(path, config, files, errors)
        elif os.path.exists(path):
            files.append(path)
        else:
            errors.append(
                SourceError(path, "does not exist; check the path and try again")
            )
    # "./src/app.py" reads as "src/app.py", as ruff and flake8 print it.
    files = [path[2:] if path.startswith("./") else path for path in files]
    errors = [
        dataclasses.replace(error, path=error.path[2:])
        if error.path.startswith("./")
        else error
        for error in errors
    ]
    return sorted(set(files)), errors


def walk_folder(
    root: str, config: Config, files: list[str], errors: list[SourceError]
) -> None:
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as err:
            reason = err.strerror or type(err).__name__
            errors.append(
                SourceError(
                    folder,
                    f"cannot be read ({reason}); fix its permissions or add it "
                    "to 'exclude' in [tool.gauntlet]",
                )
            )
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in SKIPPED_FOLDERS and not config.is_excluded(
                    entry.path
                ):
                    stack.append(entry.path)
            elif entry.name.endswith(SUFFIXES) and not config.is_excluded(entry.path):
                if is_readable_kind(entry):
                    files.append(entry.path)
                else:
                    errors.append(SourceError(entry.path, NOT_A_FILE))


def is_readable_kind(entry: os.DirEntry[str]) -> bool:
    """Tell whether a found file can be read without blocking.

    Reading a FIFO waits for a writer, possibly forever. A regular file, or
    a link to one, is read; a dangling link is passed on so that reading it
    reports the error.
    """
    if entry.is_file():
        return True
    return entry.is_symlink() and not os.path.exists(entry.path)
