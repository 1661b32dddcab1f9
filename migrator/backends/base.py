"""The interface every database backend implements."""

from __future__ import annotations

import os
import socket
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from migrator.errors import LockTimeout
from migrator.urls import DatabaseURL

LOCK_POLL_SECONDS = 0.05


@dataclass(frozen=True)
class LockHolder:
    """Who holds a lock: stored in the SQLite lock row, shown in timeouts."""

    runner_id: str
    host: str
    pid: int

    @classmethod
    def current(cls, runner_id: str) -> LockHolder:
        return cls(runner_id, socket.gethostname(), os.getpid())


class Backend(ABC):
    """One connection to one database.

    The connection runs in autocommit mode; :meth:`begin`, :meth:`commit`
    and :meth:`rollback` delimit transactions explicitly. SQL given to
    :meth:`execute` uses ``?`` placeholders on every dialect.
    """

    dialect: str
    transactional_ddl: bool

    def __init__(self, url: DatabaseURL, service: str) -> None:
        self.url = url
        self.service = service
        self.connection: Any = None
        self.lock_holder: LockHolder | None = None

    @property
    def name(self) -> str:
        return f"service {self.service!r} ({self.url.redacted()})"

    @abstractmethod
    def connect(self) -> None:
        """Open the connection; raise ConnectionFailed naming the service."""

    @abstractmethod
    def exists(self) -> bool:
        """Return False when the database does not exist yet (read-only check)."""

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def placeholders(self, sql: str) -> str:
        return sql

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> None:
        cursor = self.connection.cursor()
        try:
            cursor.execute(self.placeholders(sql), tuple(parameters))
        finally:
            cursor.close()

    def query(self, sql: str, parameters: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self.connection.cursor()
        try:
            cursor.execute(self.placeholders(sql), tuple(parameters))
            return [tuple(row) for row in cursor.fetchall()]
        finally:
            cursor.close()

    def begin(self) -> None:
        self.execute("BEGIN")

    def commit(self) -> None:
        self.execute("COMMIT")

    def rollback(self) -> None:
        self.execute("ROLLBACK")

    @abstractmethod
    def table_exists(self, table: str) -> bool:
        """Return whether ``table`` exists in this database."""

    @abstractmethod
    def autoincrement_column(self) -> str:
        """Return the column type of an auto-numbered primary key."""

    def acquire_lock(self, timeout: float, holder: LockHolder) -> None:
        """Take this database's migration lock; raise LockTimeout after ``timeout``."""
        deadline = time.monotonic() + timeout
        while not self.try_lock(holder):
            if time.monotonic() >= deadline:
                raise LockTimeout(
                    f"{self.name}: could not take the migration lock within "
                    f"{timeout:g} s; it is held by {self.describe_lock_holder()}. "
                    "Wait for that run to finish, or raise lock_timeout in "
                    "migrator.toml"
                )
            time.sleep(LOCK_POLL_SECONDS)
        self.lock_holder = holder

    @abstractmethod
    def try_lock(self, holder: LockHolder) -> bool:
        """Try once to take the lock without waiting."""

    @abstractmethod
    def release_lock(self) -> None:
        """Release the lock taken by :meth:`acquire_lock`."""

    def describe_lock_holder(self) -> str:
        return "another runner"

    def is_connection_error(self, error: BaseException) -> bool:
        """Return whether ``error`` means the connection itself is gone."""
        return False
