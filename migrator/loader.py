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
``PARENT``, ``REQUIRES``, ``PHASE``, ``STEPS``, ``OPERATION`` ...); a step
there is an ``(up, down)`` pair of SQL strings or functions
``f(connection, dialect)``.
Files whose name starts with ``_`` are helpers, not migrations.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType
from typing import Any

from migrator.checksums import file_checksum
from migrator.model import PHASES, Migration, Step, make_key
from migrator.operations.expand_contract import OperationError
from migrator.operations.migration_steps import operation_steps
from migrator.step_parsing import (
    FileProblems,
    import_file,
    parse_health,
    parse_steps,
    parse_verify,
)
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
    "operation",
}
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]+$")
_PREVIOUS = object()


def load_service_migrations(
    service: str,
    folder: Path,
    root: Path,
    problems: list[str],
    dialect: str | None = None,
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
        migration = _build(
            service, path, where, raw, previous=previous, sink=problems, dialect=dialect
        )
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
        module = import_file(path, f"migrator_migration_{path.stem}")
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
    if "description" not in table and module.__doc__:
        table["description"] = module.__doc__.strip()
    return table


def _build(
    service: str,
    path: Path,
    where: str,
    raw: dict[str, Any],
    *,
    previous: str | None,
    sink: list[str],
    dialect: str | None = None,
) -> Migration | None:
    problems = FileProblems(where, sink)
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
    steps = _migration_steps(
        raw,
        phase=phase,
        irreversible=irreversible,
        folder=path.parent,
        dialect=dialect,
        helpers=helpers,
        problems=problems,
    )
    verify = parse_verify(raw.get("verify"), path.parent, helpers, problems)
    health, timeout = parse_health(raw, problems)
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
        extra={"idempotent_steps": True} if "operation" in raw else {},
    )


def _migration_steps(
    raw: dict[str, Any],
    *,
    phase: str,
    irreversible: bool,
    folder: Path,
    dialect: str | None,
    helpers: dict[Path, str],
    problems: FileProblems,
) -> list[Step]:
    if "operation" in raw and phase in PHASES:
        # Expand/contract operations build their own steps for the phase.
        try:
            return operation_steps(raw, phase, dialect, problems.where)
        except OperationError as err:
            problems.add("operation", str(err))
            return []
    return parse_steps(raw.get("steps"), irreversible, folder, helpers, problems)


def _parents(
    value: Any, previous: str | None, service: str, problems: FileProblems
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


def _requires(value: Any, service: str, problems: FileProblems) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        problems.add(
            "requires",
            f'must be a list of ids such as ["0001", "billing:0002"], not {value!r}',
        )
        return ()
    return tuple(name if ":" in name else make_key(service, name) for name in value)


def _irreversibility(raw: dict[str, Any], problems: FileProblems) -> tuple[bool, str]:
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
