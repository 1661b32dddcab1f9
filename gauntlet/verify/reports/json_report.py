"""The JSON report, also the format the inner verifier hands its results back in."""

from __future__ import annotations

import json
from typing import Any

from gauntlet.verify.result import ConstraintResult, RungReport, SandboxInfo, Status
from gauntlet.verify.rungs import get_rung

FORMAT_VERSION = 1


def jsonable(value: Any) -> Any:
    """Turn tuples and mapping proxies in check parameters into JSON values."""
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(item) for item in value]
    return value


def result_to_dict(result: ConstraintResult) -> dict[str, Any]:
    constraint = result.constraint
    return {
        "id": constraint.id,
        "summary": constraint.summary,
        "check": constraint.check,
        "threshold": constraint.threshold,
        "status": result.status.value,
        "message": result.message,
        "seconds": round(result.seconds, 4),
        "measurements": jsonable(result.measurements),
    }


def report_to_dict(report: RungReport) -> dict[str, Any]:
    sandbox = None
    if report.sandbox is not None:
        sandbox = {
            "isolation": report.sandbox.isolation,
            "network": report.sandbox.network,
            "filesystem": report.sandbox.filesystem,
            "process_limit": report.sandbox.process_limit,
            "wall_seconds": report.sandbox.wall_seconds,
            "memory_bytes": report.sandbox.memory_bytes,
        }
    return {
        "format_version": FORMAT_VERSION,
        "rung": report.rung,
        "title": report.title,
        "solution": report.solution,
        "exit_code": report.exit_code,
        "seconds": round(report.seconds, 4),
        "sandbox": sandbox,
        "constraints": [result_to_dict(result) for result in report.results],
    }


def report_from_dict(data: dict[str, Any]) -> RungReport:
    """Rebuild a report from ``report_to_dict`` output."""
    rung = get_rung(data["rung"])
    constraints = {constraint.id: constraint for constraint in rung.constraints}
    results = tuple(
        ConstraintResult(
            constraint=constraints[item["id"]],
            status=Status(item["status"]),
            message=item["message"],
            seconds=item["seconds"],
            measurements=item["measurements"],
        )
        for item in data["constraints"]
    )
    sandbox = SandboxInfo(**data["sandbox"]) if data["sandbox"] else None
    return RungReport(
        rung=data["rung"],
        title=data["title"],
        solution=data["solution"],
        sandbox=sandbox,
        results=results,
        seconds=data["seconds"],
    )


def render_json(report: RungReport) -> str:
    return json.dumps(report_to_dict(report), indent=2)
