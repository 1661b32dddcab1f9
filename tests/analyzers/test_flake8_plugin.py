"""The flake8 plugin, run by real flake8 in a subprocess on fixture projects."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from analyzers.config import load_config
from analyzers.engine import check_source
from tests.analyzers.plugin_cases import (
    Expected,
    copy_project,
    expected_from_examples,
    expected_reports,
    write_rule_examples,
)

REPORT = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<code>\w+) (?P<text>.*)$"
)
CHECKED_FILES = ("app/clock_reads.py", "app/inferred.py", "app/suppressed.py")


def run_flake8(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run flake8; pass --isolated to keep any flake8 configuration file out."""
    return subprocess.run(
        [sys.executable, "-m", "flake8", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def parse_reports(output: str) -> list[dict[str, str]]:
    reports = []
    for line in output.splitlines():
        match = REPORT.match(line)
        assert match is not None, f"unexpected flake8 output line: {line!r}"
        report = match.groupdict()
        report["path"] = Path(report["path"]).as_posix().removeprefix("./")
        reports.append(report)
    return reports


def gtl_reports(output: str) -> Expected:
    return {
        (report["path"], int(report["line"]), report["code"])
        for report in parse_reports(output)
        if report["code"].startswith("GTL")
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def test_plugin_registered_with_flake8(project: Path) -> None:
    result = run_flake8(project, "--version")

    assert result.returncode == 0, result.stderr
    assert "micro-gauntlet" in result.stdout


def test_flake8_reports_marked_codes(project: Path) -> None:
    result = run_flake8(project, "--isolated", "--select", "GTL", *CHECKED_FILES)

    assert result.returncode == 1, result.stderr
    assert gtl_reports(result.stdout) == expected_reports(project, CHECKED_FILES)


def test_flake8_matches_gauntlet_lint(project: Path) -> None:
    path = "app/clock_reads.py"
    result = run_flake8(project, "--isolated", "--select", "GTL", path)
    config = load_config([project / path])
    core = check_source((project / path).read_bytes(), str(project / path), config)

    reported = [
        (int(r["line"]), int(r["column"]), r["code"], r["text"])
        for r in parse_reports(result.stdout)
    ]
    expected = [(d.line, d.column, d.code, d.message) for d in core.diagnostics]
    assert reported == expected


def test_flake8_columns_count_characters(project: Path) -> None:
    result = run_flake8(
        project, "--isolated", "--select", "GTL102", "app/clock_reads.py"
    )

    accented = [r for r in parse_reports(result.stdout) if r["line"] == "20"]
    # ``café = {"heure": datetime.now()}``: the call starts at character 18,
    # byte 19, because "é" takes two bytes in UTF-8.
    assert [r["column"] for r in accented] == ["18"]


def test_flake8_noqa_on_first_and_last_line(project: Path) -> None:
    result = run_flake8(project, "--isolated", "--select", "GTL", "app/suppressed.py")

    assert gtl_reports(result.stdout) == {("app/suppressed.py", 6, "GTL103")}


def test_flake8_disable_noqa_reports_all(project: Path) -> None:
    result = run_flake8(
        project,
        "--isolated",
        "--disable-noqa",
        "--select",
        "GTL103",
        "app/suppressed.py",
    )

    lines = sorted(line for _, line, _ in gtl_reports(result.stdout))
    assert lines == [5, 6, 7, 9]


def test_flake8_reports_unused_noqa(project: Path) -> None:
    (project / "app" / "stale.py").write_text(
        "import os\n\npath = os.sep  # noqa: GTL102\n"
    )

    result = run_flake8(project, "--isolated", "--select", "GTL", "app/stale.py")

    reports = parse_reports(result.stdout)
    assert [(r["line"], r["code"]) for r in reports] == [("3", "GTL901")]
    assert "GTL102" in reports[0]["text"]


def test_flake8_honours_banned_api_config(project: Path) -> None:
    result = run_flake8(project, "--isolated", "--select", "GTL001", "app", "wrappers")

    sleeps = [r for r in parse_reports(result.stdout) if "time.sleep" in r["text"]]
    assert [(r["path"], r["line"]) for r in sleeps] == [("app/clock_reads.py", "21")]
    assert (
        sleeps[0]["text"]
        == "`time.sleep` is banned: wait through the injected scheduler"
    )


def test_flake8_gauntlet_config_option(project: Path) -> None:
    result = run_flake8(
        project,
        "--isolated",
        "--select",
        "GTL",
        "--gauntlet-config",
        "../other-config.toml",
        "app/clock_reads.py",
    )

    codes = {code for _, _, code in gtl_reports(result.stdout)}
    assert "GTL001" not in codes
    assert "GTL102" in codes


def test_flake8_gauntlet_config_from_flake8_config(project: Path) -> None:
    (project / ".flake8").write_text(
        "[flake8]\ngauntlet-config = ../other-config.toml\n"
    )

    result = run_flake8(project, "--select", "GTL", "app/clock_reads.py")

    codes = {code for _, _, code in gtl_reports(result.stdout)}
    assert "GTL001" not in codes
    assert "GTL102" in codes


def test_flake8_missing_gauntlet_config(project: Path) -> None:
    result = run_flake8(
        project, "--isolated", "--gauntlet-config", "missing.toml", "app/clock_reads.py"
    )

    assert result.returncode == 1
    assert "missing.toml" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_flake8_invalid_config_reported(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.gauntlet]\npresetz = ["clock"]\n')

    result = run_flake8(project, "--isolated", "--select", "GTL", "app/clock_reads.py")

    reports = parse_reports(result.stdout)
    assert [(r["line"], r["code"]) for r in reports] == [("1", "GTL000")]
    assert "tool.gauntlet.presetz" in reports[0]["text"]
    assert "Traceback" not in result.stderr


def test_flake8_syntax_error_file(project: Path) -> None:
    result = run_flake8(project, "--isolated", "--select", "GTL,E999", "app")

    reports = parse_reports(result.stdout)
    broken = [(r["path"], r["code"]) for r in reports if r["path"] == "app/broken.py"]
    assert broken == [("app/broken.py", "E999")]
    assert any(r["path"] == "app/clock_reads.py" for r in reports)
    assert "Traceback" not in result.stderr


def test_flake8_rule_examples(tmp_path: Path) -> None:
    written = write_rule_examples(tmp_path)

    result = run_flake8(tmp_path, "--isolated", "--select", "GTL", ".")

    reported = {
        item for item in gtl_reports(result.stdout) if item[2] == written[item[0]].code
    }
    assert reported == expected_from_examples(tmp_path, written)
    assert result.stderr == ""


def test_flake8_skips_excluded_files(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace(
            "[tool.gauntlet]\n", '[tool.gauntlet]\nexclude = ["app/clock_*"]\n'
        )
    )
    result = run_flake8(project, "--isolated", "--select", "GTL", *CHECKED_FILES)

    reported = {path for path, _, _ in gtl_reports(result.stdout)}
    assert "app/clock_reads.py" not in reported
    assert "app/inferred.py" in reported


def test_flake8_config_error_one_line(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "\n[tool.gauntlet.unknown]\n")
    result = run_flake8(project, "--isolated", "--select", "GTL", "app/inferred.py")

    assert "GTL000 invalid configuration" in result.stdout
    assert "unknown key" in result.stdout
    assert not result.stdout.rstrip().endswith("Example:")
