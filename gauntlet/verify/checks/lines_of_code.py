"""The ``lines-of-code`` check: the solution's size in lines of code."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gauntlet.verify.checks import register_check
from gauntlet.verify.context import CheckContext
from gauntlet.verify.result import CheckResult
from gauntlet.verify.sources import code_lines, source_files


@register_check("lines-of-code")
def check_lines_of_code(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Count code lines over every source file; ``max_lines`` is the limit.

    Blank lines, comments and (in Python) docstrings do not count; tests and
    every other source file of the solution's language do.
    """
    limit = int(params["max_lines"])
    language = context.manifest.language
    files = source_files(context.work, language)
    counts = {
        str(path.relative_to(context.work)): code_lines(path, language)
        for path in files
    }
    total = sum(counts.values())
    largest = sorted(counts.items(), key=lambda item: -item[1])[:3]
    detail = ", ".join(f"{name} {lines}" for name, lines in largest)
    message = f"{total} lines of code in {len(files)} {language} files ({detail})"
    if total > limit:
        return CheckResult.fail(
            f"{message}: {total - limit} over the limit of {limit}",
            lines=total,
            files=len(files),
            limit=limit,
        )
    return CheckResult.ok(message, lines=total, files=len(files), limit=limit)
