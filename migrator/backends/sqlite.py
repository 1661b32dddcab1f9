"""SQLite through the standard library: transactional DDL, a lock row."""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
from pathlib import Path

from migrator.backends.base import Backend, LockHolder
from migrator.clock import utc_now
from migrator.errors import ConnectionFailed

BUSY_TIMEOUT_SECONDS = 10.0
LOCK_TABLE = "migrator_lock"
logger = logging.getLogger(__name__)
LOCK_BUSY_MILLISECONDS = 100


def process_alive(pid: int) -> bool:
    """Return whether process ``pid`` exists on this host and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[0] != "Z"


class SQLiteBackend(Backend):
    """A SQLite database file.

    The lock is a row in ``migrator_lock`` naming the holder's host and
    process id, so a runner can tell a lock left by a dead process and take
    it over.
    """

    dialect = "sqlite"
    transactional_ddl = True

    @property
    def path(self) -> Path:
        assert self.url.path is not None
        return self.url.path

    def exists(self) -> bool:
        return self.path.exists()

    def connect(self) -> None:
        if not self.path.parent.is_dir():
            raise ConnectionFailed(
                f"{self.name}: folder {str(self.path.parent)!r} does not exist; "
                "create it or fix the database URL"
            )
        try:
            self.connection = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_SECONDS,
                isolation_level=None,
                check_same_thread=False,
            )
            self.connection.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as err:
            raise ConnectionFailed(
                f"{self.name}: cannot open the database: {err}"
            ) from err

    def connect_read_only(self) -> None:
        uri = f"{self.path.as_uri()}?mode=ro"
        self.connection = sqlite3.connect(
            uri,
            uri=True,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,
            check_same_thread=False,
        )

    def table_exists(self, table: str) -> bool:
        rows = self.query(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        )
        return bool(rows)

    def autoincrement_column(self) -> str:
        return "INTEGER PRIMARY KEY AUTOINCREMENT"

    def _ensure_lock_table(self) -> None:
        self.execute(
            f"CREATE TABLE IF NOT EXISTS {LOCK_TABLE} (name TEXT PRIMARY KEY, "
            "runner_id TEXT NOT NULL, host TEXT NOT NULL, pid INTEGER NOT NULL, "
            "acquired_at TEXT NOT NULL)"
        )

    def try_lock(self, holder: LockHolder) -> bool:
        # A short busy timeout here keeps the wait within lock_timeout while
        # another runner holds a write transaction on the same file.
        self.execute(f"PRAGMA busy_timeout = {LOCK_BUSY_MILLISECONDS}")
        try:
            self._ensure_lock_table()
            self.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            if "locked" not in str(err):
                raise
            return False
        finally:
            self.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        try:
            rows = self.query(
                f"SELECT runner_id, host, pid FROM {LOCK_TABLE} WHERE name = 'migrator'"
            )
            if rows and not self._stale(rows[0]):
                self.rollback()
                return False
            self.execute(f"DELETE FROM {LOCK_TABLE} WHERE name = 'migrator'")
            self.execute(
                f"INSERT INTO {LOCK_TABLE} VALUES ('migrator', ?, ?, ?, ?)",
                (holder.runner_id, holder.host, holder.pid, utc_now().isoformat()),
            )
            self.commit()
        except BaseException:
            self.rollback()
            raise
        return True

    def _stale(self, row: tuple[object, ...]) -> bool:
        runner_id, host, pid = row
        if (
            host != socket.gethostname()
            or not isinstance(pid, int)
            or process_alive(pid)
        ):
            return False
        logger.warning(
            "%s: taking over the lock left by runner %s (process %s is gone)",
            self.name,
            runner_id,
            pid,
        )
        return True

    def release_lock(self) -> None:
        if self.lock_holder is None:
            return
        self.execute(
            f"DELETE FROM {LOCK_TABLE} WHERE name = 'migrator' AND runner_id = ?",
            (self.lock_holder.runner_id,),
        )
        self.lock_holder = None

    def describe_lock_holder(self) -> str:
        rows = self.query(
            f"SELECT runner_id, host, pid, acquired_at FROM {LOCK_TABLE} WHERE "
            "name = 'migrator'"
        )
        if not rows:
            return "another runner"
        runner_id, host, pid, acquired_at = rows[0]
        return f"runner {runner_id} (process {pid} on {host}, since {acquired_at})"
