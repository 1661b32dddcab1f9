"""The pylint plugin, run by real pylint in a subprocess on fixture projects."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pylint.lint import PyLinter

from analyzers.config import load_config
from analyzers.engine import check_source
from analyzers.pylint_plugin import CONFIG_ERROR_CODE, message_id, register
from analyzers.rules import all_rules
from tests.analyzers.plugin_cases import (
    Expected,
    copy_project,
    expected_from_examples,
    expected_reports,
    write_rule_examples,
)

TEMPLATE = "{path}|{line}|{column}|{msg_id}|{symbol}|{msg}"
CHECKED_FILES = ("app/clock_reads.py", "app/inferred.py", "app/suppressed.py")
CODE_BY_ID = {message_id(rule.code): rule.code for rule in all_rules()}
CODE_BY_ID[message_id(CONFIG_ERROR_CODE)] = CONFIG_ERROR_CODE


def run_pylint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run pylint with only the plugin's messages and syntax errors enabled."""
    rcfile = cwd / "empty-pylintrc"
    rcfile.write_text("")
    command = [
        sys.executable,
        "-m",
        "pylint",
        f"--rcfile={rcfile}",
        "--persistent=n",
        "--score=n",
        "--load-plugins=analyzers.pylint_plugin",
        "--disable=all",
        "--enable=gauntlet,syntax-error",
        f"--msg-template={TEMPLATE}",
        *args,
    ]
    return subprocess.run(
        command,
        cwd=cwd,
        env=pylint_environment(cwd),
        capture_output=True,
        text=True,
        check=False,
    )


def pylint_environment(cwd: Path) -> dict[str, str]:
    # pylint writes crash reports and statistics under PYLINTHOME.
    return {**os.environ, "PYLINTHOME": str(cwd / ".pylint.d")}


def parse_reports(output: str) -> list[dict[str, str]]:
    reports = []
    for line in output.splitlines():
        if line.startswith("*************"):
            continue
        path, number, column, msg_id, symbol, message = line.split("|", 5)
        reports.append(
            {
                "path": Path(path).as_posix(),
                "line": number,
                "column": column,
                "msg_id": msg_id,
                "symbol": symbol,
                "message": message,
            }
        )
    return reports


def gtl_reports(output: str) -> Expected:
    return {
        (report["path"], int(report["line"]), CODE_BY_ID[report["msg_id"]])
        for report in parse_reports(output)
        if report["msg_id"] in CODE_BY_ID
    }


