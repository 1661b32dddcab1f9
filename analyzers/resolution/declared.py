"""Names a function body binds, found before the body is walked.

Python decides at compile time that a name bound anywhere in a function is
local to the whole function, so the resolver needs the full list up front.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


def declared_names(
    body: Iterable[ast.AST],
) -> tuple[frozenset[str], set[str], set[str]]:
    """Return the local names, the ``global`` names and the ``nonlocal`` names."""
    bound: set[str] = set()
    global_names: set[str] = set()
    nonlocal_names: set[str] = set()
    stack = list(body)
    while stack:
        node = stack.pop()
        name = bound_name(node)
        if name is not None:
            bound.add(name)
        if isinstance(node, ast.Global):
            global_names.update(node.names)
        elif isinstance(node, ast.Nonlocal):
            nonlocal_names.update(node.names)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update(import_binding_names(node))
        if isinstance(node, NESTED_SCOPES):
            # Only their decorators, defaults and bases run in this scope, and
            # those rarely bind names (a walrus there is the only way).
            continue
        if isinstance(node, COMPREHENSIONS):
            continue
        stack.extend(ast.iter_child_nodes(node))
    locals_ = frozenset(bound - global_names - nonlocal_names)
    return locals_, global_names, nonlocal_names


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
