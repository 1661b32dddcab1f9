"""Writing small migration projects for tests.

``ProjectBuilder.migration`` writes one TOML migration file; the steps are
``(up, down)`` SQL pairs. Files are numbered in the order they are added,
so the default parent is the previously added migration of the service.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from migrator.project import Project, load_project
from migrator.runner import Runner


def toml_string(value: str) -> str:
    return json.dumps(value)


def toml_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(toml_string(value) for value in values) + "]"


class ProjectBuilder:
    """Builds a migrator project folder step by step."""

    def __init__(self, root: Path, url_factory: Callable[[], str]) -> None:
        self.root = root
        self.url_factory = url_factory
        self.services: dict[str, str] = {}
        self.counts: dict[str, int] = {}
        self.settings = {"lock_timeout": 5.0}
        root.mkdir(parents=True, exist_ok=True)

    def service(self, name: str, url: str | None = None) -> str:
        """Add a service with a new database (or ``url``); return the URL."""
        self.services[name] = url or self.url_factory()
        (self.root / "migrations" / name).mkdir(parents=True, exist_ok=True)
        self.counts.setdefault(name, 0)
        self.write_project_file()
        return self.services[name]

    def write_project_file(self) -> None:
        lines = [f"{key} = {value}" for key, value in self.settings.items()]
        for name, url in self.services.items():
            lines += [
                f"[services.{name}]",
                f"database = {toml_string(url)}",
                f'migrations = "migrations/{name}"',
            ]
        (self.root / "migrator.toml").write_text("\n".join(lines) + "\n")

    def migration(
        self,
        service: str,
        migration_id: str,
        steps: Sequence[tuple[str, str | None]] = (),
        *,
        parent: str | Sequence[str] | None = None,
        requires: Sequence[str] = (),
        phase: str = "migrate",
        extra: str = "",
    ) -> Path:
        """Write ``migration_id`` of ``service``; return the file's path."""
        if service not in self.services:
            self.service(service)
        self.counts[service] += 1
        lines = [f"id = {toml_string(migration_id)}", f'phase = "{phase}"']
        if isinstance(parent, str):
            lines.append(f"parent = {toml_string(parent)}")
        elif parent is not None:
            lines.append(f"parent = {toml_list(parent)}")
        if requires:
            lines.append(f"requires = {toml_list(requires)}")
        if extra:
            lines.append(extra)
        if not steps:
            steps = [(f"SELECT 1 AS {migration_id.replace('-', '_')}_marker", "")]
        for up, down in steps:
            lines.append("[[steps]]")
            lines.append(f"up = {toml_string(up)}")
            if down is not None:
                lines.append(f"down = {toml_string(down)}")
        number = self.counts[service]
        path = self.root / "migrations" / service / f"{number:04d}_{migration_id}.toml"
        path.write_text("\n".join(lines) + "\n")
        return path

    def table_migration(
        self, service: str, migration_id: str, **options: object
    ) -> Path:
        """Write a migration that creates table ``t_<id>`` (and drops it on down)."""
        table = f"t_{migration_id}"
        steps = [
            (f"CREATE TABLE {table} (id INTEGER PRIMARY KEY)", f"DROP TABLE {table}")
        ]
        return self.migration(service, migration_id, steps, **options)  # type: ignore[arg-type]

    def load(self) -> Project:
        return load_project(self.root)

    def runner(self, **options: object) -> Runner:
        return Runner(self.load(), **options)  # type: ignore[arg-type]


def has_table(runner: Runner, service: str, table: str) -> bool:
    """Return whether ``table`` exists in ``service``'s database."""
    with runner.databases(read_only=True) as databases:
        if databases.service_database[service] in databases.missing:
            return False
        return databases.backend(service).table_exists(table)


def count_rows(runner: Runner, service: str, table: str) -> int:
    with runner.databases(read_only=True) as databases:
        rows = databases.backend(service).query(f"SELECT count(*) FROM {table}")
        return int(rows[0][0])
