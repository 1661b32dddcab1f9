"""The shipped example project, as the README's first command lints it."""

from __future__ import annotations

import json

from tests.analyzers.conftest import run_gauntlet

PROJECT = "fixtures/projects/shop"


def findings() -> set[tuple[str, int, str, str]]:
    result = run_gauntlet("lint", "--no-cache", "--format", "json", PROJECT)
    assert result.returncode == 1, result.stderr
    return {
        (d["path"].rsplit("/", 1)[-1], d["line"], d["code"], d["target"])
        for d in json.loads(result.stdout)["diagnostics"]
    }


def test_example_project_findings() -> None:
    found = findings()
    expected = {
        ("orders.py", 17, "GTL001", "datetime.datetime.now"),  # module alias
        ("orders.py", 17, "GTL102", "datetime.datetime.now"),
        ("orders.py", 12, "GTL001", "datetime.datetime.utcnow"),  # reference
        ("billing.py", 11, "GTL103", "datetime.datetime.utcnow"),  # from-import as
        ("billing.py", 15, "GTL001", "time.time"),
        ("reports.py", 9, "GTL108", "datetime.date.today"),
        ("reports.py", 13, "GTL107", "datetime.datetime.strptime"),
    }
    assert expected <= found


def test_example_clock_wrapper_allowed() -> None:
    files = {path for path, *_ in findings()}
    assert "clock.py" not in files
    assert "schedule.py" not in files


def test_example_aware_chains_not_reported() -> None:
    lines = {line for path, line, *_ in findings() if path == "reports.py"}
    assert lines == {9, 13}


def test_example_text_output_exits_one() -> None:
    result = run_gauntlet("lint", "--no-cache", PROJECT)
    assert result.returncode == 1
    assert (
        "orders.py:17:21: GTL001 [*] `datetime.datetime.now` is banned" in result.stdout
    )
