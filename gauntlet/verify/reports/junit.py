"""The JUnit XML report: one test suite per rung, one test case per constraint."""

from __future__ import annotations

from xml.etree import ElementTree

from gauntlet.verify.result import ConstraintResult, RungReport, Status


def add_properties(suite: ElementTree.Element, report: RungReport) -> None:
    if report.sandbox is None:
        return
    properties = ElementTree.SubElement(suite, "properties")
    for name in ("isolation", "network", "filesystem", "process_limit"):
        ElementTree.SubElement(
            properties,
            "property",
            name=f"sandbox.{name}",
            value=str(getattr(report.sandbox, name)),
        )


def add_case(
    suite: ElementTree.Element, report: RungReport, result: ConstraintResult
) -> None:
    case = ElementTree.SubElement(
        suite,
        "testcase",
        classname=f"gauntlet.verify.rung{report.rung:02d}",
        name=result.constraint.id,
        time=f"{result.seconds:.3f}",
    )
    if result.status is Status.FAILED:
        node = ElementTree.SubElement(case, "failure", message=result.message)
        node.text = result.constraint.threshold or result.constraint.summary
    elif result.status is Status.ERROR:
        ElementTree.SubElement(case, "error", message=result.message)
    elif result.status is Status.MANUAL:
        ElementTree.SubElement(case, "skipped", message=result.message)
    else:
        ElementTree.SubElement(case, "system-out").text = result.message


def render_junit(report: RungReport) -> str:
    """Render ``report`` as JUnit XML; manual constraints are skipped test cases."""
    counts = {status: 0 for status in Status}
    for result in report.results:
        counts[result.status] += 1
    suites = ElementTree.Element("testsuites")
    suite = ElementTree.SubElement(
        suites,
        "testsuite",
        name=f"rung {report.rung}: {report.title}",
        tests=str(len(report.results)),
        failures=str(counts[Status.FAILED]),
        errors=str(counts[Status.ERROR]),
        skipped=str(counts[Status.MANUAL]),
        time=f"{report.seconds:.3f}",
    )
    add_properties(suite, report)
    for result in report.results:
        add_case(suite, report, result)
    ElementTree.indent(suites)
    return ElementTree.tostring(suites, encoding="unicode", xml_declaration=True)
