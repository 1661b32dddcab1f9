"""Every name a file binds, to keep an added name from colliding.

This is a collision check, not name resolution: what an expression refers
to comes from the analyzer's resolver through each diagnostic's ``target``.
A name counts as taken when it occurs anywhere in the file, in any scope.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class NameCensus:
    """Import bindings, other bindings and every identifier of one file."""

    imports: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    other_bindings: set[str] = field(default_factory=set)
    identifiers: set[str] = field(default_factory=set)
    star_modules: list[str] = field(default_factory=list)

    def import_target(self, name: str) -> str | None:
        """Return the dotted name ``name`` is bound to, if every binding agrees."""
        targets = self.imports.get(name)
        if not targets or len(targets) != 1 or name in self.other_bindings:
            return None
        return next(iter(targets))

    def local_name_for(self, dotted: str) -> str | None:
        """Return a name that is bound to ``dotted`` everywhere in the file."""
        for name in sorted(self.imports):
            if self.import_target(name) == dotted:
                return name
        return None

    def is_free(self, name: str) -> bool:
        """Tell whether ``name`` can be bound without shadowing anything."""
        return name not in self.identifiers and not self.star_modules


def take_census(tree: ast.Module) -> NameCensus:
    """Collect the bindings and identifiers of ``tree``."""
    census = NameCensus()
    for node in ast.walk(tree):
        _record(census, node)
    return census


def _record(census: NameCensus, node: ast.AST) -> None:
    if isinstance(node, ast.Import):
        for alias in node.names:
            local = alias.asname or alias.name.partition(".")[0]
            census.imports[local].add(alias.name if alias.asname else local)
            census.identifiers.add(local)
    elif isinstance(node, ast.ImportFrom):
        _record_from_import(census, node)
    elif isinstance(node, ast.Name):
        census.identifiers.add(node.id)
        if not isinstance(node.ctx, ast.Load):
            census.other_bindings.add(node.id)
    else:
        for name in _bound_names(node):
            census.identifiers.add(name)
            census.other_bindings.add(name)


def _record_from_import(census: NameCensus, node: ast.ImportFrom) -> None:
    module = node.module or ""
    for alias in node.names:
        if alias.name == "*":
            census.star_modules.append("." * node.level + module)
            continue
        local = alias.asname or alias.name
        census.identifiers.add(local)
        if node.level:
            census.other_bindings.add(local)
        else:
            census.imports[local].add(f"{module}.{alias.name}")


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# Nodes whose ``name`` (``rest`` for a mapping pattern) is optional; the type
# parameter nodes exist from Python 3.12 on.
_OPTIONAL_NAMES = tuple(
    getattr(ast, name)
    for name in (
        "ExceptHandler",
        "MatchAs",
        "MatchStar",
        "MatchMapping",
        "TypeVar",
        "ParamSpec",
        "TypeVarTuple",
    )
    if hasattr(ast, name)
)


def _bound_names(node: ast.AST) -> list[str]:
    """Names bound by definitions, parameters, handlers and patterns."""
    if isinstance(node, _DEFINITIONS):
        return [node.name]
    if isinstance(node, ast.arg):
        return [node.arg]
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        return list(node.names)
    if isinstance(node, _OPTIONAL_NAMES):
        field = "rest" if isinstance(node, ast.MatchMapping) else "name"
        name = getattr(node, field, None)
        return [name] if isinstance(name, str) else []
    return []
