"""Fix for a banned API with a configured replacement: call the replacement."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from codemods.errors import FixSkipped
from codemods.fixes.base import Edit, RemovedName, Site
from codemods.placement import dotted_name
from codemods.spelling import Spelling


def fix_replacement(site: Site, spelling: Spelling, unsafe: bool) -> Edit:
    """Replace the banned callee or reference with the configured replacement.

    The fix cannot know the replacement's signature, so only a call without
    arguments is a safe fix. A call with arguments keeps them, and a
    reference that is not called may be called later with any arguments:
    both are unsafe fixes, made only with ``--unsafe-fixes``.
    """
    diagnostic = site.diagnostic
    replacement = diagnostic.replacement
    target = diagnostic.target
    if not replacement or not target:
        raise FixSkipped("no replacement is configured for this banned API")
    call = site.node if isinstance(site.node, cst.Call) and site.is_call else None
    risk = _argument_risk(call, target, replacement)
    if risk is not None and not unsafe:
        raise FixSkipped(risk.reason)
    old = site.node if call is None else call.func
    new = spelling.dotted(replacement)
    new = new.with_changes(lpar=old.lpar, rpar=old.rpar)
    removed = _removed_root(old, target)
    edited = new if call is None else call.with_changes(func=new)
    if risk is None:
        return Edit(edited, f"{target} -> {replacement}", removed)
    description = f"{target} -> {replacement} (unsafe)"
    return Edit(edited, description, removed, note=risk.note)


@dataclass(frozen=True)
class _ArgumentRisk:
    """Why the replacement may reject its arguments: the skip reason and the note."""

    reason: str
    note: str


def _argument_risk(
    call: cst.Call | None, target: str, replacement: str
) -> _ArgumentRisk | None:
    """Return the risk of the rewrite, or None for a call without arguments."""
    if call is None:
        return _ArgumentRisk(
            reason=(
                f"{target} is used as a value, not called here, so {replacement} "
                "would receive whatever its callers pass; rerun with "
                "--unsafe-fixes if it accepts those arguments"
            ),
            note=(
                f"{replacement} now receives whatever the callers of this value "
                "pass; check that it accepts those arguments"
            ),
        )
    if call.args:
        return _ArgumentRisk(
            reason=(
                f"the call passes arguments, which {replacement} would receive "
                "unchanged; rerun with --unsafe-fixes if it accepts them"
            ),
            note=(
                f"{replacement} receives the same arguments as {target} did; "
                "check that it accepts them"
            ),
        )
    return None


def _removed_root(old: cst.BaseExpression, target: str) -> tuple[RemovedName, ...]:
    """Name the import the old expression started from, if it is a plain chain.

    ``datetime.now`` resolved to ``datetime.datetime.now`` started from the
    name ``datetime`` bound to ``datetime.datetime``.
    """
    chain = dotted_name(old)
    if not chain:
        return ()
    root, *members = chain.split(".")
    target_parts = target.split(".")
    if members:
        if target_parts[-len(members) :] != members:
            return ()
        target_parts = target_parts[: -len(members)]
    if not target_parts:
        return ()
    return (RemovedName(root, ".".join(target_parts)),)
