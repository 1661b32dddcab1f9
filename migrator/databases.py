"""The databases of one run: connections, locks and the recorded state.

Services that share a database share one connection and one lock. Every
database is connected before anything runs, so an unreachable service stops
the run before any other database is touched; locks are taken in a fixed
order (sorted by database identity) so two runners never deadlock.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from types import TracebackType

from migrator import history
from migrator.backends import Backend, LockHolder, open_backend
from migrator.backends.sqlite import SQLiteBackend
from migrator.project import Project
from migrator.state import HistoryRow, State

logger = logging.getLogger(__name__)


class Databases:
    """The backends of a project, grouped by database.

    Use as a context manager: ``__enter__`` connects (and, unless
    ``read_only``, takes every lock and creates the state tables);
    ``__exit__`` releases the locks and closes the connections.
    """

    def __init__(
        self,
        project: Project,
        runner_id: str,
        *,
        read_only: bool = False,
        lock_timeout: float | None = None,
    ) -> None:
        self.project = project
        self.runner_id = runner_id
        self.read_only = read_only
        self.lock_timeout = (
            project.lock_timeout if lock_timeout is None else lock_timeout
        )
        self.backends: dict[str, Backend] = {}
        self.service_database: dict[str, str] = {}
        for name in sorted(project.services):
            url = project.services[name].url
            self.service_database[name] = url.identity
            if url.identity not in self.backends:
                self.backends[url.identity] = open_backend(url, name)
        # Databases that do not exist yet are empty; read-only runs skip them.
        self.missing: set[str] = set()

    def __enter__(self) -> Databases:
        try:
            self._connect()
            if not self.read_only:
                self._lock()
                for backend in self.backends.values():
                    history.ensure_tables(backend)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _connect(self) -> None:
        for identity, backend in self.backends.items():
            if self.read_only and isinstance(backend, SQLiteBackend):
                if not backend.exists():
                    self.missing.add(identity)
                    continue
                backend.connect_read_only()
                continue
            backend.connect()

    def _lock(self) -> None:
        holder = LockHolder.current(self.runner_id)
        for identity in sorted(self.backends):
            backend = self.backends[identity]
            logger.debug("locking %s", backend.name)
            backend.acquire_lock(self.lock_timeout, holder)

    def close(self) -> None:
        for backend in self.backends.values():
            try:
                if backend.connection is not None:
                    backend.release_lock()
            except Exception as err:  # the connection may already be gone
                logger.warning("%s: could not release the lock: %s", backend.name, err)
            backend.close()

    def backend(self, service: str) -> Backend:
        return self.backends[self.service_database[service]]

    def live(self) -> Iterator[Backend]:
        for identity, backend in sorted(self.backends.items()):
            if identity not in self.missing:
                yield backend

    def read_state(self) -> State:
        """Read every history row of the project's services, keyed by service:id."""
        state: dict[str, HistoryRow] = {}
        services = set(self.project.services)
        for backend in self.live():
            for row in history.read_history(backend):
                if (
                    row.service in services
                    and self.service_database[row.service] == backend.url.identity
                ):
                    state[row.key] = row
        return state

    def read_journals(
        self, *, rollouts_only: bool = False
    ) -> list[tuple[Backend, history.JournalEntry]]:
        """Return the journal entries of every database, each with its backend."""
        entries: list[tuple[Backend, history.JournalEntry]] = []
        for backend in self.live():
            journal = history.read_journal(backend, rollouts_only=rollouts_only)
            entries.extend((backend, entry) for entry in journal)
        return entries
