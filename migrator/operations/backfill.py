"""Batched backfill of a new column from an old one, one transaction per batch.

The backfill walks the table in primary-key order, ``batch_size`` keys at a
time, and touches only the rows whose target column is still NULL while the
source is set. It assigns the source column to itself, so the sync trigger
(see :mod:`migrator.operations.sync_triggers`) computes the target with the
same conversion that live writes use and the conversion lives in one place.
Each batch commits on its own, on a second connection to the same database.
So no lock is held for longer than one batch and the runner's transaction
around the step stays untouched. A backfill cut short resumes where it
stopped when run again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from migrator.operations.sync_triggers import ColumnPair, quote_mariadb, quote_postgres

logger = logging.getLogger(__name__)

MAX_BATCH_SIZE = 100_000


class Connection(Protocol):
    """The DB-API 2.0 connection methods a backfill uses."""

    def cursor(self) -> Any: ...

    def commit(self) -> None: ...


@dataclass(frozen=True)
class BackfillProgress:
    """Progress of a running backfill: batches done and rows moved so far."""

    table: str
    column: str
    batches: int
    rows_moved: int


ProgressCallback = Callable[[BackfillProgress], None]


class BackfillError(Exception):
    """A backfill cannot start, for example because the table has no key."""


def primary_key(connection: Connection, dialect: str, table: str) -> str:
    """Return the single primary-key column of ``table``.

    Raises
    ------
    BackfillError
        When the table has no primary key or a composite one.
    """
    if dialect == "postgresql":
        query = (
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a"
            " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
            " WHERE i.indrelid = to_regclass(%s) AND i.indisprimary"
        )
        argument = quote_postgres(table)
    else:
        query = (
            "SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE"
            " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s"
            " AND CONSTRAINT_NAME = 'PRIMARY'"
        )
        argument = table
    cursor = connection.cursor()
    cursor.execute(query, (argument,))
    columns = [str(row[0]) for row in cursor.fetchall()]
    if len(columns) != 1:
        raise BackfillError(
            f"cannot backfill table {table!r} in batches: it needs a primary key"
            f" of exactly one column, found {columns!r}; add one before the"
            " expand migration"
        )
    return columns[0]


def open_sibling(connection: Any, dialect: str) -> Any:
    """Open a second connection to the database of ``connection``."""
    if dialect == "postgresql":
        import psycopg

        parameters = connection.info.get_parameters()
        if connection.info.password:
            parameters["password"] = connection.info.password
        return psycopg.connect(**parameters)
    import pymysql

    return pymysql.connect(
        host=connection.host,
        port=connection.port,
        user=connection.user,
        password=connection.password,
        database=connection.db,
        unix_socket=connection.unix_socket,
    )


def backfill(
    connection: Connection,
    dialect: str,
    pair: ColumnPair,
    *,
    towards_new: bool = True,
    batch_size: int = 1000,
    progress: ProgressCallback | None = None,
    own_transactions: bool = True,
) -> BackfillProgress:
    """Fill the NULL side of ``pair`` in batches and return the totals.

    ``towards_new`` fills the new column from the old one (the migrate
    phase); ``False`` fills the old column from the new one (undoing a
    contract). With ``own_transactions`` each batch commits on a second
    connection. Without it every batch runs on ``connection`` inside the
    caller's transaction, because an earlier step of that transaction may
    hold a lock on the table.
    """
    if not 1 <= batch_size <= MAX_BATCH_SIZE:
        raise BackfillError(
            f"batch size {batch_size!r} is out of range: use 1 to {MAX_BATCH_SIZE}"
        )

    def run(target: Connection, commit: bool) -> BackfillProgress:
        return _run_batches(
            target,
            dialect,
            pair,
            towards_new=towards_new,
            batch_size=batch_size,
            progress=progress,
            commit=commit,
        )

    if not own_transactions:
        return run(connection, commit=False)
    sibling = open_sibling(connection, dialect)
    try:
        return run(sibling, commit=True)
    finally:
        sibling.close()


def _run_batches(
    connection: Connection,
    dialect: str,
    pair: ColumnPair,
    *,
    towards_new: bool,
    batch_size: int,
    progress: ProgressCallback | None,
    commit: bool,
) -> BackfillProgress:
    quote = quote_postgres if dialect == "postgresql" else quote_mariadb
    key = quote(primary_key(connection, dialect, pair.table))
    source, target = (pair.old, pair.new) if towards_new else (pair.new, pair.old)
    table, source, target = quote(pair.table), quote(source), quote(target)
    select_first = f"SELECT {key} FROM {table} ORDER BY {key} LIMIT %s"
    select_next = f"SELECT {key} FROM {table} WHERE {key} > %s ORDER BY {key} LIMIT %s"
    touch = (
        f"UPDATE {table} SET {source} = {source} WHERE {key} >= %s AND {key} <= %s"
        f" AND {target} IS NULL AND {source} IS NOT NULL"
    )
    state = BackfillProgress(pair.table, target.strip('`"'), 0, 0)
    last: object = None
    while True:
        cursor = connection.cursor()
        if last is None:
            cursor.execute(select_first, (batch_size,))
        else:
            cursor.execute(select_next, (last, batch_size))
        keys = [row[0] for row in cursor.fetchall()]
        if not keys:
            if commit:
                connection.commit()
            return state
        cursor.execute(touch, (keys[0], keys[-1]))
        moved = max(cursor.rowcount, 0)
        if commit:
            connection.commit()
        last = keys[-1]
        state = BackfillProgress(
            state.table, state.column, state.batches + 1, state.rows_moved + moved
        )
        logger.debug("backfill %s.%s: %s", pair.table, state.column, state)
        if progress is not None:
            progress(state)
