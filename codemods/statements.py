"""Map top-level libcst statements to their lines, to work on one at a time.

Computing libcst positions and running a transformer costs a walk over the
whole tree; a large file with one finding needs it for one statement only.
The lines come from the ``ast`` tree of the same source.
"""

from __future__ import annotations

import ast
import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst


@dataclass(frozen=True)
class StatementLines:
    """Lines of one top-level statement.

    ``first`` includes decorators; ``anchor`` is the line where libcst's
    position of the statement starts (the ``def`` line of a decorated
    function, like ``ast``'s ``lineno``).
    """

    first: int
    anchor: int
    last: int


def statement_lines(
    module: cst.Module, tree: ast.Module
) -> list[StatementLines] | None:
    """Return the lines of each statement of ``module.body``, or None.

    None means the two trees do not line up, and callers fall back to
    working on the whole module.
    """
    statements = tree.body
    lines: list[StatementLines] = []
    index = 0
    for statement in module.body:
        count = (
            len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
        )
        group = statements[index : index + count]
        if len(group) != count:
            return None
        index += count
        decorators = getattr(group[0], "decorator_list", [])
        first = min([group[0].lineno, *(d.lineno for d in decorators)])
        last = group[-1].end_lineno or group[-1].lineno
        lines.append(StatementLines(first, group[0].lineno, last))
    return lines if index == len(statements) else None


def statement_index(lines: Sequence[StatementLines], line: int) -> int | None:
    """Return the index of the statement that contains ``line``."""
    firsts = [entry.first for entry in lines]
    index = bisect.bisect_right(firsts, line) - 1
    if index < 0 or lines[index].last < line:
        return None
    return index
