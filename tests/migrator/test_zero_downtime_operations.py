"""The expand/contract builders: validation, step shape and SQL on real servers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from migrator.operations.expand_contract import (
    ColumnOperation,
    OperationError,
    OperationStep,
    change_column_type,
    parse_operation,
    rename_column,
)
from migrator.operations.sync_triggers import MAX_IDENTIFIER_LENGTH
from tests.migrator.zd_databases import connect, execute, query, temporary_database

RENAME = {
    "kind": "rename-column",
    "table": "users",
    "from": "name",
    "to": "full_name",
    "type": "TEXT",
}
SERVER_ENGINES = [
    pytest.param("postgresql", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
]


def run_steps(url: str, dialect: str, steps: tuple[OperationStep, ...]) -> None:
    connection = connect(url)
    try:
        for step in steps:
            if step.sql is not None:
                connection.cursor().execute(step.sql)
            else:
                assert step.function is not None
                step.function(connection, dialect)
            connection.commit()
    finally:
        connection.close()


def amount_change() -> ColumnOperation:
    return change_column_type(
        "users",
        "amount",
        new="amount_cents",
        types=("VARCHAR(20)", "BIGINT"),
        using="CAST({value} AS INTEGER)",
        reverse_using="CONCAT({value}, '')",
        batch_size=3,
    )


def test_parse_rename_builds_all_phases() -> None:
    operation = parse_operation(RENAME, "m.toml")
    for phase in ("expand", "migrate", "contract"):
        steps = operation.steps(phase, "postgresql")
        assert len(steps.up) == len(steps.down), phase


@pytest.mark.parametrize("dialect", ["postgresql", "mysql"])
def test_expand_steps_are_idempotent(dialect: str) -> None:
    steps = parse_operation(RENAME, "m.toml").steps("expand", dialect)
    statements = [step.sql or "" for step in steps.up + steps.down]
    assert all(
        "IF NOT EXISTS" in text or "IF EXISTS" in text or "OR REPLACE" in text
        for text in statements
    ), statements


def test_sqlite_rejected_with_reason() -> None:
    operation = parse_operation(RENAME, "m.toml")
    with pytest.raises(OperationError) as caught:
        operation.steps("expand", "sqlite")
    message = str(caught.value)
    assert "'rename-column'" in message
    assert "'users'" in message
    assert "SQLite triggers cannot assign to NEW" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"kind": "drop-column"}, "kind 'drop-column' is unknown"),
        ({"typo": 1}, "unknown keys ['typo']"),
        ({"to": ""}, "key 'to' must be a non-empty string"),
        ({"batch_size": "10"}, "'batch_size' must be an integer"),
        ({"batch_size": 0}, "batch_size 0 is out of range"),
        ({"to": "name"}, "different from 'name'"),
        ({"table": "users; DROP"}, "identifier 'users; DROP' is not supported"),
    ],
)
def test_parse_rejects_bad_operation(change: dict[str, Any], expected: str) -> None:
    with pytest.raises(OperationError) as caught:
        parse_operation({**RENAME, **change}, "m.toml")
    assert expected in str(caught.value)
    assert str(caught.value).startswith("m.toml: ")


def test_type_change_needs_value_placeholder() -> None:
    with pytest.raises(OperationError) as caught:
        change_column_type(
            "t",
            "a",
            new="b",
            types=("TEXT", "INTEGER"),
            using="CAST(a AS INTEGER)",
            reverse_using="CONCAT({value}, '')",
        )
    assert "does not use {value}" in str(caught.value)


def test_long_names_fit_identifier_limit() -> None:
    operation = rename_column("t" * 48, "a" * 48, "b" * 48, "TEXT")
    assert len(operation.pair.object_name) + 4 <= MAX_IDENTIFIER_LENGTH


@pytest.mark.parametrize("engine", SERVER_ENGINES)
def test_triggers_sync_both_versions(engine: str, tmp_path: Path) -> None:
    with temporary_database(engine, tmp_path) as database:
        key = "SERIAL" if engine == "postgresql" else "INTEGER AUTO_INCREMENT"
        execute(
            database.url,
            f"CREATE TABLE users (id {key} PRIMARY KEY, name TEXT, amount VARCHAR(20))",
            "INSERT INTO users (name, amount) VALUES ('ann', '5'), ('bob', '6')",
        )
        operations = (
            rename_column("users", "name", "full_name", "TEXT"),
            amount_change(),
        )
        for operation in operations:
            run_steps(
                database.url,
                database.dialect,
                operation.steps("expand", database.dialect).up,
            )
        execute(
            database.url,
            "INSERT INTO users (name, amount) VALUES ('old', '7')",
            "INSERT INTO users (full_name, amount_cents) VALUES ('new', 8)",
            "UPDATE users SET name = 'ann2', amount = '50' WHERE id = 1",
            "UPDATE users SET full_name = 'bob2', amount_cents = 60 WHERE id = 2",
        )
        rows = query(
            database.url,
            "SELECT id, name, full_name, amount, amount_cents FROM users ORDER BY id",
        )
        assert rows == [
            (1, "ann2", "ann2", "50", 50),
            (2, "bob2", "bob2", "60", 60),
            (3, "old", "old", "7", 7),
            (4, "new", "new", "8", 8),
        ]


@pytest.mark.parametrize("engine", SERVER_ENGINES)
def test_backfill_then_contract_and_back(engine: str, tmp_path: Path) -> None:
    with temporary_database(engine, tmp_path) as database:
        key = "SERIAL" if engine == "postgresql" else "INTEGER AUTO_INCREMENT"
        values = ", ".join(f"('u{i}', '{i}')" for i in range(10))
        execute(
            database.url,
            f"CREATE TABLE users (id {key} PRIMARY KEY, name TEXT, amount VARCHAR(20))",
            f"INSERT INTO users (name, amount) VALUES {values}",
        )
        operation = amount_change()
        dialect = database.dialect
        run_steps(database.url, dialect, operation.steps("expand", dialect).up)
        run_steps(database.url, dialect, operation.steps("migrate", dialect).up)
        filled = query(
            database.url, "SELECT COUNT(*) FROM users WHERE amount_cents IS NULL"
        )
        assert filled == [(0,)]

        contract = operation.steps("contract", dialect)
        run_steps(database.url, dialect, contract.up)
        run_steps(database.url, dialect, contract.up)  # a crashed step runs again
        execute(
            database.url, "INSERT INTO users (name, amount_cents) VALUES ('late', 99)"
        )
        run_steps(database.url, dialect, tuple(reversed(contract.down)))
        rows = query(
            database.url, "SELECT name, amount, amount_cents FROM users ORDER BY id"
        )
        assert rows[-1] == ("late", "99", 99)
        assert [row[1] for row in rows[:10]] == [str(i) for i in range(10)]
