"""The loaded form of a migration: its steps, dependencies and phase."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

PHASES: tuple[str, ...] = ("expand", "migrate", "contract")

# A Python step receives a DB-API connection and the dialect name
# ("sqlite", "postgresql" or "mysql"). It must not commit: the runner owns
# the transaction.
PythonStep = Callable[[Any, str], Any]


@dataclass(frozen=True)
class Action:
    """One runnable piece of a step: a SQL statement or a Python function."""

    sql: str | None = None
    function: PythonStep | None = None
    reference: str = ""

    @property
    def is_noop(self) -> bool:
        return self.function is None and not (self.sql and self.sql.strip())

    def describe(self) -> str:
        if self.function is not None:
            return f"python {self.reference}"
        text = " ".join((self.sql or "").split())
        return text if len(text) <= 60 else text[:57] + "..."

    def run(self, connection: Any, dialect: str) -> Any:
        """Run the action on ``connection``; return what a function returned."""
        if self.function is not None:
            return self.function(connection, dialect)
        if self.is_noop:
            return None
        cursor = connection.cursor()
        try:
            cursor.execute(self.sql)
            return cursor.fetchall() if cursor.description else None
        finally:
            cursor.close()


@dataclass(frozen=True)
class Step:
    """A forward action and the action that undoes exactly it."""

    up: Action
    down: Action | None


@dataclass(frozen=True)
class Migration:
    """One migration of one service, as loaded from its file.

    ``parents`` and ``requires`` hold graph keys (``service:id``).
    """

    service: str
    id: str
    path: str
    phase: str
    steps: tuple[Step, ...]
    checksum: str
    parents: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    verify: Action | None = None
    health: tuple[tuple[str, ...], ...] = ()
    health_timeout: float = 60.0
    irreversible: bool = False
    reason: str = ""
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> str:
        return f"{self.service}:{self.id}"

    @property
    def phase_rank(self) -> int:
        return PHASES.index(self.phase)


def make_key(service: str, migration_id: str) -> str:
    """Return the graph key of a migration."""
    return f"{service}:{migration_id}"


def split_key(key: str) -> tuple[str, str]:
    """Split ``service:id`` into its parts."""
    service, _, migration_id = key.partition(":")
    return service, migration_id


def short_names(keys: Sequence[str]) -> list[str]:
    """Name keys by bare id when they all belong to one service."""
    services = {split_key(key)[0] for key in keys}
    if len(services) == 1:
        return [split_key(key)[1] for key in keys]
    return list(keys)
