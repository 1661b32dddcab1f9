"""Name resolution shared by every rule and by the fixes.

``Resolver`` walks an ``ast.Module``; :func:`resolve_module` is the short
form for callers that only want the results.
"""

from __future__ import annotations

import ast

from analyzers.resolution.resolver import Reference, ReferenceHandler, Resolver
from analyzers.resolution.scope import Subclass

__all__ = ["Reference", "ReferenceHandler", "Resolver", "Subclass", "resolve_module"]


def resolve_module(tree: ast.Module) -> Resolver:
    """Walk ``tree`` and return the resolver with its results.

    ``resolver.module_bindings()`` maps module-level names to dotted names
    (``{"dt": "datetime", "UTC": "datetime.UTC"}``), and
    ``resolver.resolved_at(node)`` returns the dotted name of a name or
    attribute chain in the tree, or None.

    >>> tree = ast.parse("import datetime as dt\\nstamp = dt.datetime.now()")
    >>> resolver = resolve_module(tree)
    >>> resolver.module_bindings()
    {'dt': 'datetime'}
    >>> call = tree.body[1].value
    >>> resolver.resolved_at(call.func)
    'datetime.datetime.now'
    """
    resolver = Resolver()
    resolver.run(tree)
    return resolver