@pytest.fixture(scope="module")
def project_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Copy the fixture project and lint its app folder once for several tests."""
    project = copy_project(tmp_path_factory.mktemp("pylint"))
    (project / "app" / "disabled.py").write_text(
        "import datetime\n\n"
        "stamp = datetime.datetime.utcnow()  # pylint: disable=naive-utcnow,W5101\n"
    )
    return project, run_pylint(project, "app")


def test_message_ids_cover_every_rule() -> None:
    linter = PyLinter()
    register(linter)

    for rule in all_rules():
        definitions = linter.msgs_store.get_message_definitions(message_id(rule.code))
        assert [d.symbol for d in definitions] == [rule.symbol], rule.code
        assert 51 <= int(definitions[0].msgid[1:3]) <= 99, rule.code


def test_message_ids_are_unique() -> None:
    ids = [message_id(rule.code) for rule in all_rules()]

    assert len(set(ids)) == len(ids)


def test_pylint_lists_plugin_messages(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pylint",
            "--load-plugins=analyzers.pylint_plugin",
            "--list-msgs",
        ],
        cwd=tmp_path,
        env=pylint_environment(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert ":naive-now (W5202)" in result.stdout
    assert ":banned-api (W5101)" in result.stdout


def test_pylint_reports_marked_codes(
    project_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    project, result = project_run

    reported = {item for item in gtl_reports(result.stdout) if item[0] in CHECKED_FILES}
    assert reported == expected_reports(project, CHECKED_FILES, pylint=True)


def test_pylint_matches_gauntlet_lint(
    project_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    project, result = project_run
    path = project / "app" / "clock_reads.py"
    core = check_source(path.read_bytes(), str(path), load_config([path]))

    reported = sorted(
        (int(r["line"]), int(r["column"]) + 1, CODE_BY_ID[r["msg_id"]], r["message"])
        for r in parse_reports(result.stdout)
        if r["path"] == "app/clock_reads.py"
    )
    expected = sorted((d.line, d.column, d.code, d.message) for d in core.diagnostics)
    assert reported == expected


def test_pylint_honours_noqa(
    project_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    _, result = project_run

    suppressed = {
        item for item in gtl_reports(result.stdout) if item[0] == "app/suppressed.py"
    }
    assert suppressed == {("app/suppressed.py", 6, "GTL103")}


def test_pylint_honours_disable_comment(
    project_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    _, result = project_run

    disabled = [
        r for r in parse_reports(result.stdout) if r["path"] == "app/disabled.py"
    ]
    assert [r["symbol"] for r in disabled] == []


def test_pylint_syntax_error_file(
    project_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    _, result = project_run

    broken = [
        r["symbol"]
        for r in parse_reports(result.stdout)
        if r["path"] == "app/broken.py"
    ]
    assert broken == ["syntax-error"]
    assert "Traceback" not in result.stdout + result.stderr
    assert "astroid-error" not in result.stdout


def test_pylint_gauntlet_config_option(tmp_path: Path) -> None:
    project = copy_project(tmp_path)

    result = run_pylint(
        project, "--gauntlet-config=../other-config.toml", "app/clock_reads.py"
    )

    codes = {code for _, _, code in gtl_reports(result.stdout)}
    assert "GTL001" not in codes
    assert "GTL102" in codes


def test_pylint_invalid_config_reported(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project / "pyproject.toml").write_text('[tool.gauntlet]\npresetz = ["clock"]\n')

    result = run_pylint(project, "app/clock_reads.py")

    reports = parse_reports(result.stdout)
    assert [(r["line"], r["symbol"]) for r in reports] == [
        ("1", "invalid-gauntlet-config")
    ]
    assert "tool.gauntlet.presetz" in reports[0]["message"]


def test_pylint_rule_examples(tmp_path: Path) -> None:
    written = write_rule_examples(tmp_path)

    result = run_pylint(tmp_path, *sorted(written))

    reported = {
        item for item in gtl_reports(result.stdout) if item[2] == written[item[0]].code
    }
    assert reported == expected_from_examples(tmp_path, written)
    assert "astroid-error" not in result.stdout


def test_plugins_page_lists_every_message() -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "plugins.md").read_text()

    for rule in all_rules():
        row = f"| {rule.code} | {message_id(rule.code)} | `{rule.symbol}` |"
        assert row in page, rule.code


def test_pylint_skips_excluded_files(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace(
            "[tool.gauntlet]\n", '[tool.gauntlet]\nexclude = ["app/clock_*"]\n'
        )
    )
    result = run_pylint(project, "app/clock_reads.py", "app/inferred.py")

    reported = {path for path, _, _ in gtl_reports(result.stdout)}
    assert "app/clock_reads.py" not in reported
    assert "app/inferred.py" in reported


def test_pylint_infers_project_module_calls(tmp_path: Path) -> None:
    # Only calls whose callee name may lead to a watched callable are
    # inferred; a call on a project module must stay among them.
    (tmp_path / "pyproject.toml").write_text(
        '[tool.gauntlet]\npresets = ["clock"]\n', encoding="utf-8"
    )
    package = tmp_path / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "timeutil.py").write_text("import time\n\nread_clock = time.time\n")
    (package / "use.py").write_text(
        "import shop.timeutil as tu\n"
        "from shop import timeutil\n\n"
        "first = timeutil.read_clock()\n"
        "second = tu.read_clock()\n"
        "third = len('no clock here')\n"
    )
    result = run_pylint(tmp_path, "shop/use.py")

    reported = gtl_reports(result.stdout)
    assert ("shop/use.py", 4, "GTL001") in reported, result.stdout
    assert ("shop/use.py", 5, "GTL001") in reported, result.stdout
    assert not any(line == 6 for _, line, _ in reported)
