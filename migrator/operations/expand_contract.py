"""Expand/contract builders for a column rename and a column type change.

An operation becomes three migrations, one per phase, so the old and the new
application version both work from the end of expand to the start of
contract:

- **expand** adds the new column and the triggers that copy every write from
  either column onto the other;
- **migrate** backfills the new column in batches, one transaction each;
- **contract** drops the triggers and the old column, after the old version
  is retired.

Every up step is one statement (or one Python step) and ``down[i]`` undoes
``up[i]``, so a runner that records completed steps can undo exactly those.
Every statement is idempotent (``IF [NOT] EXISTS``, ``OR REPLACE``), so a
step cut short by a crash can run again. SQLite is rejected: its triggers
cannot assign to ``NEW``, so the two columns could not be kept in sync
within the writing statement.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import click

from migrator.operations import sync_triggers as sql
from migrator.operations.backfill import (
    MAX_BATCH_SIZE,
    BackfillProgress,
    backfill,
)
from migrator.operations.sync_triggers import ColumnPair

PHASES = ("expand", "migrate", "contract")
DEFAULT_BATCH_SIZE = 1000
StepFunction = Callable[[Any, str], None]

DIALECT_ALIASES = {
    "postgresql": "postgresql",
    "postgres": "postgresql",
    "mysql": "mariadb",
    "mariadb": "mariadb",
    "sqlite": "sqlite",
}

REQUIRED_KEYS = {
    "rename-column": ("table", "from", "to", "type"),
    "change-column-type": (
        "table",
        "column",
        "to",
        "from_type",
        "to_type",
        "using",
        "reverse_using",
    ),
}
OPTIONAL_KEYS = ("kind", "batch_size")


class OperationError(Exception):
    """An operation is malformed or cannot run on the given engine."""


@dataclass(frozen=True)
class OperationStep:
    """One step of a phase: a single SQL statement or a Python function."""

    description: str
    sql: str | None = None
    function: StepFunction | None = None


@dataclass(frozen=True)
class PhaseSteps:
    """The up steps of one phase and, index for index, the steps undoing them."""

    phase: str
    up: tuple[OperationStep, ...]
    down: tuple[OperationStep, ...]


@dataclass(frozen=True)
class ColumnOperation:
    """A rename or type change of one column, ready to build any phase."""

    kind: str
    pair: ColumnPair
    batch_size: int = DEFAULT_BATCH_SIZE

    def steps(self, phase: str, dialect: str) -> PhaseSteps:
        """Build the steps of ``phase`` for ``dialect``.

        Raises
        ------
        OperationError
            On an unknown phase or dialect, and on SQLite.
        """
        engine = self._engine(dialect)
        if phase == "expand":
            return self._expand(engine)
        if phase == "migrate":
            return self._migrate()
        if phase == "contract":
            return self._contract(engine)
        raise OperationError(
            f"unknown phase {phase!r} for operation {self.kind!r}:"
            f" use one of {', '.join(PHASES)}"
        )

    def _engine(self, dialect: str) -> str:
        engine = DIALECT_ALIASES.get(dialect.lower())
        if engine is None:
            raise OperationError(
                f"operation {self.kind!r} does not support the dialect {dialect!r}:"
                " use postgresql or mysql (MariaDB)"
            )
        if engine == "sqlite":
            raise OperationError(
                f"operation {self.kind!r} on table {self.pair.table!r} cannot run"
                " online on SQLite: SQLite triggers cannot assign to NEW, so the"
                f" columns {self.pair.old!r} and {self.pair.new!r} cannot be kept"
                " in sync while two application versions write; on SQLite write"
                " a plain migration (ALTER TABLE ... RENAME COLUMN, or a table"
                " rebuild for a type change) and run it while the application"
                " is stopped"
            )
        return engine

    def _expand(self, engine: str) -> PhaseSteps:
        pair = self.pair
        add = _add_column(engine, pair.table, pair.new, pair.new_type)
        drop = _drop_column(engine, pair.table, pair.new)
        if engine == "postgresql":
            up = (add, _create_function(pair), _create_pg_trigger(pair))
            down = (drop, _drop_function(pair), _drop_pg_trigger(pair))
        else:
            up = (add, _create_insert_trigger(pair), _create_update_trigger(pair))
            drop_update, drop_insert = _drop_mariadb_triggers(pair)
            down = (drop, drop_insert, drop_update)
        return PhaseSteps("expand", up, down)

    def _migrate(self) -> PhaseSteps:
        pair, batch_size = self.pair, self.batch_size

        def run_backfill(connection: Any, dialect: str) -> None:
            engine = DIALECT_ALIASES.get(dialect.lower(), dialect)
            total = backfill(
                connection, engine, pair, batch_size=batch_size, progress=_echo
            )
            _echo_total(total)

        def keep_backfilled(connection: Any, dialect: str) -> None:
            # The filled column stays: the triggers keep it right, and
            # undoing expand drops it.
            del connection, dialect

        up = OperationStep(
            f"backfill {pair.table}.{pair.new} from {pair.old}"
            f" in batches of {batch_size}",
            function=run_backfill,
        )
        down = OperationStep(
            f"keep {pair.table}.{pair.new} as backfilled (expand's rollback drops it)",
            function=keep_backfilled,
        )
        return PhaseSteps("migrate", (up,), (down,))

    def _contract(self, engine: str) -> PhaseSteps:
        pair, batch_size = self.pair, self.batch_size
        drop_old = _drop_column(engine, pair.table, pair.old)
        add_old = _add_column(engine, pair.table, pair.old, pair.old_type)
        last_trigger = (
            _create_pg_trigger(pair)
            if engine == "postgresql"
            else _create_update_trigger(pair)
        )

        def restore_sync(connection: Any, dialect: str) -> None:
            # The trigger goes in before the backfill, so a row the new
            # version writes meanwhile is synced by the trigger and every
            # row written before is found by the backfill.
            # Everything runs on the runner's connection: an earlier down step
            # of this transaction added the column and holds the table lock.
            cursor = connection.cursor()
            cursor.execute(last_trigger.sql)
            cursor.close()
            engine_name = DIALECT_ALIASES.get(dialect.lower(), dialect)
            total = backfill(
                connection,
                engine_name,
                pair,
                towards_new=False,
                batch_size=batch_size,
                progress=_echo,
                own_transactions=False,
            )
            _echo_total(total)

        restore = OperationStep(
            f"{last_trigger.description}, then backfill {pair.table}.{pair.old}",
            function=restore_sync,
        )
        if engine == "postgresql":
            up = (_drop_pg_trigger(pair), _drop_function(pair), drop_old)
            down = (restore, _create_function(pair), add_old)
        else:
            drop_update, drop_insert = _drop_mariadb_triggers(pair)
            up = (drop_update, drop_insert, drop_old)
            down = (restore, _create_insert_trigger(pair), add_old)
        return PhaseSteps("contract", up, down)


def rename_column(
    table: str,
    old: str,
    new: str,
    column_type: str,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> ColumnOperation:
    """Build a rename of ``table.old`` to ``table.new`` of type ``column_type``."""
    pair = ColumnPair(table, old, new, column_type, column_type)
    return _checked(ColumnOperation("rename-column", pair, batch_size))


def change_column_type(
    table: str,
    column: str,
    *,
    new: str,
    types: tuple[str, str],
    using: str,
    reverse_using: str,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> ColumnOperation:
    """Build a change of ``table.column`` from ``types[0]`` to ``types[1]``.

    The new version reads and writes the column ``new``. ``using`` converts
    an old value to the new type and ``reverse_using`` converts back; both
    are SQL expressions in which ``{value}`` stands for the source value.
    """
    pair = ColumnPair(table, column, new, types[0], types[1], using, reverse_using)
    return _checked(ColumnOperation("change-column-type", pair, batch_size))


def parse_operation(table: Mapping[str, object], source: str) -> ColumnOperation:
    """Build an operation from its table in a migration file.

    ``source`` names the file in error messages (no prefix when empty).
    Example::

        operation = { kind = "rename-column", table = "users",
                      from = "name", to = "full_name", type = "text" }

    Raises
    ------
    OperationError
        On an unknown kind, a missing or unknown key, or a bad value.
    """
    kind = table.get("kind")
    if kind not in REQUIRED_KEYS:
        raise OperationError(
            _located(
                source,
                f"operation kind {kind!r} is unknown: use one of"
                f" {', '.join(sorted(REQUIRED_KEYS))}",
            )
        )
    required = REQUIRED_KEYS[str(kind)]
    unknown = sorted(set(table) - set(required) - set(OPTIONAL_KEYS))
    if unknown:
        raise OperationError(
            _located(
                source,
                f"operation {kind!r} has unknown keys {unknown!r}:"
                f" it takes {', '.join(required)} and optionally batch_size",
            )
        )
    values = {key: _text(table, key, source) for key in required}
    batch_size = table.get("batch_size", DEFAULT_BATCH_SIZE)
    if isinstance(batch_size, bool) or not isinstance(batch_size, int):
        raise OperationError(
            _located(
                source,
                f"operation key 'batch_size' must be an integer, got {batch_size!r}",
            )
        )
    try:
        if kind == "rename-column":
            return rename_column(
                values["table"],
                values["from"],
                values["to"],
                values["type"],
                batch_size=batch_size,
            )
        return change_column_type(
            values["table"],
            values["column"],
            new=values["to"],
            types=(values["from_type"], values["to_type"]),
            using=values["using"],
            reverse_using=values["reverse_using"],
            batch_size=batch_size,
        )
    except OperationError as err:
        raise OperationError(_located(source, str(err))) from err


def _located(source: str, message: str) -> str:
    return f"{source}: {message}" if source else message


def _text(table: Mapping[str, object], key: str, source: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise OperationError(
            f"{source}: operation key {key!r} must be a non-empty string, got {value!r}"
        )
    return value


def _checked(operation: ColumnOperation) -> ColumnOperation:
    pair = operation.pair
    for name in (pair.table, pair.old, pair.new):
        if not sql.IDENTIFIER_PATTERN.match(name) or len(name) > 48:
            raise OperationError(
                f"identifier {name!r} is not supported: use letters, digits and"
                " underscores, at most 48 characters, not starting with a digit"
            )
    if pair.old == pair.new:
        raise OperationError(
            f"operation {operation.kind!r} on table {pair.table!r} needs a new"
            f" column name different from {pair.old!r}"
        )
    for expression in (pair.forward, pair.backward):
        if sql.VALUE_PLACEHOLDER not in expression:
            raise OperationError(
                f"conversion {expression!r} does not use {{value}}: write the"
                " source value as {value}, e.g. 'CAST({value} AS BIGINT)'"
            )
    if not 1 <= operation.batch_size <= MAX_BATCH_SIZE:
        raise OperationError(
            f"batch_size {operation.batch_size!r} is out of range:"
            f" use 1 to {MAX_BATCH_SIZE}"
        )
    return operation


def _quote(engine: str) -> Callable[[str], str]:
    return sql.quote_postgres if engine == "postgresql" else sql.quote_mariadb


def _add_column(engine: str, table: str, column: str, type_: str) -> OperationStep:
    quote = _quote(engine)
    return OperationStep(
        f"add column {table}.{column} {type_}",
        sql=f"ALTER TABLE {quote(table)} ADD COLUMN IF NOT EXISTS {quote(column)}"
        f" {type_}",
    )


def _drop_column(engine: str, table: str, column: str) -> OperationStep:
    quote = _quote(engine)
    return OperationStep(
        f"drop column {table}.{column}",
        sql=f"ALTER TABLE {quote(table)} DROP COLUMN IF EXISTS {quote(column)}",
    )


def _create_function(pair: ColumnPair) -> OperationStep:
    return OperationStep(
        f"create sync function {pair.object_name}()",
        sql=sql.postgres_sync_function(pair),
    )


def _drop_function(pair: ColumnPair) -> OperationStep:
    return OperationStep(
        f"drop sync function {pair.object_name}()",
        sql=sql.postgres_drop_function(pair),
    )


def _create_pg_trigger(pair: ColumnPair) -> OperationStep:
    return OperationStep(
        f"create sync trigger {pair.object_name} on {pair.table}",
        sql=sql.postgres_create_trigger(pair),
    )


def _drop_pg_trigger(pair: ColumnPair) -> OperationStep:
    return OperationStep(
        f"drop sync trigger {pair.object_name} on {pair.table}",
        sql=sql.postgres_drop_trigger(pair),
    )


def _create_insert_trigger(pair: ColumnPair) -> OperationStep:
    return OperationStep(
        f"create insert sync trigger {pair.object_name}_ins on {pair.table}",
        sql=sql.mariadb_insert_trigger(pair),
    )


def _create_update_trigger(pair: ColumnPair) -> OperationStep:
    return OperationStep(
        f"create update sync trigger {pair.object_name}_upd on {pair.table}",
        sql=sql.mariadb_update_trigger(pair),
    )


def _drop_mariadb_triggers(pair: ColumnPair) -> tuple[OperationStep, OperationStep]:
    drop_update, drop_insert = sql.mariadb_drop_triggers(pair)
    return (
        OperationStep(f"drop trigger {pair.object_name}_upd", sql=drop_update),
        OperationStep(f"drop trigger {pair.object_name}_ins", sql=drop_insert),
    )


def _echo(state: BackfillProgress) -> None:
    click.echo(
        f"backfill {state.table}.{state.column}: batch {state.batches},"
        f" {state.rows_moved} rows moved",
        err=True,
    )


def _echo_total(state: BackfillProgress) -> None:
    click.echo(
        f"backfilled {state.table}.{state.column}: {state.rows_moved} rows moved"
        f" in {state.batches} batches",
        err=True,
    )
