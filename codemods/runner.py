"""Fix many files, in parallel processes, one result per file."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from analyzers.config import Config
from codemods.engine import FixOptions
from codemods.errors import WriteError
from codemods.passes import fix_until_stable
from codemods.results import FileResult
from codemods.writer import write_atomic

# Files per task sent to a worker process: large enough that the pickling
# overhead stays small, small enough that the two halves of a run end together.
CHUNK_SIZE = 16

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RunSettings:
    """Everything a worker needs to fix one file.

    ``config`` lints for the findings that have a fix; ``lint_config`` is
    what ``gauntlet lint`` would use, to report the same file errors.
    """

    config: Config
    options: FixOptions
    lint_config: Config | None = None


_settings: RunSettings | None = None


def _init_worker(settings: RunSettings) -> None:
    global _settings  # noqa: PLW0603 - one copy per worker process
    _settings = settings


def fix_file(path: str, settings: RunSettings) -> FileResult:
    """Lint one file and compute its fixed bytes; nothing is written here."""
    try:
        source = Path(path).read_bytes()
    except OSError as err:
        return FileResult(path=path, error=f"cannot read the file: {err.strerror}")
    return fix_until_stable(
        source, path, settings.config, settings.options, settings.lint_config
    )


def _fix_in_worker(path: str) -> FileResult:
    assert _settings is not None
    return fix_file(path, _settings)


def fix_files(
    paths: Sequence[str],
    settings: RunSettings,
    jobs: int,
    progress: Progress | None = None,
) -> Iterator[FileResult]:
    """Yield one result per file, in the order of ``paths``."""
    if jobs <= 1 or len(paths) < 2 * CHUNK_SIZE:
        results: Iterator[FileResult] = (fix_file(p, settings) for p in paths)
        yield from _counted(results, len(paths), progress)
        return
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_init_worker, initargs=(settings,)
    ) as pool:
        mapped = pool.map(_fix_in_worker, paths, chunksize=CHUNK_SIZE)
        yield from _counted(mapped, len(paths), progress)


def _counted(
    results: Iterator[FileResult], total: int, progress: Progress | None
) -> Iterator[FileResult]:
    for done, result in enumerate(results, start=1):
        if progress is not None:
            progress(done, total)
        yield result


def write_result(result: FileResult) -> FileResult:
    """Write a changed file unless it changed on disk since it was read."""
    if result.output is None or result.original is None:
        return result
    path = Path(result.path)
    try:
        if path.read_bytes() != result.original:
            return _failed(result, "the file changed while it was being fixed; rerun")
        write_atomic(path, result.output)
    except WriteError as err:
        return _failed(result, str(err))
    except OSError as err:
        return _failed(result, f"cannot read the file again: {err.strerror}")
    return result


def _failed(result: FileResult, message: str) -> FileResult:
    return FileResult(path=result.path, skipped=result.skipped, error=message)


def default_jobs() -> int:
    """One worker per CPU this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


class ProgressLine:
    """Show "fixing 120/1800 files" on stderr once a run takes over a second."""

    def __init__(self, echo: Callable[[str], None], delay: float = 1.0) -> None:
        self.echo = echo
        self.started = time.monotonic()
        self.delay = delay
        self.shown = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        final = done == total and self.shown > 0
        due = now - self.started >= self.delay and now - self.shown >= 0.5
        if final or due:
            self.shown = now
            self.echo(f"fixing: {done}/{total} files")
