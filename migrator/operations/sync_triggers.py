"""SQL that keeps an old and a new column of one table in sync.

Between expand and contract two versions of an application write the same
rows: the old one through the old column, the new one through the new
column. A BEFORE INSERT/UPDATE row trigger copies whichever side was written
onto the other, converting the value on the way, so each version reads what
the other wrote. A BEFORE trigger assigns to ``NEW`` and never issues a
second UPDATE, which MariaDB forbids on the table that fired the trigger.

The UPDATE rule, in order:

1. the new column changed: the new version wrote, so copy new to old;
2. the old column changed: the old version wrote, so copy old to new;
3. one side is NULL and the other is not: a backfill touched a row that
   predates the trigger, so fill the missing side.

An INSERT copies the new column when it is set (only the new version knows
that column, and it has no default) and the old column otherwise.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

# Both engines cap identifiers at 63 (PostgreSQL) or 64 (MariaDB) characters.
MAX_IDENTIFIER_LENGTH = 63
IDENTIFIER_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
VALUE_PLACEHOLDER = "{value}"


@dataclass(frozen=True)
class ColumnPair:
    """An old column, the new column that replaces it, and the conversions.

    ``forward`` turns an old value into a new one and ``backward`` does the
    reverse; both are SQL expressions in which ``{value}`` stands for the
    source column. A rename uses ``{value}`` for both.
    """

    table: str
    old: str
    new: str
    old_type: str
    new_type: str
    forward: str = VALUE_PLACEHOLDER
    backward: str = VALUE_PLACEHOLDER

    @property
    def object_name(self) -> str:
        """Return the base name of the triggers and trigger function."""
        name = f"mg_sync_{self.table}_{self.old}_{self.new}"
        if len(name) + 4 <= MAX_IDENTIFIER_LENGTH:
            return name
        digest = hashlib.sha256(name.encode()).hexdigest()[:10]
        return f"{name[: MAX_IDENTIFIER_LENGTH - 15]}_{digest}"


def convert(expression: str, source: str) -> str:
    """Substitute the SQL ``source`` for ``{value}`` in a conversion."""
    return expression.replace(VALUE_PLACEHOLDER, f"({source})")


def quote_postgres(identifier: str) -> str:
    return f'"{identifier}"'


def quote_mariadb(identifier: str) -> str:
    return f"`{identifier}`"


def postgres_sync_function(pair: ColumnPair) -> str:
    """Return the CREATE FUNCTION statement of the PostgreSQL trigger."""
    old = f"NEW.{quote_postgres(pair.old)}"
    new = f"NEW.{quote_postgres(pair.new)}"
    was_old = f"OLD.{quote_postgres(pair.old)}"
    was_new = f"OLD.{quote_postgres(pair.new)}"
    to_new = convert(pair.forward, old)
    to_old = convert(pair.backward, new)
    return f"""CREATE OR REPLACE FUNCTION {quote_postgres(pair.object_name)}()
RETURNS trigger LANGUAGE plpgsql AS $mg_sync$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF {new} IS NOT NULL THEN {old} := {to_old};
    ELSE {new} := {to_new};
    END IF;
  ELSIF {new} IS DISTINCT FROM {was_new} THEN {old} := {to_old};
  ELSIF {old} IS DISTINCT FROM {was_old} THEN {new} := {to_new};
  ELSIF {new} IS NULL AND {old} IS NOT NULL THEN {new} := {to_new};
  ELSIF {old} IS NULL AND {new} IS NOT NULL THEN {old} := {to_old};
  END IF;
  RETURN NEW;
END
$mg_sync$"""


def postgres_create_trigger(pair: ColumnPair) -> str:
    name = quote_postgres(pair.object_name)
    return (
        f"CREATE OR REPLACE TRIGGER {name} BEFORE INSERT OR UPDATE ON "
        f"{quote_postgres(pair.table)} FOR EACH ROW EXECUTE FUNCTION {name}()"
    )


def postgres_drop_trigger(pair: ColumnPair) -> str:
    return (
        f"DROP TRIGGER IF EXISTS {quote_postgres(pair.object_name)} "
        f"ON {quote_postgres(pair.table)}"
    )


def postgres_drop_function(pair: ColumnPair) -> str:
    return f"DROP FUNCTION IF EXISTS {quote_postgres(pair.object_name)}()"


def mariadb_insert_trigger(pair: ColumnPair) -> str:
    old = f"NEW.{quote_mariadb(pair.old)}"
    new = f"NEW.{quote_mariadb(pair.new)}"
    return f"""CREATE OR REPLACE TRIGGER {quote_mariadb(pair.object_name + "_ins")}
BEFORE INSERT ON {quote_mariadb(pair.table)} FOR EACH ROW
BEGIN
  IF {new} IS NOT NULL THEN SET {old} = {convert(pair.backward, new)};
  ELSE SET {new} = {convert(pair.forward, old)};
  END IF;
END"""


def mariadb_update_trigger(pair: ColumnPair) -> str:
    old = f"NEW.{quote_mariadb(pair.old)}"
    new = f"NEW.{quote_mariadb(pair.new)}"
    was_old = f"OLD.{quote_mariadb(pair.old)}"
    was_new = f"OLD.{quote_mariadb(pair.new)}"
    to_new = convert(pair.forward, old)
    to_old = convert(pair.backward, new)
    return f"""CREATE OR REPLACE TRIGGER {quote_mariadb(pair.object_name + "_upd")}
BEFORE UPDATE ON {quote_mariadb(pair.table)} FOR EACH ROW
BEGIN
  IF NOT ({new} <=> {was_new}) THEN SET {old} = {to_old};
  ELSEIF NOT ({old} <=> {was_old}) THEN SET {new} = {to_new};
  ELSEIF {new} IS NULL AND {old} IS NOT NULL THEN SET {new} = {to_new};
  ELSEIF {old} IS NULL AND {new} IS NOT NULL THEN SET {old} = {to_old};
  END IF;
END"""


def mariadb_drop_triggers(pair: ColumnPair) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {quote_mariadb(pair.object_name + suffix)}"
        for suffix in ("_upd", "_ins")
    ]
