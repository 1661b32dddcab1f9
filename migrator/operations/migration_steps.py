"""Turn the ``operation`` key of a migration file into runnable steps.

Migration files are loaded before any database is opened, so each step built
here is a Python action that builds its SQL for the dialect it is given when
it runs. Both server engines get the same number of
steps per phase, so ``completed_steps`` in the history means the same on
either. :func:`check_dialect` rejects SQLite while the project loads, before
any SQL runs.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from migrator.model import Action, Step
from migrator.operations.expand_contract import (
    ColumnOperation,
    OperationError,
    OperationStep,
    parse_operation,
)

logger = logging.getLogger(__name__)

REFERENCE_DIALECT = "postgresql"


def parse_operations(value: object) -> list[ColumnOperation]:
    """Parse ``operation = {...}`` or ``operation = [{...}, ...]``."""
    tables = value if isinstance(value, list) else [value]
    mappings = [table for table in tables if isinstance(table, Mapping)]
    if not tables or len(mappings) != len(tables):
        raise OperationError(
            'must be a table such as { kind = "rename-column", table = "users",'
            ' from = "name", to = "full_name", type = "TEXT" } or an array of'
            f" such tables, not {value!r}"
        )
    return [parse_operation(table, "") for table in mappings]


def operation_steps(
    raw: Mapping[str, object], phase: str, dialect: str | None, where: str
) -> list[Step]:
    """Build the steps of ``phase`` from the ``operation`` key of ``raw``.

    ``dialect`` (when known) is checked now, so SQLite is rejected before
    any SQL runs. ``where`` names the migration file in log lines.

    Raises
    ------
    OperationError
        When the operation is malformed, is combined with ``steps``, or
        cannot run on ``dialect``.
    """
    if "steps" in raw:
        raise OperationError(
            "a migration has either 'operation' or 'steps', not both: move the"
            " extra steps into a migration of their own"
        )
    operations = parse_operations(raw["operation"])
    steps: list[Step] = []
    for operation in operations:
        if dialect is not None:
            operation.steps(phase, dialect)
        reference = operation.steps(phase, REFERENCE_DIALECT)
        pairs = zip(reference.up, reference.down, strict=True)
        for index, (up, down) in enumerate(pairs):
            steps.append(
                Step(
                    up=_action(operation, phase, index, "up", up),
                    down=_action(operation, phase, index, "down", down),
                )
            )
    logger.debug("%s: %d steps from %d operations", where, len(steps), len(operations))
    return steps


def _action(
    operation: ColumnOperation,
    phase: str,
    index: int,
    direction: str,
    reference: OperationStep,
) -> Action:
    def run(connection: Any, dialect: str) -> None:
        built = operation.steps(phase, dialect)
        step = (built.up if direction == "up" else built.down)[index]
        if step.function is not None:
            step.function(connection, dialect)
            return
        cursor = connection.cursor()
        try:
            cursor.execute(step.sql)
        finally:
            cursor.close()

    label = f"{operation.kind} {operation.pair.table}: {reference.description}"
    return Action(function=run, reference=label)
