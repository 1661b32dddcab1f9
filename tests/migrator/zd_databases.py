"""Throwaway databases on the local servers, and schema-plus-data dumps.

Each test database is named ``mg_zd_<random>`` and is dropped when the test
ends, pass or fail, so tests never share state with each other or with the
other users of the servers.
"""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
import pymysql
import pytest

POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
MARIADB_HOST = "127.0.0.1"
MARIADB_PORT = 3306
ENGINES = ("sqlite", "postgresql", "mariadb")


@dataclass(frozen=True)
class Database:
    """A database this test created: its engine, name and URL."""

    engine: str
    name: str
    url: str

    @property
    def dialect(self) -> str:
        return "mysql" if self.engine == "mariadb" else self.engine


def unique_name() -> str:
    return f"mg_zd_{secrets.token_hex(5)}"


def server_available(engine: str) -> bool:
    try:
        if engine == "postgresql":
            psycopg.connect(POSTGRES_ADMIN, connect_timeout=3).close()
        elif engine == "mariadb":
            pymysql.connect(
                host=MARIADB_HOST, port=MARIADB_PORT, user="root", connect_timeout=3
            ).close()
    except (psycopg.Error, pymysql.MySQLError):
        return False
    return True


def require_server(engine: str) -> None:
    if not server_available(engine):
        pytest.skip(f"the {engine} server on 127.0.0.1 is not reachable")


def connect(url: str, *, autocommit: bool = False) -> Any:
    """Open a DB-API connection to one of this module's database URLs."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        connection = sqlite3.connect(parts.path, timeout=30)
        if autocommit:
            connection.isolation_level = None
        return connection
    if parts.scheme == "postgresql":
        return psycopg.connect(url, autocommit=autocommit)
    return pymysql.connect(
        host=parts.hostname,
        port=parts.port or MARIADB_PORT,
        user=parts.username or "root",
        database=parts.path.lstrip("/"),
        autocommit=autocommit,
    )


@contextlib.contextmanager
def temporary_database(engine: str, folder: Path) -> Iterator[Database]:
    """Create an empty database, yield it, and drop it afterwards."""
    name = unique_name()
    if engine == "sqlite":
        yield Database(engine, name, f"sqlite:///{folder / (name + '.sqlite3')}")
        return
    require_server(engine)
    if engine == "postgresql":
        url = f"postgresql://postgres@127.0.0.1:5432/{name}"
        _postgres_admin(f'CREATE DATABASE "{name}"')
    else:
        url = f"mysql://root@{MARIADB_HOST}:{MARIADB_PORT}/{name}"
        _mariadb_admin(f"CREATE DATABASE `{name}`")
    try:
        yield Database(engine, name, url)
    finally:
        if engine == "postgresql":
            _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            _mariadb_admin(f"DROP DATABASE IF EXISTS `{name}`")


def _postgres_admin(statement: str) -> None:
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as connection:
        connection.execute(statement.encode())


def _mariadb_admin(statement: str) -> None:
    connection = pymysql.connect(host=MARIADB_HOST, port=MARIADB_PORT, user="root")
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def execute(url: str, *statements: str) -> None:
    """Run statements in one transaction and commit."""
    connection = connect(url)
    try:
        cursor = connection.cursor()
        for statement in statements:
            cursor.execute(statement)
        connection.commit()
    finally:
        connection.close()


def query(url: str, statement: str) -> list[tuple[Any, ...]]:
    connection = connect(url)
    try:
        cursor = connection.cursor()
        cursor.execute(statement)
        rows = [tuple(row) for row in cursor.fetchall()]
        connection.commit()
        return rows
    finally:
        connection.close()
