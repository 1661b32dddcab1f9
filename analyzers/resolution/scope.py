"""Scopes and the values the resolver binds names to."""

from __future__ import annotations

import dataclasses
import enum


class Marker(enum.Enum):
    """Values that are not dotted names."""

    # Bound, but to something the resolver cannot name (a parameter, a loop
    # variable, the result of a call). Uses of it are never reported.
    UNKNOWN = "unknown"
    # Not bound in any enclosing scope: a builtin or an undefined name.
    MISSING = "missing"


UNKNOWN = Marker.UNKNOWN
MISSING = Marker.MISSING


@dataclasses.dataclass(frozen=True)
class Subclass:
    """A class defined in the file whose first resolvable base is ``base``.

    ``own_names`` are the names its body binds: those attributes are its own
    and no longer resolve to the base's members.
    """

    base: str
    own_names: frozenset[str]


Value = str | Subclass | Marker


def merge(first: Value, second: Value) -> Value:
    """Combine the values a name may have after two branches of control flow."""
    return first if first == second else UNKNOWN


@dataclasses.dataclass
class Scope:
    """One Python scope while the resolver walks it.

    ``declared`` lists the names that are local to a function body wherever
    they are bound in it, so a use before the binding is not resolved through
    an enclosing scope. ``opaque`` is set by a star import of a module whose
    exports are unknown: after it, any name may have come from that module.
    """

    kind: str  # "module", "class", "function", "lambda", "comprehension", "type"
    bindings: dict[str, Value] = dataclasses.field(default_factory=dict)
    declared: frozenset[str] = frozenset()
    globals: set[str] = dataclasses.field(default_factory=set)
    nonlocals: set[str] = dataclasses.field(default_factory=set)
    opaque: bool = False

    @property
    def is_function_like(self) -> bool:
        return self.kind in ("function", "lambda", "comprehension", "type")
