"""Database backends: one small interface over SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

from migrator.backends.base import Backend, LockHolder
from migrator.urls import DatabaseURL


def open_backend(url: DatabaseURL, service: str) -> Backend:
    """Return an unconnected backend for ``url``; ``service`` names it in errors."""
    if url.dialect == "sqlite":
        from migrator.backends.sqlite import SQLiteBackend

        return SQLiteBackend(url, service)
    if url.dialect == "postgresql":
        from migrator.backends.postgres import PostgresBackend

        return PostgresBackend(url, service)
    from migrator.backends.mysql import MySQLBackend

    return MySQLBackend(url, service)


__all__ = ["Backend", "LockHolder", "open_backend"]
