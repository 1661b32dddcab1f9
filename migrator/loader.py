"""Loading migration files: TOML files with SQL, or Python modules.

A TOML migration::

    id = "0002_add_email"          # optional, defaults to the file name
    parent = "0001_users"          # optional, defaults to the previous file
    requires = ["billing:0001"]    # same service by bare id, others as service:id
    phase = "expand"               # expand, migrate or contract
    [[steps]]
    up = "ALTER TABLE users ADD COLUMN email TEXT"
    down = "ALTER TABLE users DROP COLUMN email"
    [[steps]]
    up = { python = "_backfill.py:fill_email" }
    down = ""                      # nothing to undo for this step

A Python migration module sets the same names in upper case (``ID``,
``PARENT``, ``REQUIRES``, ``PHASE``, ``STEPS`` ...); a step there is an
``(up, down)`` pair of SQL strings or functions ``f(connection, dialect)``.
Files whose name starts with ``_`` are helpers, not migrations.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from migrator.model import PHASES, Action, Migration, Step, make_key
from migrator.tomlfile import TomlError, read_toml, unknown_key_problems

MIGRATION_KEYS = {
    "id",
    "parent",
    "requires",
    "phase",
    "description",
    "steps",
    "verify",
    "health",
    "health_timeout",
    "irreversible",
    "reason",
}
STEP_KEYS = {"up", "down"}
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]+$")
_PREVIOUS = object()


class _Problems:
    """Collects the problems of one file, each prefixed with its location."""

    def __init__(self, where: str, sink: list[str]) -> None:
        self.where = where
        self.sink = sink
        self.count = 0

    def add(self, key: str, text: str) -> None:
        self.count += 1
        self.sink.append(f"{self.where}: key {key!r}: {text}")


def load_service_migrations(
    service: str, folder: Path, root: Path, problems: list[str]
) -> list[Migration]:
    """Load every migration of ``service`` from ``folder``, in file-name order.

    Problems are appended to ``problems``; the returned list holds only the
    migrations that loaded cleanly.
    """
    files = sorted(
        path
        for path in folder.iterdir()
        if path.suffix in {".toml", ".py"} and not path.name.startswith("_")
    )
    migrations: list[Migration] = []
    previous: str | None = None
    for path in files:
        where = _relative(path, root)
        raw = _read_raw(path, where, problems)
        if raw is None:
            previous = path.stem
            continue
        migration = _build(service, path, where, raw, previous=previous, sink=problems)
        previous = migration.id if migration else str(raw.get("id", path.stem))
        if migration is not None:
            migrations.append(migration)
    return migrations


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _read_raw(path: Path, where: str, problems: list[str]) -> dict[str, Any] | None:
    if path.suffix == ".toml":
        try:
            return read_toml(path)
        except TomlError as err:
            problems.append(str(err).replace(str(path), where, 1))
            return None
    try:
        module = _import_file(path, f"migrator_migration_{path.stem}")
    except Exception as err:  # any import-time error of user code
        problems.append(
            f"{where}: cannot import the migration module: {type(err).__name__}: {err}"
        )
        return None
    return _module_table(module, where, problems)


def _module_table(
    module: ModuleType, where: str, problems: list[str]
) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for name, value in vars(module).items():
        if name.startswith("_") or not name.isupper():
            continue
        if name.lower() not in MIGRATION_KEYS:
            allowed = ", ".join(sorted(key.upper() for key in MIGRATION_KEYS))
            problems.append(
                f"{where}: unknown module constant {name!r}; allowed: {allowed} "
                "(prefix helpers with '_')"
            )
            continue
        table[name.lower()] = value
    return table


def _import_file(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _build(
    service: str,
    path: Path,
    where: str,
    raw: dict[str, Any],
    *,
    previous: str | None,
    sink: list[str],
) -> Migration | None:
    problems = _Problems(where, sink)
    for text in unknown_key_problems(raw, MIGRATION_KEYS, where):
        problems.count += 1
        sink.append(text)
    migration_id = raw.get("id", path.stem)
    if not isinstance(migration_id, str) or not ID_PATTERN.match(migration_id):
        problems.add(
            "id",
            f"invalid id {migration_id!r}; use letters, digits, '.', '-' and "
            "'_' (no ':')",
        )
        return None
    helpers: dict[Path, str] = {}
    parents = _parents(raw.get("parent", _PREVIOUS), previous, service, problems)
    requires = _requires(raw.get("requires", []), service, problems)
    phase = raw.get("phase", "migrate")
    if phase not in PHASES:
        problems.add(
            "phase", f"invalid phase {phase!r}; use one of {', '.join(PHASES)}"
        )
    irreversible, reason = _irreversibility(raw, problems)
    steps = _steps(raw.get("steps"), irreversible, path.parent, helpers, problems)
    verify = _verify(raw.get("verify"), path.parent, helpers, problems)
    health, timeout = _health(raw, problems)
    description = raw.get("description", "")
    if not isinstance(description, str):
        problems.add("description", f"must be a string, not {description!r}")
    if problems.count:
        return None
    return Migration(
        service=service,
        id=migration_id,
        path=where,
        phase=phase,
        steps=tuple(steps),
        checksum=file_checksum(path, helpers),
        parents=parents,
        requires=requires,
        verify=verify,
        health=health,
        health_timeout=timeout,
        irreversible=irreversible,
        reason=reason,
        description=str(description),
    )


def _parents(
    value: Any, previous: str | None, service: str, problems: _Problems
) -> tuple[str, ...]:
    if value is _PREVIOUS:
        return (make_key(service, previous),) if previous else ()
    if value is None:
        return ()
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        problems.add(
            "parent",
            f"must be an id, a list of ids, or [] for a first migration; not {value!r}",
        )
        return ()
    for name in names:
        if ":" in name:
            problems.add(
                "parent",
                f"{name!r} names another service; a parent is in the same "
                f"service, use 'requires' for {name!r}",
            )
    return tuple(make_key(service, name) for name in names if ":" not in name)


def _requires(value: Any, service: str, problems: _Problems) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        problems.add(
            "requires",
            f'must be a list of ids such as ["0001", "billing:0002"], not {value!r}',
        )
        return ()
    return tuple(name if ":" in name else make_key(service, name) for name in value)


def _irreversibility(raw: dict[str, Any], problems: _Problems) -> tuple[bool, str]:
    irreversible = raw.get("irreversible", False)
    reason = raw.get("reason", "")
    if not isinstance(irreversible, bool):
        problems.add("irreversible", f"must be true or false, not {irreversible!r}")
        return False, ""
    if not isinstance(reason, str):
        problems.add("reason", f"must be a string, not {reason!r}")
        return irreversible, ""
    if irreversible and not reason.strip():
        problems.add(
            "reason",
            'irreversible = true needs a reason, for example reason = "drops '
            'the legacy table and its rows"',
        )
    return irreversible, reason


def _steps(
    value: Any,
    irreversible: bool,
    folder: Path,
    helpers: dict[Path, str],
    problems: _Problems,
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


def _verify(
    value: Any, folder: Path, helpers: dict[Path, str], problems: _Problems
) -> Action | None:
    if value is None:
        return None
    return _action(value, "verify", folder, helpers, problems)


def _action(
    value: Any, key: str, folder: Path, helpers: dict[Path, str], problems: _Problems
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
    problems: _Problems,
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
        module = _import_file(path, f"migrator_step_{path.stem}")
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


def normalize_text(data: bytes) -> bytes:
    """Return ``data`` with CRLF and CR line endings turned into LF."""
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def file_checksum(path: Path, helpers: dict[Path, str] | None = None) -> str:
    """Return the SHA-256 of a migration file and the helpers it uses.

    Line endings are normalized first, so a CRLF checkout is not drift.
    """
    digest = hashlib.sha256(normalize_text(path.read_bytes()))
    for helper in sorted(helpers or {}):
        digest.update(b"\0" + helper.name.encode() + b"\0")
        digest.update(normalize_text(helper.read_bytes()))
    return digest.hexdigest()


def _health(
    raw: dict[str, Any], problems: _Problems
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
