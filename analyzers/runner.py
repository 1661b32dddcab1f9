"""Check many files: discovery, cache, prefilter and worker processes.

The parent finds the files and takes from the cache every file whose size
and modification time are unchanged. Each other file is read, looked up in
the cache by the digest of its bytes, run through the byte prefilter (which
rules out most files without parsing them) and only then parsed. Over many
files that sequence runs in worker processes; the parent writes the cache
back.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from analyzers.cache import Cache, digest, signature
from analyzers.config import Config
from analyzers.diagnostic import Diagnostic, FileReport, SourceError
from analyzers.discovery import discover

if TYPE_CHECKING:
    import multiprocessing.context

# Below this many files one process is faster than starting workers.
PARALLEL_THRESHOLD = 200
# Files per task sent to a worker: fewer round trips than one file per task.
CHUNK_SIZE = 16
# The maximum number of tasks in one run (analyzers.workers.MAX_TASKS). A
# larger tree gets more files per task.
MAX_TASKS = 1024


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


@dataclasses.dataclass(frozen=True)
class Outcome:
    """A file's report and, when it was read just now, its content digest."""

    report: FileReport
    new_digest: str | None = None


def run(
    paths: Iterable[str], config: Config, jobs: int | None = None, cache: bool = True
) -> LintResult:
    files, errors = discover(paths, config)
    if not cache:
        outcomes = check_files(files, config, None, jobs)
        return LintResult([outcome.report for outcome in outcomes], errors)

    store = Cache(config)
    signatures = [signature(path) for path in files]
    reports: list[FileReport | None] = [
        store.get_unchanged(path, stat)
        for path, stat in zip(files, signatures, strict=True)
    ]
    missed = [index for index, report in enumerate(reports) if report is None]
    outcomes = check_files([files[index] for index in missed], config, store, jobs)
    for index, outcome in zip(missed, outcomes, strict=True):
        reports[index] = outcome.report
        if outcome.new_digest is not None:
            store.put(
                files[index], outcome.new_digest, outcome.report, signatures[index]
            )
    store.save()
    return LintResult([report for report in reports if report is not None], errors)


def check_file(path: str, config: Config, store: Cache | None) -> Outcome:
    # Imported here so that a run that finds every file in the cache never
    # loads the rules, the resolver and ast.
    from analyzers.checker import rule_set
    from analyzers.engine import check_source, skipped_report

    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError as err:
        reason = err.strerror or type(err).__name__
        message = f"cannot be read ({reason}); fix its permissions or exclude it"
        return Outcome(FileReport(path, errors=(SourceError(path, message),)))
    data_digest = digest(data) if store is not None else None
    if store is not None and data_digest is not None:
        hit = store.get(path, data_digest)
        if hit is not None:
            return Outcome(hit, data_digest)
    if not rule_set(config).may_match(data):
        return Outcome(skipped_report(data, path, config), data_digest)
    return Outcome(check_source(data, path, config), data_digest)


def check_files(
    files: list[str], config: Config, store: Cache | None, jobs: int | None
) -> list[Outcome]:
    workers = min(jobs or os.cpu_count() or 1, max(1, len(files) // 100))
    if workers <= 1 or len(files) < PARALLEL_THRESHOLD:
        return [check_file(path, config, store) for path in files]
    # Largest files first, dealt out over the chunks like cards: the few
    # large files that are parsed cost most of a run, and cutting the sorted
    # list into consecutive chunks would hand them all to one worker.
    order = sorted(range(len(files)), key=lambda index: -file_size(files[index]))
    chunk_count = min(MAX_TASKS, max(workers, len(files) // CHUNK_SIZE))
    chunks = [order[start::chunk_count] for start in range(chunk_count)]
    tasks = [[files[index] for index in chunk] for chunk in chunks]
    batches = run_tasks(tasks, config, store, workers)
    outcomes: list[Outcome | None] = [None] * len(files)
    for chunk, batch in zip(chunks, batches, strict=True):
        for index, outcome in zip(chunk, batch, strict=True):
            outcomes[index] = outcome
    return [outcome for outcome in outcomes if outcome is not None]


def run_tasks(
    tasks: list[list[str]], config: Config, store: Cache | None, workers: int
) -> list[list[Outcome]]:
    """Check each list of files in worker processes; return their outcomes."""
    # Imported here, as is the executor below: a run that finds every file
    # in the cache starts no workers.
    from analyzers.workers import can_fork, run_forked

    if not can_fork():
        return run_in_executor(tasks, config, store, workers)

    def check_task(paths: list[str]) -> list[Outcome]:
        return [check_file(path, config, store) for path in paths]

    def check_task_compactly(paths: list[str]) -> list[Outcome | None]:
        # Most files are ruled out by the prefilter; None stands for such a
        # file's empty report, so less is pickled and sent back.
        return [compact(check_file(path, config, store)) for path in paths]

    try:
        done = run_forked(tasks, check_task_compactly, workers)
    except OSError:
        done = {}  # no worker could start: check everything here
    batches = []
    for index, task in enumerate(tasks):
        if index not in done:
            # The worker failed, so this task is checked here: no file is lost.
            batches.append(check_task(task))
            continue
        batch = done[index]
        batches.append([expand(path, o) for path, o in zip(task, batch, strict=True)])
    return batches


def compact(outcome: Outcome) -> Outcome | None:
    """Return None for the outcome of a file the prefilter ruled out."""
    report = outcome.report
    ruled_out = not (report.parsed or report.diagnostics or report.errors)
    return None if ruled_out and outcome.new_digest is None else outcome


def expand(path: str, outcome: Outcome | None) -> Outcome:
    return Outcome(FileReport(path, parsed=False)) if outcome is None else outcome


def run_in_executor(
    tasks: list[list[str]], config: Config, store: Cache | None, workers: int
) -> list[list[Outcome]]:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=process_context(),
        initializer=set_worker_state,
        initargs=(config, store),
    ) as pool:
        return list(pool.map(check_in_worker, tasks))


def file_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # check_file reports the error


def process_context() -> multiprocessing.context.BaseContext:
    import multiprocessing

    # fork starts workers without re-importing anything, but it is only safe
    # on Linux; elsewhere use spawn.
    linux = sys.platform.startswith("linux")
    forkable = linux and "fork" in multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if forkable else "spawn")


WORKER_STATE: list[tuple[Config, Cache | None]] = []


def set_worker_state(config: Config, store: Cache | None) -> None:
    WORKER_STATE[:] = [(config, store)]


def check_in_worker(paths: list[str]) -> list[Outcome]:
    config, store = WORKER_STATE[0]
    return [check_file(path, config, store) for path in paths]
