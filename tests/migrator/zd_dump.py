"""Schema and data dumps that compare equal exactly when two states match.

A dump lists every table, column, index, constraint, trigger, routine and
view of the database (from ``information_schema``, ``pg_indexes`` or
``sqlite_master``) and every row of every table in a fixed order. Tables the
migrator itself keeps (history, journal, locks) are left out by prefix, since
a rollout that was undone still leaves its record there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tests.migrator.zd_databases import Database, connect

DEFAULT_EXCLUDED_PREFIXES = ("migrator_", "_migrator")

Dump = dict[str, list[tuple[Any, ...]]]

POSTGRES_SCHEMA = {
    "columns": "SELECT table_name, column_name, ordinal_position, data_type,"
    " is_nullable, column_default FROM information_schema.columns"
    " WHERE table_schema = 'public' ORDER BY 1, 3",
    "constraints": "SELECT tc.table_name, tc.constraint_type, kcu.column_name"
    " FROM information_schema.table_constraints tc"
    " LEFT JOIN information_schema.key_column_usage kcu"
    " ON tc.constraint_name = kcu.constraint_name"
    " AND tc.table_schema = kcu.table_schema"
    " WHERE tc.table_schema = 'public' AND tc.constraint_type <> 'CHECK'"
    " ORDER BY 1, 2, 3",
    "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes"
    " WHERE schemaname = 'public' ORDER BY 1, 2",
    "triggers": "SELECT event_object_table, trigger_name, event_manipulation,"
    " action_timing FROM information_schema.triggers"
    " WHERE trigger_schema = 'public' ORDER BY 1, 2, 3",
    "routines": "SELECT routine_name, routine_type FROM information_schema.routines"
    " WHERE routine_schema = 'public' ORDER BY 1",
    "views": "SELECT table_name, view_definition FROM information_schema.views"
    " WHERE table_schema = 'public' ORDER BY 1",
}

MARIADB_SCHEMA = {
    "columns": "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE,"
    " IS_NULLABLE, COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS"
    " WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1, 3",
    "indexes": "SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME,"
    " NON_UNIQUE FROM information_schema.STATISTICS"
    " WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1, 2, 3",
    "triggers": "SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, EVENT_MANIPULATION,"
    " ACTION_TIMING, ACTION_STATEMENT FROM information_schema.TRIGGERS"
    " WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1, 2",
    "routines": "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES"
    " WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY 1",
    "views": "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS"
    " WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1",
}

SQLITE_SCHEMA = {
    "objects": "SELECT type, name, tbl_name, sql FROM sqlite_master"
    " WHERE name NOT LIKE 'sqlite_%' ORDER BY 1, 2",
}

TABLE_QUERIES = {
    "postgresql": "SELECT table_name FROM information_schema.tables"
    " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    "mariadb": "SELECT TABLE_NAME FROM information_schema.TABLES"
    " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1",
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table'"
    " AND name NOT LIKE 'sqlite_%' ORDER BY 1",
}


def dump(
    database: Database, excluded_prefixes: Sequence[str] = DEFAULT_EXCLUDED_PREFIXES
) -> Dump:
    """Return the schema and ordered rows of ``database``."""
    schema = {
        "postgresql": POSTGRES_SCHEMA,
        "mariadb": MARIADB_SCHEMA,
        "sqlite": SQLITE_SCHEMA,
    }[database.engine]
    quote = '"' if database.engine != "mariadb" else "`"
    connection = connect(database.url)
    try:
        cursor = connection.cursor()
        result: Dump = {}
        for section, statement in schema.items():
            cursor.execute(statement)
            result[section] = _kept(cursor.fetchall(), excluded_prefixes)
        cursor.execute(TABLE_QUERIES[database.engine])
        tables = [str(row[0]) for row in cursor.fetchall()]
        for table in tables:
            if table.startswith(tuple(excluded_prefixes)):
                continue
            cursor.execute(f"SELECT * FROM {quote}{table}{quote}")
            width = len(cursor.description)
            order = ", ".join(str(i) for i in range(1, width + 1))
            cursor.execute(f"SELECT * FROM {quote}{table}{quote} ORDER BY {order}")
            result[f"rows:{table}"] = [tuple(row) for row in cursor.fetchall()]
        connection.commit()
        return result
    finally:
        connection.close()


def _kept(
    rows: Sequence[Sequence[Any]], excluded_prefixes: Sequence[str]
) -> list[tuple[Any, ...]]:
    prefixes = tuple(excluded_prefixes)
    return [
        tuple(row)
        for row in rows
        if not (isinstance(row[0], str) and row[0].startswith(prefixes))
        and not (
            len(row) > 2 and isinstance(row[2], str) and row[2].startswith(prefixes)
        )
    ]
