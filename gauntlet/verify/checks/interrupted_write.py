"""The ``interrupted-write`` check: a data file stays valid when a write is killed.

The check grows the store first, so that writing it takes long enough to be
caught. Then it starts the program again and again and SIGKILLs it, on even
rounds the moment the store file changes (size, inode or mtime), on odd rounds
after a delay spread over a normal run's duration. After every kill the file
must still parse as JSON. A program that writes a temporary file and renames
it over the store passes; one that truncates and rewrites the store in place
is caught while the file is half written.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gauntlet.verify.checks import register_check
from gauntlet.verify.context import CheckContext
from gauntlet.verify.errors import SolutionError
from gauntlet.verify.result import CheckResult

SEED_TASKS = 6
SEED_TEXT_CHARACTERS = 4_000
RUN_TIMEOUT_SECONDS = 10.0
RANDOM_SEED = 1729  # fixed, so a failing run can be repeated


def signature(path: Path) -> tuple[int, int, int] | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns


def invalid_reason(path: Path) -> str | None:
    """Return why ``path`` is not valid JSON, or None if it is (or is absent)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as err:
        return f"not UTF-8: {err}"
    try:
        json.loads(text)
    except json.JSONDecodeError as err:
        return f"{err} ({len(text)} characters: {text[:60]!r}...)"
    return None


def seed(context: CheckContext, store: Path) -> float:
    """Add the seed tasks; return the mean seconds of one run."""
    started = time.perf_counter()
    for number in range(SEED_TASKS):
        text = f"seed task {number} " + "x" * SEED_TEXT_CHARACTERS
        result = context.sandbox.run(
            [*context.command("cli"), "add", text], timeout=RUN_TIMEOUT_SECONDS
        )
        if result.returncode != 0:
            raise SolutionError(f"'add' failed while seeding: {result.describe()}")
    if not store.is_file():
        raise SolutionError(
            f"no store at {store.name!r} after 'add'; set options.store to the "
            "JSON file the program writes"
        )
    return (time.perf_counter() - started) / SEED_TASKS


def kill_once(
    context: CheckContext, store: Path, number: int, delay: float | None
) -> None:
    """Start one 'add'; SIGKILL it when the store changes or after ``delay``."""
    before = signature(store)
    process = context.sandbox.start(
        [*context.command("cli"), "add", f"killed {number}"]
    )
    started = time.perf_counter()
    deadline = started + RUN_TIMEOUT_SECONDS
    while time.perf_counter() < deadline and process.poll() is None:
        if delay is None and signature(store) != before:
            break
        if delay is not None and time.perf_counter() - started >= delay:
            break
    process.kill()


@register_check("interrupted-write")
def check_interrupted_write(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    store = context.work / str(context.options["store"])
    kills = int(params["kills"])
    run_seconds = seed(context, store)
    chooser = random.Random(RANDOM_SEED)
    for number in range(1, kills + 1):
        delay = None if number % 2 == 0 else chooser.uniform(0, run_seconds)
        kill_once(context, store, number, delay)
        reason = invalid_reason(store)
        if reason is not None:
            how = "when the store changed" if delay is None else f"after {delay:.3f} s"
            return CheckResult.fail(
                f"{store.name} is invalid JSON after kill {number} of {kills} "
                f"({how}): {reason}",
                kills=number,
                seed=RANDOM_SEED,
            )
    final = context.sandbox.run(
        [*context.command("cli"), "list"], timeout=RUN_TIMEOUT_SECONDS
    )
    if final.returncode != 0:
        return CheckResult.fail(f"'list' after the kills: {final.describe()}")
    return CheckResult.ok(
        f"{store.name} valid JSON after each of {kills} kills mid-run", kills=kills
    )
