"""Parsing the steps of a migration: SQL, Python references, health gates."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from migrator.model import Action, Step
from migrator.tomlfile import unknown_key_problems

STEP_KEYS = {"up", "down"}


class FileProblems:
    """Collects the problems of one file, each prefixed with its location."""

    def __init__(self, where: str, sink: list[str]) -> None:
        self.where = where
        self.sink = sink
        self.count = 0

    def add(self, key: str, text: str) -> None:
        self.count += 1
        self.sink.append(f"{self.where}: key {key!r}: {text}")


def import_file(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parse_steps(
    value: Any,
    irreversible: bool,
    folder: Path,
    helpers: dict[Path, str],
    problems: FileProblems,
) -> list[Step]:
    if not isinstance(value, (list, tuple)) or not value:
        problems.add(
            "steps",
            "a migration needs at least one step, for example\n[[steps]]\nup = "
            '"CREATE TABLE t (id INTEGER PRIMARY KEY)"\ndown = "DROP TABLE t"',
        )
        return []
    steps = []
    for number, entry in enumerate(value, start=1):
        key = f"steps[{number}]"
        if isinstance(entry, dict):
            for text in unknown_key_problems(
                entry, STEP_KEYS, f"{problems.where}: {key}"
            ):
                problems.add(key, text.split(": ", 2)[-1])
            up_value, down_value = entry.get("up"), entry.get("down")
        elif isinstance(entry, (list, tuple)) and len(entry) == 2:
            up_value, down_value = entry
        else:
            problems.add(
                key,
                "must be a table with 'up' and 'down' (or, in Python, an (up, "
                "down) pair)",
            )
            continue
        up = _action(up_value, f"{key}.up", folder, helpers, problems)
        down = None
        if down_value is not None:
            down = _action(down_value, f"{key}.down", folder, helpers, problems)
        elif not irreversible:
            problems.add(
                f"{key}.down",
                'missing; write the SQL that undoes this step (down = "" when '
                "there is nothing to undo), or mark the migration irreversible "
                "= true with a reason",
            )
        if up is not None:
            steps.append(Step(up, down))
    return steps


def parse_verify(
    value: Any, folder: Path, helpers: dict[Path, str], problems: FileProblems
) -> Action | None:
    if value is None:
        return None
    return _action(value, "verify", folder, helpers, problems)


def _action(
    value: Any, key: str, folder: Path, helpers: dict[Path, str], problems: FileProblems
) -> Action | None:
    if isinstance(value, str):
        return Action(sql=value)
    if callable(value):
        name = getattr(value, "__qualname__", repr(value))
        return Action(function=value, reference=name)
    if (
        isinstance(value, dict)
        and set(value) == {"python"}
        and isinstance(value["python"], str)
    ):
        return _python_reference(value["python"], key, folder, helpers, problems)
    problems.add(
        key,
        f'must be a SQL string or {{ python = "_steps.py:function" }}, not {value!r}',
    )
    return None


def _python_reference(
    reference: str,
    key: str,
    folder: Path,
    helpers: dict[Path, str],
    problems: FileProblems,
) -> Action | None:
    file_name, _, function_name = reference.partition(":")
    path = folder / file_name
    if not file_name.endswith(".py") or not function_name:
        problems.add(
            key,
            f"invalid Python reference {reference!r}; write 'file.py:function' "
            "with the file in the migrations folder",
        )
        return None
    if not path.is_file():
        problems.add(key, f"Python file {file_name!r} not found in {folder}")
        return None
    try:
        module = import_file(path, f"migrator_step_{path.stem}")
    except Exception as err:  # any import-time error of user code
        problems.add(key, f"cannot import {file_name!r}: {type(err).__name__}: {err}")
        return None
    function = getattr(module, function_name, None)
    if not callable(function):
        problems.add(key, f"{file_name!r} has no function {function_name!r}")
        return None
    helpers[path] = path.read_text(encoding="utf-8")
    return Action(function=_as_step(function), reference=reference)


def _as_step(function: Callable[..., Any]) -> Callable[[Any, str], Any]:
    return function


def parse_health(
    raw: dict[str, Any], problems: FileProblems
) -> tuple[tuple[tuple[str, ...], ...], float]:
    value = raw.get("health", [])
    timeout = raw.get("health_timeout", 60.0)
    commands: list[tuple[str, ...]] = []
    valid = isinstance(value, list) and all(
        isinstance(command, list)
        and command
        and all(isinstance(part, str) for part in command)
        for command in value
    )
    if not valid:
        problems.add(
            "health",
            "must be a list of commands, each a list of strings, such as "
            f'[["./check-app", "--ready"]]; not {value!r}',
        )
    else:
        commands = [tuple(command) for command in value]
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or timeout <= 0
    ):
        problems.add(
            "health_timeout", f"must be a positive number of seconds, not {timeout!r}"
        )
        timeout = 60.0
    return tuple(commands), float(timeout)
