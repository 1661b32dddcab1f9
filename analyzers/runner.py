"""Check many files: discovery, prefilter, cache and worker processes.

The parent process reads every file and runs the byte prefilter, which
rules out most files without parsing them. Only the files left, minus
those the cache answers, go to worker processes, so a run over a large
tree with few candidates never pays for starting workers.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor

from analyzers.cache import Cache
from analyzers.checker import rule_set
from analyzers.config import Config
from analyzers.diagnostic import Diagnostic, FileReport, SourceError
from analyzers.discovery import discover
from analyzers.engine import check_source

# Below this many files to parse, one process is faster than starting workers.
PARALLEL_THRESHOLD = 24


@dataclasses.dataclass
class LintResult:
    """One report per checked file, plus paths that could not be searched."""

    reports: list[FileReport]
    errors: list[SourceError]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        found = [d for report in self.reports for d in report.diagnostics]
        return sorted(found, key=Diagnostic.sort_key)

    @property
    def all_errors(self) -> list[SourceError]:
        return [*self.errors, *(e for report in self.reports for e in report.errors)]

    @property
    def parsed_files(self) -> int:
        return sum(1 for report in self.reports if report.parsed and not report.cached)

    def exit_code(self, diagnostics: Sequence[Diagnostic] | None = None) -> int:
        """Return 2 for unreadable input, 1 for findings, else 0."""
        if self.all_errors:
            return 2
        remaining = self.diagnostics if diagnostics is None else diagnostics
        return 1 if remaining else 0


def run(
    paths: Iterable[str], config: Config, jobs: int | None = None, cache: bool = True
) -> LintResult:
    files, errors = discover(paths, config)
    store = Cache(config) if cache else None
    rules = rule_set(config)
    reports: dict[str, FileReport] = {}
    pending: list[tuple[str, bytes]] = []
    for path in files:
        try:
            with open(path, "rb") as stream:
                data = stream.read()
        except OSError as err:
            reason = err.strerror or type(err).__name__
            message = f"cannot be read ({reason}); fix its permissions or exclude it"
            reports[path] = FileReport(path, errors=(SourceError(path, message),))
            continue
        if not rules.may_match(data):
            reports[path] = check_source(data, path, config)
            continue
        hit = store.get(path, data) if store is not None else None
        if hit is not None:
            reports[path] = hit
        else:
            pending.append((path, data))

    for (path, data), report in zip(
        pending, check_many(pending, config, jobs), strict=True
    ):
        reports[path] = report
        if store is not None:
            store.put(path, data, report)
    if store is not None:
        store.save()
    return LintResult([reports[path] for path in files], errors)


def check_many(
    pending: list[tuple[str, bytes]], config: Config, jobs: int | None
) -> list[FileReport]:
    workers = min(jobs or os.cpu_count() or 1, len(pending) // 8 or 1)
    if workers <= 1 or len(pending) < PARALLEL_THRESHOLD:
        return [check_source(data, path, config) for path, data in pending]
    chunksize = max(1, len(pending) // (workers * 4))
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=process_context(),
        initializer=set_worker_config,
        initargs=(config,),
    ) as pool:
        return list(pool.map(check_in_worker, pending, chunksize=chunksize))


def process_context() -> multiprocessing.context.BaseContext:
    # fork starts workers without re-importing anything, but it is only safe
    # on Linux; elsewhere use spawn.
    linux = sys.platform.startswith("linux")
    forkable = linux and "fork" in multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if forkable else "spawn")


WORKER_CONFIG: list[Config] = []


def set_worker_config(config: Config) -> None:
    WORKER_CONFIG[:] = [config]


def check_in_worker(item: tuple[str, bytes]) -> FileReport:
    path, data = item
    return check_source(data, path, WORKER_CONFIG[0])
