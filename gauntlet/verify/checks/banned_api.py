"""The ``banned-api`` check: the solution calls none of the banned APIs.

It runs this project's own analyzer (``analyzers``) with a configuration made
from the check's parameters, so the names are resolved through imports and
aliases rather than matched as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzers.config import parse_config
from analyzers.engine import check_source
from gauntlet.verify.checks import register_check
from gauntlet.verify.context import CheckContext
from gauntlet.verify.errors import CannotJudgeError
from gauntlet.verify.result import CheckResult
from gauntlet.verify.sources import source_files


def banned_table(params: Mapping[str, Any]) -> dict[str, Any]:
    banned: Mapping[str, str] = params["banned"]
    return {
        "select": ["GTL001"],
        "banned-api": {name: {"message": message} for name, message in banned.items()},
    }


@register_check("banned-api")
def check_banned_api(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    """Fail on every call of a name in ``params["banned"]`` (dotted name -> why)."""
    if context.manifest.language != "python":
        raise CannotJudgeError(
            f"cannot read {context.manifest.language!r} sources for banned APIs; "
            "only Python is analysed"
        )
    config = parse_config(banned_table(params), str(context.manifest.path))
    findings: list[str] = []
    files = source_files(context.work, "python")
    for path in files:
        relative = str(path.relative_to(context.work))
        report = check_source(path.read_bytes(), relative, config)
        findings.extend(
            f"{relative}:{diagnostic.line} {diagnostic.target or diagnostic.message}"
            for diagnostic in report.diagnostics
            if diagnostic.symbol == "banned-api"
        )
    if findings:
        return CheckResult.fail(
            f"{len(findings)} banned calls: {'; '.join(findings[:5])}",
            findings=len(findings),
        )
    return CheckResult.ok(f"no banned call in {len(files)} files", findings=0)
