"""MariaDB and MySQL through PyMySQL: DDL commits at once, GET_LOCK."""

from __future__ import annotations

import math
from typing import Any

import pymysql

from migrator.backends.base import Backend, LockHolder
from migrator.errors import ConnectionFailed, LockTimeout

CONNECT_TIMEOUT_SECONDS = 5
LOCK_NAME_LIMIT = 64
CONNECTION_LOST_CODES = {2003, 2006, 2013}


class MySQLBackend(Backend):
    """A MariaDB or MySQL database.

    Every DDL statement commits implicitly, so the runner records each step
    of a migration as it completes instead of wrapping the migration in a
    transaction.
    """

    dialect = "mysql"
    transactional_ddl = False

    @property
    def lock_name(self) -> str:
        # GET_LOCK names are server-wide: the database name keeps runners of
        # different databases apart.
        return f"migrator.{self.url.database}"[:LOCK_NAME_LIMIT]

    def exists(self) -> bool:
        return True

    def connect(self) -> None:
        url = self.url
        try:
            self.connection = pymysql.connect(
                host=url.host,
                port=url.port,
                user=url.user or "root",
                password=url.password or "",
                database=url.database,
                autocommit=True,
                connect_timeout=CONNECT_TIMEOUT_SECONDS,
                charset="utf8mb4",
            )
        except pymysql.Error as err:
            raise ConnectionFailed(
                f"{self.name}: cannot connect: {_describe(err)}; check that the "
                "server is running, the database exists and the credentials are right"
            ) from err

    def placeholders(self, sql: str) -> str:
        return sql.replace("?", "%s")

    def begin(self) -> None:
        self.execute("START TRANSACTION")

    def table_exists(self, table: str) -> bool:
        rows = self.query(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = "
            "DATABASE() AND table_name = ?",
            (table,),
        )
        return bool(rows)

    def autoincrement_column(self) -> str:
        return "BIGINT AUTO_INCREMENT PRIMARY KEY"

    def acquire_lock(self, timeout: float, holder: LockHolder) -> None:
        # GET_LOCK waits on the server; 0 means try once. MariaDB takes
        # fractions of a second (MDEV-4018; 10.11 waited 0.3 s for 0.3).
        # NOTE: whether MySQL does was not checked, so there the wait is
        # rounded up: never shorter than asked.
        wait = timeout if self.is_mariadb() else math.ceil(timeout)
        rows = self.query("SELECT GET_LOCK(?, ?)", (self.lock_name, max(0, wait)))
        if rows[0][0] != 1:
            raise LockTimeout(
                f"{self.name}: could not take the migration lock {self.lock_name!r} "
                f"within {timeout:g} s; it is held by {self.describe_lock_holder()}. "
                "Wait for that run to finish, or raise lock_timeout in migrator.toml"
            )
        self.lock_holder = holder

    def is_mariadb(self) -> bool:
        rows = self.query("SELECT VERSION()")
        return bool(rows) and "mariadb" in str(rows[0][0]).lower()

    def try_lock(self, holder: LockHolder) -> bool:
        rows = self.query("SELECT GET_LOCK(?, 0)", (self.lock_name,))
        return bool(rows[0][0] == 1)

    def release_lock(self) -> None:
        if self.lock_holder is not None and self.connection is not None:
            self.execute("DO RELEASE_LOCK(?)", (self.lock_name,))
        self.lock_holder = None

    def describe_lock_holder(self) -> str:
        rows = self.query("SELECT IS_USED_LOCK(?)", (self.lock_name,))
        if not rows or rows[0][0] is None:
            return "another runner"
        return f"server connection {rows[0][0]}"

    def is_connection_error(self, error: BaseException) -> bool:
        return (
            isinstance(error, pymysql.OperationalError)
            and _code(error) in CONNECTION_LOST_CODES
        )


def _code(error: pymysql.Error) -> Any:
    return error.args[0] if error.args else None


def _describe(error: pymysql.Error) -> str:
    if len(error.args) >= 2:
        return f"({error.args[0]}) {error.args[1]}"
    return str(error)
