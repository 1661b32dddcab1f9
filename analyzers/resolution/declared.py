"""Names a function body binds, found before the body is walked.

Python decides at compile time that a name bound anywhere in a function is
local to the whole function, so the resolver needs the full list up front.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# Statement fields that hold nested statements.
BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def declared_names(
    body: Iterable[ast.AST], walrus: bool = True, annotations_bind: bool = True
) -> tuple[frozenset[str], set[str], set[str]]:
    """Return the local names, the ``global`` names and the ``nonlocal`` names.

    Only statements and their targets are visited, which is much cheaper than
    every expression. ``walrus`` requests a full search for ``:=`` targets
    too; callers that know the text has no ``:=`` pass False. With
    ``annotations_bind`` False, ``x: int`` without a value binds nothing,
    which is what matters for the attributes a class body sets.
    """
    bound: set[str] = set()
    global_names: set[str] = set()
    nonlocal_names: set[str] = set()
    stack = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.expr):
            if walrus:
                bound.update(walrus_targets(node))
            continue
        if isinstance(node, ast.Global):
            global_names.update(node.names)
        elif isinstance(node, ast.Nonlocal):
            nonlocal_names.update(node.names)
        elif annotations_bind or not (
            isinstance(node, ast.AnnAssign) and node.value is None
        ):
            bound.update(statement_bindings(node))
        if isinstance(node, NESTED_SCOPES):
            continue
        for field in BODIES:
            stack.extend(getattr(node, field, ()))
        if walrus:
            stack.extend(statement_expressions(node))
    locals_ = frozenset(bound - global_names - nonlocal_names)
    return locals_, global_names, nonlocal_names


def statement_bindings(node: ast.AST) -> list[str]:
    """Return the names one statement (or handler, or case) binds itself."""
    targets: list[ast.AST] = []
    if isinstance(node, ast.Assign):
        targets = list(node.targets)
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor)):
        targets = [node.target]
    elif isinstance(node, (ast.With, ast.AsyncWith)):
        targets = [item.optional_vars for item in node.items if item.optional_vars]
    elif isinstance(node, ast.Delete):
        targets = list(node.targets)
    elif isinstance(node, (ast.Import, ast.ImportFrom)):
        return import_binding_names(node)
    elif isinstance(node, ast.match_case):
        targets = [node.pattern]
    else:
        name = bound_name(node)
        if name is None and type(node).__name__ == "TypeAlias":
            name = getattr(getattr(node, "name", None), "id", None)
        return [] if name is None else [name]
    return [
        name
        for target in targets
        for child in ast.walk(target)
        if (name := bound_name(child)) is not None
    ]


def statement_expressions(node: ast.AST) -> list[ast.expr]:
    return [
        value
        for field, value in ast.iter_fields(node)
        if field not in BODIES and isinstance(value, ast.expr)
    ]


def walrus_targets(node: ast.expr) -> list[str]:
    return [
        child.target.id for child in ast.walk(node) if isinstance(child, ast.NamedExpr)
    ]


# Node types that bind a name, and the field holding it.
NAME_FIELDS: dict[type[ast.AST], str] = {
    ast.FunctionDef: "name",
    ast.AsyncFunctionDef: "name",
    ast.ClassDef: "name",
    ast.ExceptHandler: "name",
    ast.MatchAs: "name",
    ast.MatchStar: "name",
    ast.MatchMapping: "rest",
}


def bound_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return None if isinstance(node.ctx, ast.Load) else node.id
    if isinstance(node, ast.NamedExpr):
        return node.target.id
    field = NAME_FIELDS.get(type(node))
    if field is None:
        return None
    name = getattr(node, field)
    return name if isinstance(name, str) else None


def import_binding_names(node: ast.Import | ast.ImportFrom) -> list[str]:
    names = []
    for alias in node.names:
        if alias.name == "*":
            continue
        names.append(alias.asname or alias.name.split(".")[0])
    return names
