"""Fill the new email column for existing users (a Python step)."""

from __future__ import annotations

from typing import Any

PHASE = "migrate"


def _backfill(connection: Any, dialect: str) -> None:
    cursor = connection.cursor()
    cursor.execute(
        "UPDATE users SET email = lower(name) || '@example.invalid' WHERE email IS NULL"
    )
    cursor.close()


def _clear(connection: Any, dialect: str) -> None:
    cursor = connection.cursor()
    cursor.execute("UPDATE users SET email = NULL")
    cursor.close()


STEPS = [(_backfill, _clear)]
VERIFY = "SELECT count(*) = 0 FROM users WHERE email IS NULL"
