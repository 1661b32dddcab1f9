"""Add and remove module-level imports where a person would edit them.

An added ``from m import n`` joins an existing top-level ``from m import``
statement when there is one. Otherwise it goes into the top import block:
after the module docstring and the ``__future__`` imports, into the group of
its own section (``__future__``, standard library, everything else) at its
sorted place. Imports inside ``if``, ``try`` or functions are never edited,
because a name added to one branch is missing in the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from codemods.layout import insert_import_alias
from codemods.placement import (
    Statement,
    dotted_name,
    insertion_point,
    section_of,
    single_import,
    sort_key,
)


@dataclass(frozen=True, order=True)
class ImportRequest:
    """``from module import name``, or ``import module`` when name is None."""

    module: str
    name: str | None = None

    def statement(self) -> cst.SimpleStatementLine:
        if self.name is None:
            return cst.parse_statement(f"import {self.module}")  # type: ignore[return-value]
        text = f"from {self.module} import {self.name}"
        return cst.parse_statement(text)  # type: ignore[return-value]


def add_imports(module: cst.Module, requests: Sequence[ImportRequest]) -> cst.Module:
    """Return ``module`` with every request imported at module level."""
    for request in sorted(set(requests)):
        module = _add_import(module, request)
    return module


def _add_import(module: cst.Module, request: ImportRequest) -> cst.Module:
    body = list(module.body)
    for index, statement in enumerate(body):
        existing = single_import(statement)
        if existing is None or not _can_join(existing, request):
            continue
        assert isinstance(existing, cst.ImportFrom)
        if request.name in _plain_names(existing):
            return module
        joined = insert_import_alias(existing, request.name or "")
        line = statement.with_changes(body=[joined])
        body[index] = line
        return module.with_changes(body=body)
    if request.name is None and any(
        _imports_module(single_import(s), request.module) for s in body
    ):
        return module
    return module.with_changes(body=_insert_statement(body, request))


def _can_join(existing: cst.Import | cst.ImportFrom, request: ImportRequest) -> bool:
    return (
        request.name is not None
        and isinstance(existing, cst.ImportFrom)
        and not existing.relative
        and not isinstance(existing.names, cst.ImportStar)
        and existing.module is not None
        and dotted_name(existing.module) == request.module
    )


def _plain_names(statement: cst.ImportFrom) -> set[str]:
    assert not isinstance(statement.names, cst.ImportStar)
    return {
        dotted_name(alias.name) for alias in statement.names if alias.asname is None
    }


def _imports_module(statement: cst.Import | cst.ImportFrom | None, name: str) -> bool:
    if not isinstance(statement, cst.Import):
        return False
    return any(
        dotted_name(alias.name) == name and alias.asname is None
        for alias in statement.names
    )


def _insert_statement(body: list[Statement], request: ImportRequest) -> list[Statement]:
    new = request.statement()
    point = insertion_point(body, section_of(request.module), sort_key(new))
    if point.blank_line_before:
        new = new.with_changes(leading_lines=[cst.EmptyLine()])
    elif point.index < len(body) and point.take_leading_lines:
        following = body[point.index]
        new = new.with_changes(leading_lines=following.leading_lines)
        body[point.index] = following.with_changes(leading_lines=[])
    if point.blank_line_after and point.index < len(body):
        following = body[point.index]
        if not _starts_with_blank(following):
            lines = [cst.EmptyLine(), *following.leading_lines]
            body[point.index] = following.with_changes(leading_lines=lines)
    body.insert(point.index, new)
    return body


def _starts_with_blank(statement: Statement) -> bool:
    lines = statement.leading_lines
    return bool(lines) and lines[0].comment is None
