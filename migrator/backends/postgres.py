"""PostgreSQL through psycopg 3: transactional DDL, a session advisory lock."""

from __future__ import annotations

import zlib

import psycopg

from migrator.backends.base import Backend, LockHolder
from migrator.errors import ConnectionFailed

CONNECT_TIMEOUT_SECONDS = 5
# One advisory-lock key for every migrator runner. Advisory locks are scoped
# to the current database, so runners on different databases never meet.
LOCK_KEY = zlib.crc32(b"migrator") & 0x7FFFFFFF


class PostgresBackend(Backend):
    """A PostgreSQL database."""

    dialect = "postgresql"
    transactional_ddl = True

    def exists(self) -> bool:
        return True

    def connect(self) -> None:
        url = self.url
        try:
            self.connection = psycopg.connect(
                host=url.host,
                port=url.port,
                user=url.user or None,
                password=url.password,
                dbname=url.database,
                autocommit=True,
                connect_timeout=CONNECT_TIMEOUT_SECONDS,
                application_name="migrator",
            )
        except psycopg.Error as err:
            detail = " ".join(str(err).split())
            raise ConnectionFailed(
                f"{self.name}: cannot connect: {detail}; check that the server "
                "is running, the database exists and the credentials are right"
            ) from err

    def placeholders(self, sql: str) -> str:
        return sql.replace("?", "%s")

    def table_exists(self, table: str) -> bool:
        rows = self.query("SELECT to_regclass(?) IS NOT NULL", (table,))
        return bool(rows[0][0])

    def autoincrement_column(self) -> str:
        return "BIGSERIAL PRIMARY KEY"

    def try_lock(self, holder: LockHolder) -> bool:
        rows = self.query("SELECT pg_try_advisory_lock(?)", (LOCK_KEY,))
        return bool(rows[0][0])

    def release_lock(self) -> None:
        if self.lock_holder is not None and self.connection is not None:
            self.execute("SELECT pg_advisory_unlock(?)", (LOCK_KEY,))
        self.lock_holder = None

    def describe_lock_holder(self) -> str:
        rows = self.query(
            "SELECT a.pid, a.application_name, a.client_addr::text, "
            "a.backend_start::text "
            "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.objid = ? AND l.granted "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = "
            "current_database())",
            (LOCK_KEY,),
        )
        if not rows:
            return "another runner"
        pid, application, address, since = rows[0]
        return (
            f"server process {pid} ({application or 'unknown client'} from "
            f"{address or 'local socket'}, connected since {since})"
        )

    def is_connection_error(self, error: BaseException) -> bool:
        return isinstance(error, psycopg.OperationalError)
