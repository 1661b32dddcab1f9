"""What a fix receives and returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import libcst as cst

from codemods.spelling import Spelling


class FixableDiagnostic(Protocol):
    """The fields of ``analyzers.diagnostic.Diagnostic`` that fixes read."""

    @property
    def path(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...
    @property
    def end_line(self) -> int: ...
    @property
    def end_column(self) -> int: ...
    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def target(self) -> str | None: ...
    @property
    def fixable(self) -> bool: ...
    @property
    def fix_kind(self) -> str | None: ...
    @property
    def replacement(self) -> str | None: ...


@dataclass(frozen=True)
class Site:
    """The reported expression: a call, or a reference that is not called.

    ``node`` is the call when the reported expression is called, else the
    reference itself; it already contains the edits of fixes nested in it.
    """

    diagnostic: FixableDiagnostic
    node: cst.BaseExpression
    is_call: bool


@dataclass(frozen=True)
class RemovedName:
    """A reference to an imported name that a fix took out of the code."""

    local: str
    dotted: str


@dataclass(frozen=True)
class Edit:
    """The expression that replaces a site, and what the fix did.

    ``written`` lists the dotted names the replacement uses that the fix
    spelled itself, such as ``datetime.datetime.now`` after renaming
    ``utcnow``; names spelled through ``Spelling`` are recorded there.
    """

    replacement: cst.BaseExpression
    description: str
    removed: tuple[RemovedName, ...] = field(default=())
    note: str | None = None
    written: tuple[str, ...] = field(default=())


class Fix(Protocol):
    """Rewrite one site; raise ``FixSkipped`` with the reason when unsafe."""

    def __call__(self, site: Site, spelling: Spelling, unsafe: bool) -> Edit: ...


FixFunction = Callable[[Site, Spelling, bool], Edit]
