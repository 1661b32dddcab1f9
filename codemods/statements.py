"""Find the innermost statement that holds a finding, to work on it alone.

Computing libcst positions and running a transformer costs a walk over the
whole tree; a large file with one finding needs it for one statement only.
Statements are matched to the ``ast`` tree of the same source, which has
their line numbers, and the search descends into class and function bodies.
"""

from __future__ import annotations

import ast
import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

_CONTAINERS = (cst.ClassDef, cst.FunctionDef)


@dataclass(frozen=True)
class StatementLines:
    """Lines of one statement.

    ``first`` includes decorators; ``anchor`` is the line where libcst's
    position of the statement starts (the ``def`` line of a decorated
    function, like ``ast``'s ``lineno``).
    """

    first: int
    anchor: int
    last: int


@dataclass(frozen=True)
class Location:
    """Where a statement sits: indices from the module body inwards."""

    path: tuple[int, ...]
    anchor: int
    # Width of the indentation the statement has in the file.
    indent: int


def statement_lines(
    statements: Sequence[cst.BaseStatement], nodes: Sequence[ast.stmt]
) -> list[StatementLines] | None:
    """Return the lines of each libcst statement, or None if the trees differ."""
    lines: list[StatementLines] = []
    index = 0
    for statement in statements:
        count = (
            len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
        )
        group = nodes[index : index + count]
        if len(group) != count:
            return None
        index += count
        decorators = getattr(group[0], "decorator_list", [])
        first = min([group[0].lineno, *(d.lineno for d in decorators)])
        last = group[-1].end_lineno or group[-1].lineno
        lines.append(StatementLines(first, group[0].lineno, last))
    return lines if index == len(nodes) else None


def _index_of(lines: Sequence[StatementLines], line: int) -> int | None:
    firsts = [entry.first for entry in lines]
    index = bisect.bisect_right(firsts, line) - 1
    if index < 0 or lines[index].last < line:
        return None
    return index


def locate_statement(
    module: cst.Module, tree: ast.Module, line: int, end_line: int
) -> Location | None:
    """Return the innermost statement that contains lines ``line..end_line``.

    The search enters the indented body of a class or function when the
    lines lie after its ``def`` or ``class`` line.
    """
    statements: Sequence[cst.BaseStatement] = module.body
    nodes: Sequence[ast.stmt] = tree.body
    path: list[int] = []
    anchor = indent = inner_indent = 0
    while True:
        lines = statement_lines(statements, nodes)
        index = None if lines is None else _index_of(lines, line)
        if lines is None or index is None or lines[index].last < end_line:
            break
        path.append(index)
        anchor, indent = lines[index].anchor, inner_indent
        statement = statements[index]
        node = _node_at(statements, nodes, index)
        block = statement.body if isinstance(statement, _CONTAINERS) else None
        if not isinstance(block, cst.IndentedBlock) or node is None or line <= anchor:
            break
        width = module.default_indent if block.indent is None else block.indent
        inner_indent += len(width)
        statements, nodes = block.body, getattr(node, "body", [])
    if not path:
        return None
    return Location(tuple(path), anchor, indent)


def top_location(module: cst.Module, tree: ast.Module, index: int) -> Location:
    """Return the location of the top-level statement at ``index``."""
    lines = statement_lines(module.body, tree.body)
    assert lines is not None
    return Location((index,), lines[index].anchor, 0)


def _node_at(
    statements: Sequence[cst.BaseStatement], nodes: Sequence[ast.stmt], index: int
) -> ast.stmt | None:
    position = 0
    for statement in statements[:index]:
        position += (
            len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
        )
    return nodes[position] if position < len(nodes) else None


def statement_at(module: cst.Module, path: Sequence[int]) -> cst.BaseStatement:
    """Return the statement at ``path``."""
    statements: Sequence[cst.BaseStatement] = module.body
    statement = statements[path[0]]
    for index in path[1:]:
        assert isinstance(statement, _CONTAINERS)
        assert isinstance(statement.body, cst.IndentedBlock)
        statement = statement.body.body[index]
    return statement


def replace_statement(
    module: cst.Module, path: Sequence[int], new: cst.BaseStatement
) -> cst.Module:
    """Return ``module`` with the statement at ``path`` replaced by ``new``."""
    body = _replaced(module.body, path, new)
    return module.with_changes(body=body)


def _replaced(
    statements: Sequence[cst.BaseStatement], path: Sequence[int], new: cst.BaseStatement
) -> list[cst.BaseStatement]:
    result = list(statements)
    index = path[0]
    if len(path) == 1:
        result[index] = new
        return result
    container = result[index]
    assert isinstance(container, _CONTAINERS)
    block = container.body
    assert isinstance(block, cst.IndentedBlock)
    inner = _replaced(block.body, path[1:], new)
    result[index] = container.with_changes(body=block.with_changes(body=inner))
    return result
