"""The `migrator` command: init, the README's first command, output formats."""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from migrator.cli import cli
from tests.migrator.builders import ProjectBuilder

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "migrations"


def migrator_executable() -> list[str]:
    script = Path(sys.executable).with_name("migrator")
    return [str(script)] if script.exists() else [sys.executable, "-m", "migrator"]


def invoke(*arguments: str) -> Result:
    return CliRunner().invoke(cli, list(arguments))


def copy_fixture(name: str, tmp_path: Path) -> Path:
    destination = tmp_path / name
    shutil.copytree(FIXTURES / name, destination)
    return destination


def test_readme_first_command(tmp_path: Path) -> None:
    command = migrator_executable()
    project = tmp_path / "rollout"

    init = subprocess.run(
        [*command, "init", str(project)], capture_output=True, text=True, check=False
    )
    apply = subprocess.run(
        [*command, "--project", str(project), "apply"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert init.returncode == 0, init.stderr
    assert apply.returncode == 0, apply.stderr
    assert "applied 8" in apply.stdout
    assert "wave 1/5" in apply.stderr


def test_init_matches_shipped_fixture(tmp_path: Path) -> None:
    project = tmp_path / "example"

    result = invoke("init", str(project))
    comparison = filecmp.dircmp(project, FIXTURES / "shop", ignore=["__pycache__"])

    assert result.exit_code == 0
    assert comparison.left_only == []
    assert comparison.right_only == []
    assert comparison.diff_files == []
    for name, sub in comparison.subdirs.items():
        assert not (sub.diff_files or sub.left_only or sub.right_only), name


def test_init_rejects_nonempty_folder(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "file.txt").write_text("keep me")

    result = invoke("init", str(tmp_path / "taken"))

    assert result.exit_code == 2
    assert "not an empty folder" in result.stderr
    assert (tmp_path / "taken" / "file.txt").read_text() == "keep me"


def test_project_option_after_subcommand(tmp_path: Path) -> None:
    project = copy_fixture("shop", tmp_path)

    result = invoke("plan", "--project", str(project), "--format", "json")
    plan = json.loads(result.stdout)

    assert result.exit_code == 0
    assert plan["direction"] == "up"
    assert plan["waves"][0]["services"] == {
        "accounts": ["0001_users"],
        "catalog": ["0001_products"],
    }


def test_plan_text_lists_waves(tmp_path: Path) -> None:
    project = copy_fixture("shop", tmp_path)

    result = invoke("--project", str(project), "plan")

    assert result.exit_code == 0
    assert "apply 8 migrations in 5 waves:" in result.stdout
    assert "wave 5: accounts: 0004_drop_legacy_index [contract]" in result.stdout


def test_apply_dry_run_changes_nothing(tmp_path: Path) -> None:
    project = copy_fixture("shop", tmp_path)

    result = invoke("--project", str(project), "apply", "--dry-run")

    assert result.exit_code == 0
    assert "dry run: 8 migrations would run" in result.stdout
    assert not list(project.glob("*.db"))


def test_apply_phase_expand_only(tmp_path: Path) -> None:
    project = copy_fixture("shop", tmp_path)

    result = invoke(
        "--project",
        str(project),
        "-q",
        "apply",
        "--phase",
        "expand",
        "--format",
        "json",
    )
    report = json.loads(result.stdout)
    status = json.loads(
        invoke("--project", str(project), "status", "--format", "json").stdout
    )

    assert result.exit_code == 0
    assert len(report["applied"]) == 5
    pending = {service["service"]: service["pending"] for service in status["services"]}
    assert pending == {
        "accounts": ["0003_backfill_email", "0004_drop_legacy_index"],
        "catalog": [],
        "orders": ["0002_order_totals"],
    }


def test_status_text_and_exit(tmp_path: Path) -> None:
    project = copy_fixture("shop", tmp_path)
    invoke("--project", str(project), "-q", "apply")

    result = invoke("--project", str(project), "status")

    assert result.exit_code == 0
    assert "accounts (sqlite:///accounts.db)" in result.stdout
    assert "applied: 4 (last 0004_drop_legacy_index)" in result.stdout


def test_rollback_cascade_cli(tmp_path: Path) -> None:
    project = copy_fixture("billing-ledger", tmp_path)
    invoke("--project", str(project), "-q", "apply")

    refused = invoke(
        "--project", str(project), "rollback", "--to", "base", "--service", "billing"
    )
    cascaded = invoke(
        "--project",
        str(project),
        "-q",
        "rollback",
        "--to",
        "base",
        "--service",
        "billing",
        "--cascade",
    )

    assert refused.exit_code == 2
    assert "ledger:l2" in refused.stderr
    assert cascaded.exit_code == 0
    assert "rolled back 3: ledger:l2, billing:b2, billing:b1" in cascaded.stdout


def test_rollback_option_conflict(tmp_path: Path) -> None:
    project = copy_fixture("billing-ledger", tmp_path)

    result = invoke("--project", str(project), "rollback", "--cascade", "--no-cascade")

    assert result.exit_code == 2
    assert "exclude each other" in result.stderr


def test_cycle_fixture_rejected(tmp_path: Path) -> None:
    project = copy_fixture("cycle", tmp_path)

    result = invoke("--project", str(project), "plan")

    assert result.exit_code == 2
    assert "r2 -> r3 -> r2" in result.stderr
    assert "self-loop: r4" in result.stderr


@pytest.mark.parametrize(
    ("output_format", "marker"),
    [("dot", "digraph migrations"), ("mermaid", "flowchart LR")],
)
def test_graph_text_formats(tmp_path: Path, output_format: str, marker: str) -> None:
    project = copy_fixture("shop", tmp_path)

    result = invoke("--project", str(project), "graph", "--format", output_format)

    assert result.exit_code == 0
    assert result.stdout.startswith(marker)
    assert "requires" in result.stdout


def test_graph_svg(tmp_path: Path) -> None:
    if shutil.which("dot") is None:
        pytest.skip("graphviz `dot` is not installed")
    project = copy_fixture("shop", tmp_path)

    result = invoke("--project", str(project), "graph", "--format", "svg")

    assert result.exit_code == 0
    assert "<svg" in result.stdout


def test_graph_svg_without_graphviz(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_fixture("shop", tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))

    result = invoke("--project", str(project), "graph", "--format", "svg")

    assert result.exit_code == 2
    assert "apt-get install graphviz" in result.stderr


def test_recover_nothing_to_do(tmp_path: Path) -> None:
    project = copy_fixture("shop", tmp_path)

    result = invoke("--project", str(project), "recover")

    assert result.exit_code == 0
    assert "nothing to recover" in result.stdout


def test_rollback_nothing_applied(tmp_path: Path) -> None:
    project = copy_fixture("shop", tmp_path)

    result = invoke("--project", str(project), "rollback")

    assert result.exit_code == 0
    assert "nothing to do" in result.stdout


@pytest.mark.parametrize("command", ["apply", "rollback", "recover"])
@pytest.mark.parametrize("value", ["0", "-1", "-0.5"])
def test_lock_timeout_must_be_positive(
    sqlite_builder: ProjectBuilder, command: str, value: str
) -> None:
    sqlite_builder.table_migration("app", "one")

    result = invoke(
        "--project", str(sqlite_builder.root), command, "--lock-timeout", value
    )

    assert result.exit_code == 2
    assert "Invalid value for '--lock-timeout'" in result.stderr
    assert "x>0" in result.stderr
    assert not list(sqlite_builder.root.rglob("*.sqlite3"))


@pytest.mark.parametrize("command", ["apply", "rollback", "recover"])
def test_lock_timeout_help_states_default(command: str) -> None:
    result = invoke(command, "--help")
    text = " ".join(result.output.split())

    assert result.exit_code == 0
    assert "default: lock_timeout of migrator.toml, which defaults to 30" in text


def test_command_list_not_truncated() -> None:
    result = invoke("--help")
    commands = result.output.split("Commands:", 1)[1]

    assert result.exit_code == 0
    for line in commands.splitlines():
        assert not line.endswith("..."), line
    for name in cli.commands:
        assert f"  {name} " in commands


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_command_help_sentences_complete(command: str) -> None:
    result = invoke(command, "--help")
    text = " ".join(result.output.split())

    assert result.exit_code == 0
    assert "since (" not in text
    assert "since." not in text
    assert text.count("(") == text.count(")")


def test_check_help_says_what_changed() -> None:
    result = invoke("check", "--help")
    text = " ".join(result.output.split())

    assert "List applied migrations whose files have changed." in text
    assert "Exits 1 when any migration changed" in text
    assert "migrator repair --only ID" in text
