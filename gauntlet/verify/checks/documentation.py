"""The ``failure-modes-documented`` check: a document lists the failure modes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from gauntlet.verify.checks import register_check
from gauntlet.verify.context import CheckContext
from gauntlet.verify.result import CheckResult

HEADING = re.compile(r"^#{1,6}\s.*failure modes?\b", re.IGNORECASE | re.MULTILINE)
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S")
TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}")


def count_entries(text: str) -> int:
    """Count list items and table body rows (header and separator rows left out)."""
    lines = text.splitlines()
    entries = sum(1 for line in lines if LIST_ITEM.match(line))
    table_rows = sum(1 for line in lines if line.lstrip().startswith("|"))
    separators = sum(1 for line in lines if TABLE_SEPARATOR.match(line))
    return entries + table_rows - 2 * separators


@register_check("failure-modes-documented")
def check_failure_modes_documented(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Find a Markdown heading on failure modes and at least ``min_entries`` entries."""
    relative = str(context.options["failure_modes_doc"])
    path = (context.manifest.path.parent / relative).resolve()
    minimum = int(params["min_entries"])
    if not path.is_file():
        return CheckResult.fail(
            f"no failure-mode document at {relative!r}; set options.failure_modes_doc"
        )
    text = path.read_text(encoding="utf-8", errors="replace")
    if HEADING.search(text) is None:
        return CheckResult.fail(f"{path.name} has no heading on failure modes")
    entries = count_entries(text)
    if entries < minimum:
        return CheckResult.fail(
            f"{path.name} lists {entries} failure modes, fewer than {minimum}",
            entries=entries,
        )
    return CheckResult.ok(f"{path.name} lists {entries} failure modes", entries=entries)
