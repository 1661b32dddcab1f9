"""Rungs, their constraints and the options a solution's manifest may set."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Constraint:
    """One measurable demand of a rung.

    An automatic constraint names a registered check and the parameters it runs
    with; ``threshold`` restates the limit for people. A manual constraint has
    no check and gives the reason a machine cannot judge it.
    """

    id: str
    summary: str
    check: str | None = None
    params: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    threshold: str | None = None
    manual_reason: str | None = None

    def __post_init__(self) -> None:
        if (self.check is None) == (self.manual_reason is None):
            raise ValueError(
                f"constraint {self.id!r} needs exactly one of check= or manual_reason="
            )

    @property
    def automatic(self) -> bool:
        return self.check is not None


def automatic(
    id: str,
    summary: str,
    check: str,
    threshold: str | None = None,
    **params: Any,
) -> Constraint:
    """Build an automatic constraint run by the check named ``check``."""
    return Constraint(
        id=id,
        summary=summary,
        check=check,
        params=MappingProxyType(dict(params)),
        threshold=threshold,
    )


def manual(id: str, summary: str, reason: str) -> Constraint:
    """Build a constraint that people judge, with the reason a check cannot."""
    return Constraint(id=id, summary=summary, manual_reason=reason)


NOT_BUILT = "the check for this constraint is not built yet"


@dataclass(frozen=True)
class Option:
    """A setting a solution may put under ``[options]`` in its manifest."""

    name: str
    type: type
    default: Any
    help: str


@dataclass(frozen=True)
class Rung:
    """One challenge of the ladder and everything the verifier checks on it.

    ``commands`` names the ``[commands]`` entries a manifest may give for this
    rung (any other name is rejected) and ``options`` the ``[options]`` keys.
    """

    number: int
    slug: str
    title: str
    asks: str
    constraints: tuple[Constraint, ...]
    commands: frozenset[str] = frozenset({"test"})
    options: tuple[Option, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def option_defaults(self) -> dict[str, Any]:
        return {option.name: option.default for option in self.options}
