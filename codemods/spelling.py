"""Spell a dotted name with what the file already imports, or add an import."""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from codemods.census import NameCensus
from codemods.errors import FixSkipped
from codemods.imports import ImportRequest


@dataclass
class Spelling:
    """Expressions for one fix, and the imports they need.

    A fix works on its own ``Spelling``; the engine adds ``requests`` to the
    file only if the fix is made. ``written`` lists the dotted names of the
    expressions returned, so the engine can check them against the bans.
    """

    census: NameCensus
    python311: bool
    utc_aliases: tuple[str, ...] = ()
    requests: list[ImportRequest] = field(default_factory=list)
    written: list[str] = field(default_factory=list)

    def utc(self) -> cst.BaseExpression:
        """Return an expression for the UTC ``tzinfo``.

        ``datetime.UTC`` exists from Python 3.11 on, so a lower
        ``target-version`` gets ``timezone.utc`` instead.
        """
        for alias in ("datetime.UTC", "datetime.timezone.utc", *self.utc_aliases):
            local = self.census.local_name_for(alias)
            if local is not None:
                self.written.append(alias)
                return cst.Name(local)
        timezone = self.census.local_name_for("datetime.timezone")
        if timezone is not None:
            self.written.append("datetime.timezone.utc")
            return cst.parse_expression(f"{timezone}.utc")
        member = "UTC" if self.python311 else "timezone.utc"
        self.written.append(f"datetime.{member}")
        module = self.census.local_name_for("datetime")
        if module is not None:
            return cst.parse_expression(f"{module}.{member}")
        if self.python311:
            return self._import_member("datetime", "UTC")
        return cst.Attribute(
            value=self._import_member("datetime", "timezone"), attr=cst.Name("utc")
        )

    def dotted(self, dotted: str) -> cst.BaseExpression:
        """Return an expression for ``dotted``, importing it when needed.

        An import the file already has is reused in its own style, so that
        ``import billing.clock`` gives ``billing.clock.now`` and not a second
        import ``from billing.clock import now``.
        """
        self.written.append(dotted)
        local = self.census.local_name_for(dotted)
        if local is not None:
            return cst.Name(local)
        parent, _, member = dotted.rpartition(".")
        if not parent:
            raise FixSkipped(f"cannot import {dotted!r}: it has no module part")
        module = self.census.local_name_for(parent)
        if module is not None:
            return cst.parse_expression(f"{module}.{member}")
        top = parent.partition(".")[0]
        if self.census.imports_submodule(parent):
            return cst.parse_expression(dotted)
        if self.census.is_free(member):
            return self._import_member(parent, member)
        if self.census.is_free(top):
            self.requests.append(ImportRequest(parent))
            return cst.parse_expression(dotted)
        raise FixSkipped(
            f"both {member!r} and {top!r} are already names in this file; "
            f"import {dotted!r} under a free name and rerun"
        )

    def _import_member(self, module: str, member: str) -> cst.Name:
        if not self.census.is_free(member):
            raise FixSkipped(
                f"{member!r} is already a name in this file but not "
                f"{module}.{member}; import it under another name and rerun"
            )
        self.requests.append(ImportRequest(module, member))
        return cst.Name(member)
