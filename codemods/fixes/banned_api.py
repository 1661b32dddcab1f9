"""Fix for a banned API with a configured replacement: call the replacement."""

from __future__ import annotations

import libcst as cst

from codemods.errors import FixSkipped
from codemods.fixes.base import Edit, RemovedName, Site
from codemods.placement import dotted_name
from codemods.spelling import Spelling


def fix_replacement(site: Site, spelling: Spelling, unsafe: bool) -> Edit:
    """Replace the banned callee or reference with the configured replacement.

    The arguments of a call are kept as they are, so the replacement must
    accept them; that is what configuring a replacement promises.
    """
    diagnostic = site.diagnostic
    replacement = diagnostic.replacement
    if not replacement or not diagnostic.target:
        raise FixSkipped("no replacement is configured for this banned API")
    old = (
        site.node.func
        if isinstance(site.node, cst.Call) and site.is_call
        else site.node
    )
    new = spelling.dotted(replacement)
    new = new.with_changes(lpar=old.lpar, rpar=old.rpar)
    removed = _removed_root(old, diagnostic.target)
    if isinstance(site.node, cst.Call) and site.is_call:
        edited: cst.BaseExpression = site.node.with_changes(func=new)
    else:
        edited = new
    return Edit(edited, f"{diagnostic.target} -> {replacement}", removed)


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
