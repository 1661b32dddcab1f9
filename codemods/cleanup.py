"""Remove an import that a fix left unused.

Only the binding a fix stopped using is a candidate: a top-level import of
that name to that dotted name. It goes only when nothing else in the file
mentions the name, counting strings too (``__all__``, string annotations),
and never in ``__init__.py``, where imports are often re-exports.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Sequence
from pathlib import PurePath

import libcst as cst

from codemods.fixes import RemovedName
from codemods.layout import comments_in
from codemods.placement import Statement, dotted_name, single_import

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def remove_unused_imports(
    module: cst.Module, removed: Iterable[RemovedName], path: str
) -> cst.Module:
    """Return ``module`` without the imports of ``removed`` names left unused."""
    candidates = set(removed)
    if not candidates or PurePath(path).name == "__init__.py":
        return module
    used = _used_names(module)
    body: list[Statement | None] = list(module.body)
    for removed_name in sorted(candidates, key=lambda r: (r.local, r.dotted)):
        if removed_name.local in used:
            continue
        body = [_without(statement, removed_name) for statement in body]
    return module.with_changes(body=_close_gaps(list(module.body), body))


def _close_gaps(
    before: list[Statement], after: list[Statement | None]
) -> list[Statement]:
    """Drop removed lines and keep the blank lines around them sensible.

    The line after a removed first line loses its leading blank lines; a line
    that follows a removed one takes over its leading lines when it has none,
    so the blank line between two import groups stays.
    """
    kept: list[Statement] = []
    carried: Sequence[cst.EmptyLine] | None = None
    for original, edited in zip(before, after, strict=True):
        if edited is None:
            if carried is None:
                carried = original.leading_lines
            continue
        if carried is None:
            kept.append(edited)
            continue
        kept.append(_with_carried_lines(edited, carried, first=not kept))
        carried = None
    return kept


def _with_carried_lines(
    statement: Statement, carried: Sequence[cst.EmptyLine], first: bool
) -> Statement:
    lines = list(statement.leading_lines)
    if first:
        while lines and lines[0].comment is None:
            lines.pop(0)
    elif not lines:
        lines = list(carried)
    return statement.with_changes(leading_lines=lines)


def _used_names(module: cst.Module) -> set[str]:
    """Names the code mentions outside import statements."""
    tree = ast.parse(module.code)
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            used.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            used.update(_WORD.findall(node.value))
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            used.update(node.names)
    return used


def _without(statement: Statement | None, removed: RemovedName) -> Statement | None:
    if statement is None:
        return None
    small = single_import(statement)
    if small is None or isinstance(small.names, cst.ImportStar):
        return statement
    if isinstance(small, cst.ImportFrom) and (small.relative or small.module is None):
        return statement
    keep = [alias for alias in small.names if not _binds(small, alias, removed)]
    if len(keep) == len(small.names):
        return statement
    if not keep:
        # Removing the line must not remove a comment written on it.
        return None if not comments_in(statement) else statement
    return _with_aliases(statement, small, keep)


def _with_aliases(
    statement: Statement,
    small: cst.Import | cst.ImportFrom,
    keep: list[cst.ImportAlias],
) -> Statement:
    assert not isinstance(small.names, cst.ImportStar)
    keep[-1] = keep[-1].with_changes(comma=small.names[-1].comma)
    edited = statement.with_changes(body=[small.with_changes(names=keep)])
    if comments_in(edited) != comments_in(statement):
        return statement
    return edited


def _binds(
    statement: cst.Import | cst.ImportFrom, alias: cst.ImportAlias, removed: RemovedName
) -> bool:
    name = dotted_name(alias.name)
    asname = alias.asname
    local_alias = (
        dotted_name(asname.name)
        if asname and isinstance(asname.name, cst.Name)
        else None
    )
    if isinstance(statement, cst.Import):
        local = local_alias or name.partition(".")[0]
        dotted = name if local_alias else local
    else:
        assert statement.module is not None
        local = local_alias or name
        dotted = f"{dotted_name(statement.module)}.{name}"
    return local == removed.local and dotted == removed.dotted
