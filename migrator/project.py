"""The project file ``migrator.toml``: services, databases and settings.

Example::

    lock_timeout = 30        # seconds to wait for each database lock
    max_workers = 4          # services migrated in parallel within a wave

    [services.billing]
    database = "sqlite:///databases/billing.db"   # relative to this file
    migrations = "migrations/billing"
    target = "0003_invoices"                      # optional explicit head
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from migrator.errors import ProjectError
from migrator.graph import MigrationGraph, build_graph
from migrator.loader import load_service_migrations
from migrator.model import Migration
from migrator.tomlfile import TomlError, read_toml, unknown_key_problems
from migrator.urls import DatabaseURL, URLError, parse_url

PROJECT_FILE = "migrator.toml"
TOP_LEVEL_KEYS = {"lock_timeout", "max_workers", "services"}
SERVICE_KEYS = {"database", "migrations", "target"}
DEFAULT_LOCK_TIMEOUT = 30.0
DEFAULT_MAX_WORKERS = 4


@dataclass(frozen=True)
class ServiceConfig:
    """One service of the project: where its database and migrations are."""

    name: str
    url: DatabaseURL
    migrations_dir: Path
    target: str | None = None


@dataclass(frozen=True)
class Project:
    """A loaded and validated project: settings, services and migrations."""

    path: Path
    lock_timeout: float
    max_workers: int
    services: dict[str, ServiceConfig]
    migrations: tuple[Migration, ...]

    @property
    def root(self) -> Path:
        return self.path.parent

    @cached_property
    def graph(self) -> MigrationGraph:
        return build_graph(self.migrations, self.services.keys())

    def display_path(self, path: str | Path) -> str:
        """Return ``path`` relative to the project folder when it is inside."""
        try:
            return str(Path(path).relative_to(self.root))
        except ValueError:
            return str(path)


def find_project_file(location: str | Path) -> Path:
    """Return the project file for ``location`` (the file or its folder)."""
    path = Path(location)
    if path.is_dir():
        path = path / PROJECT_FILE
    if not path.is_file():
        raise ProjectError(
            [
                f"{path}: project file not found; pass --project with a "
                f"{PROJECT_FILE} or its folder, or create one with "
                "`migrator init DIR`"
            ]
        )
    return path.resolve()


def load_project(location: str | Path = PROJECT_FILE) -> Project:
    """Load, validate and graph a project; raise :class:`ProjectError`.

    Nothing here opens a database.
    """
    path = find_project_file(location)
    try:
        table = read_toml(path)
    except TomlError as err:
        raise ProjectError([str(err)]) from err
    problems = unknown_key_problems(table, TOP_LEVEL_KEYS, str(path))
    lock_timeout = _number(table, "lock_timeout", DEFAULT_LOCK_TIMEOUT, path, problems)
    max_workers = int(
        _number(table, "max_workers", DEFAULT_MAX_WORKERS, path, problems)
    )
    services = _services(table.get("services"), path, problems)
    migrations: list[Migration] = []
    for service in services.values():
        migrations.extend(
            load_service_migrations(
                service.name, service.migrations_dir, path.parent, problems
            )
        )
    if problems:
        raise ProjectError(problems)
    project = Project(path, lock_timeout, max_workers, services, tuple(migrations))
    _ = project.graph  # validate the graph now, before any database is opened
    return project


def _number(
    table: dict[str, Any], key: str, default: float, path: Path, problems: list[str]
) -> float:
    value = table.get(key, default)
    integral = key == "max_workers"
    valid_type = isinstance(value, int) if integral else isinstance(value, (int, float))
    if isinstance(value, bool) or not valid_type or value <= 0:
        kind = "a positive integer" if integral else "a positive number of seconds"
        problems.append(
            f"{path}: key {key!r} must be {kind}, not {value!r}; for example "
            f"{key} = {int(default)}"
        )
        return default
    return float(value)


def _services(value: Any, path: Path, problems: list[str]) -> dict[str, ServiceConfig]:
    example = (
        "[services.billing]\ndatabase = "
        '"sqlite:///billing.db"\nmigrations = "migrations/billing"'
    )
    if not isinstance(value, dict) or not value:
        problems.append(f"{path}: no services defined; add a table such as\n{example}")
        return {}
    services = {}
    for name, table in sorted(value.items()):
        where = f"{path}: [services.{name}]"
        if not isinstance(table, dict):
            problems.append(f"{where} must be a table, not {table!r}")
            continue
        if not name.replace("_", "").replace("-", "").isalnum():
            problems.append(
                f"{where}: invalid service name {name!r}; use letters, digits, "
                "'-' and '_'"
            )
            continue
        service = _service(name, table, where, path.parent, problems)
        if service is not None:
            services[name] = service
    return services


def _service(
    name: str, table: dict[str, Any], where: str, root: Path, problems: list[str]
) -> ServiceConfig | None:
    count = len(problems)
    problems.extend(unknown_key_problems(table, SERVICE_KEYS, where))
    for key in ("database", "migrations"):
        if not isinstance(table.get(key), str) or not table[key]:
            problems.append(
                f"{where}: key {key!r} is missing or not a string; for example "
                f"{key} = {_example(key, name)}"
            )
    target = table.get("target")
    if target is not None and not isinstance(target, str):
        problems.append(
            f"{where}: key 'target' must be a migration id string, not {target!r}"
        )
    if len(problems) > count:
        return None
    try:
        url = parse_url(table["database"], root)
    except URLError as err:
        problems.append(f"{where}: key 'database': {err}")
        return None
    folder = root / table["migrations"]
    if not folder.is_dir():
        problems.append(
            f"{where}: key 'migrations': folder {table['migrations']!r} not "
            f"found (looked for {folder}); create it or fix the path"
        )
        return None
    return ServiceConfig(name, url, folder.resolve(), target)


def _example(key: str, name: str) -> str:
    if key == "database":
        return f'"sqlite:///{name}.db"'
    return f'"migrations/{name}"'
