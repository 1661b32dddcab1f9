"""Choose the line of the top import block where a new import goes."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

STDLIB_MODULES = frozenset(sys.stdlib_module_names)
# What a module body holds.
Statement = cst.SimpleStatementLine | cst.BaseCompoundStatement


@dataclass(frozen=True)
class InsertionPoint:
    """Index in the module body and the blank lines around the new import."""

    index: int
    blank_line_before: bool = False
    blank_line_after: bool = False
    take_leading_lines: bool = False


def insertion_point(
    body: Sequence[Statement], section: int, key: tuple[int, str]
) -> InsertionPoint:
    """Return where an import of ``section`` with sort ``key`` belongs.

    ``section`` is 0 for ``__future__``, 1 for the standard library and 2
    for everything else; ``key`` orders imports inside one group.
    """
    header_end = _header_end(body)
    if section == 0:
        return InsertionPoint(header_end, blank_line_after=True)
    groups = _import_groups(body, header_end)
    same = [group for group in groups if _group_section(body, group) == section]
    if same:
        return _point_in_group(body, same[-1], key)
    later = [group for group in groups if _group_section(body, group) > section]
    if later:
        head = later[0][0]
        return InsertionPoint(head, blank_line_after=True, take_leading_lines=True)
    index = groups[-1][-1] + 1 if groups else header_end
    return InsertionPoint(index, blank_line_before=index > 0, blank_line_after=True)


def _header_end(body: Sequence[Statement]) -> int:
    """Return the index after the docstring and the ``__future__`` imports."""
    index = 1 if body and _is_docstring(body[0]) else 0
    while index < len(body) and import_module_name(body[index]) == "__future__":
        index += 1
    return index


def _is_docstring(statement: Statement) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    first = statement.body[0]
    return isinstance(first, cst.Expr) and isinstance(
        first.value, (cst.SimpleString, cst.ConcatenatedString)
    )


def _import_groups(body: Sequence[Statement], start: int) -> list[list[int]]:
    """Split the top import block into runs of lines without a blank line."""
    groups: list[list[int]] = []
    previous = -2
    for index in range(start, len(body)):
        statement = body[index]
        if _is_import_line(statement):
            blank = any(line.comment is None for line in statement.leading_lines)
            if groups and previous == index - 1 and not blank:
                groups[-1].append(index)
            else:
                groups.append([index])
            previous = index
        elif not _is_import_only_block(statement):
            break
    return groups


def _is_import_line(statement: Statement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in statement.body
    )


def _is_import_only_block(statement: Statement) -> bool:
    """Tell an ``if``/``try`` of imports (``TYPE_CHECKING``, fallbacks)."""
    if not isinstance(statement, (cst.If, cst.Try)):
        return False
    allowed = (cst.Import, cst.ImportFrom, cst.Pass, cst.Assign)
    for node in _block_statements(statement):
        if not isinstance(node, cst.SimpleStatementLine):
            return False
        if not all(isinstance(small, allowed) for small in node.body):
            return False
    return True


def _block_statements(statement: cst.If | cst.Try) -> list[Statement]:
    suites: list[cst.BaseSuite] = [statement.body]
    if isinstance(statement, cst.Try):
        suites += [handler.body for handler in statement.handlers]
        if statement.finalbody is not None:
            suites.append(statement.finalbody.body)
    statements: list[Statement] = []
    orelse = statement.orelse
    if isinstance(orelse, cst.If):
        statements += _block_statements(orelse)
    elif orelse is not None:
        suites.append(orelse.body)
    for suite in suites:
        if not isinstance(suite, cst.IndentedBlock):
            return [cst.SimpleStatementLine(body=[cst.Expr(cst.Name("_"))])]
        statements += [
            node
            for node in suite.body
            if isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement))
        ]
    return statements


def _group_section(body: Sequence[Statement], group: list[int]) -> int:
    return section_of(import_module_name(body[group[0]]) or "")


def _point_in_group(
    body: Sequence[Statement], group: list[int], key: tuple[int, str]
) -> InsertionPoint:
    keys = [sort_key(body[index]) for index in group]
    if keys != sorted(keys):
        return InsertionPoint(group[-1] + 1)
    for index, existing in zip(group, keys, strict=True):
        if existing > key:
            return InsertionPoint(index, take_leading_lines=index == group[0])
    return InsertionPoint(group[-1] + 1)


def single_import(
    statement: Statement,
) -> cst.Import | cst.ImportFrom | None:
    """Return the import of a line that holds exactly one import, or None."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return None
    if len(statement.body) != 1:
        return None
    small = statement.body[0]
    return small if isinstance(small, (cst.Import, cst.ImportFrom)) else None


def dotted_name(node: cst.BaseExpression) -> str:
    """Return ``a.b.c`` for a Name/Attribute chain, "" for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{dotted_name(node.value)}.{node.attr.value}"
    return ""


def import_module_name(statement: Statement) -> str | None:
    """Return the module a one-import line imports from, or None."""
    small = single_import(statement)
    if isinstance(small, cst.ImportFrom):
        if small.relative or small.module is None:
            return None
        return dotted_name(small.module)
    if isinstance(small, cst.Import):
        return dotted_name(small.names[0].name)
    return None


def section_of(module_name: str) -> int:
    """Return 0 for ``__future__``, 1 for the standard library, 2 otherwise."""
    if module_name == "__future__":
        return 0
    return 1 if module_name.partition(".")[0] in STDLIB_MODULES else 2


def sort_key(statement: Statement) -> tuple[int, str]:
    """Order imports in a group: plain ``import x`` lines first, then by name.

    This is the default order of isort and of ruff's import sorting.
    """
    small = single_import(statement)
    name = import_module_name(statement) or ""
    return (0 if isinstance(small, cst.Import) else 1, name.lower())
