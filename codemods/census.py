"""Every name a file binds, to keep an added name from colliding.

This is a collision check, not name resolution: what a module-level name is
bound to comes from the analyzer's resolver (``module_bindings``), and the
census only confirms that no other scope rebinds it. A name counts as taken
when it occurs anywhere in the file, in any scope.
"""

from __future__ import annotations

import ast
from collections import Counter, defaultdict
from dataclasses import dataclass, field


@dataclass
class NameCensus:
    """Import bindings, other bindings and every identifier of one file."""

    module_bindings: dict[str, str] = field(default_factory=dict)
    imports: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    other_bindings: set[str] = field(default_factory=set)
    binding_counts: Counter[str] = field(default_factory=Counter)
    identifiers: set[str] = field(default_factory=set)
    star_modules: list[str] = field(default_factory=list)
    # Dotted names of the plain ``import a.b`` statements at the top level.
    top_level_imports: set[str] = field(default_factory=set)

    def local_name_for(self, dotted: str) -> str | None:
        """Return a name that is bound to ``dotted`` everywhere in the file.

        The resolver must bind it at module level, and every other binding
        of the name in any scope must be an import of the same dotted name.
        """
        for name, value in sorted(self.module_bindings.items()):
            if value != dotted:
                continue
            imports_agree = self.imports.get(name, set()) <= {dotted}
            if imports_agree and name not in self.other_bindings:
                return name
            if self.binding_counts[name] == 1:
                return name
        return None

    def imports_submodule(self, module: str) -> bool:
        """Tell whether ``module`` can be spelled in full, as ``a.b``.

        That needs ``import a.b`` at the top level, which loads ``a.b``, and
        the name ``a`` bound to the package ``a`` everywhere in the file.
        """
        top = module.partition(".")[0]
        return module in self.top_level_imports and self.local_name_for(top) == top

    def is_free(self, name: str) -> bool:
        """Tell whether ``name`` can be bound without shadowing anything."""
        return name not in self.identifiers and not self.star_modules


def take_census(tree: ast.Module, module_bindings: dict[str, str]) -> NameCensus:
    """Collect the bindings and identifiers of ``tree``.

    ``module_bindings`` are the resolver's module-level names and their
    dotted names.
    """
    census = NameCensus(module_bindings=module_bindings)
    for node in ast.walk(tree):
        _record(census, node)
    for statement in tree.body:
        if isinstance(statement, ast.Import):
            names = {alias.name for alias in statement.names if alias.asname is None}
            census.top_level_imports |= names
    return census


def _record(census: NameCensus, node: ast.AST) -> None:
    if isinstance(node, ast.Import):
        for alias in node.names:
            local = alias.asname or alias.name.partition(".")[0]
            census.imports[local].add(alias.name if alias.asname else local)
            census.identifiers.add(local)
            census.binding_counts[local] += 1
    elif isinstance(node, ast.ImportFrom):
        _record_from_import(census, node)
    elif isinstance(node, ast.Name):
        census.identifiers.add(node.id)
        if not isinstance(node.ctx, ast.Load):
            census.other_bindings.add(node.id)
            census.binding_counts[node.id] += 1
    else:
        for name in _bound_names(node):
            census.identifiers.add(name)
            census.other_bindings.add(name)
            census.binding_counts[name] += 1


def _record_from_import(census: NameCensus, node: ast.ImportFrom) -> None:
    module = node.module or ""
    for alias in node.names:
        if alias.name == "*":
            census.star_modules.append("." * node.level + module)
            continue
        local = alias.asname or alias.name
        census.identifiers.add(local)
        census.binding_counts[local] += 1
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
