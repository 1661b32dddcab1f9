"""The report for people: one line per constraint and a summary."""

from __future__ import annotations

import textwrap

from gauntlet.verify.result import RungReport, Status

LABELS = {
    Status.PASSED: "PASS",
    Status.FAILED: "FAIL",
    Status.ERROR: "ERROR",
    Status.MANUAL: "MANUAL",
}
WIDTH = 88


def render_table(report: RungReport) -> str:
    lines = [f"rung {report.rung} {report.title}: {report.solution}"]
    if report.sandbox is not None:
        sandbox = report.sandbox
        lines.append(
            f"sandbox: {sandbox.isolation}; network: {sandbox.network}; "
            f"filesystem: {sandbox.filesystem}; processes: {sandbox.process_limit}"
        )
    width = max((len(result.constraint.id) for result in report.results), default=0)
    for result in report.results:
        label = LABELS[result.status]
        lines.append(f"  {label:<6} {result.constraint.id:<{width}}  {result.message}")
        if result.status is Status.FAILED and result.constraint.threshold:
            indent = " " * (9 + width + 2)
            lines.extend(
                textwrap.wrap(
                    f"limit: {result.constraint.threshold}",
                    WIDTH,
                    initial_indent=indent,
                    subsequent_indent=indent,
                )
            )
    counts = {status: 0 for status in Status}
    for result in report.results:
        counts[result.status] += 1
    lines.append(
        f"{counts[Status.PASSED]} passed, {counts[Status.FAILED]} failed, "
        f"{counts[Status.ERROR]} could not run, {counts[Status.MANUAL]} manual "
        f"in {report.seconds:.1f} s"
    )
    return "\n".join(lines)
