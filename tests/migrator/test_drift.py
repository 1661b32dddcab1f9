"""Checksums: drift after an edit, line endings, check and repair."""

from __future__ import annotations

from click.testing import CliRunner

from migrator.cli import cli
from migrator.errors import DriftError
from migrator.rollback_plan import RollbackRequest
from tests.migrator.builders import ProjectBuilder, has_table


def applied_project(builder: ProjectBuilder) -> list:  # type: ignore[type-arg]
    paths = [builder.table_migration("app", name) for name in ("one", "two", "three")]
    assert builder.runner().apply().ok
    return paths


def invoke(builder: ProjectBuilder, *arguments: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["--project", str(builder.root), *arguments])


def test_check_lists_all_drift(sqlite_builder: ProjectBuilder) -> None:
    paths = applied_project(sqlite_builder)
    for path in paths[:2]:
        path.write_text(path.read_text() + "# edited after it was applied\n")

    result = invoke(sqlite_builder, "check")

    assert result.exit_code == 1
    assert "app:one" in result.stdout
    assert "app:two" in result.stdout
    assert "app:three" not in result.stdout
    assert "2 applied migrations changed" in result.stdout


def test_crlf_is_not_drift(sqlite_builder: ProjectBuilder) -> None:
    paths = applied_project(sqlite_builder)
    for path in paths:
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))

    result = invoke(sqlite_builder, "check")

    assert result.exit_code == 0
    assert "no drift" in result.stdout


def test_repair_only_one(sqlite_builder: ProjectBuilder) -> None:
    paths = applied_project(sqlite_builder)
    for path in paths[:2]:
        path.write_text(path.read_text() + "# edited\n")

    repaired = invoke(sqlite_builder, "repair", "--only", "one")
    check = invoke(sqlite_builder, "check", "--format", "json")

    assert repaired.exit_code == 0
    assert "app:one" in repaired.stdout
    assert check.exit_code == 1
    assert '"migration": "app:two"' in check.stdout
    assert '"migration": "app:one"' not in check.stdout


def test_apply_rejects_drift(sqlite_builder: ProjectBuilder) -> None:
    paths = applied_project(sqlite_builder)
    paths[0].write_text(paths[0].read_text() + "# edited\n")
    sqlite_builder.table_migration("app", "four")

    try:
        sqlite_builder.runner().apply()
    except DriftError as err:
        message = str(err)
    else:
        raise AssertionError("apply ran despite drift")

    assert "app:one" in message
    assert "migrator repair --only ID" in message


def test_status_marks_drift(sqlite_builder: ProjectBuilder) -> None:
    paths = applied_project(sqlite_builder)
    paths[1].write_text(paths[1].read_text() + "# edited\n")

    result = invoke(sqlite_builder, "status", "--format", "json")

    assert result.exit_code == 1
    assert '"drifted": [\n        "two"\n      ]' in result.stdout


def test_rollback_rejects_drift(sqlite_builder: ProjectBuilder) -> None:
    paths = applied_project(sqlite_builder)
    paths[1].write_text(paths[1].read_text().replace("DROP TABLE", "DROP VIEW"))

    result = invoke(sqlite_builder, "rollback", "--to", "base")
    runner = sqlite_builder.runner()

    assert result.exit_code == 1
    assert "rollback rejected: the file of app:two changed" in result.stderr
    assert "migrator repair --only ID" in result.stderr
    assert "--allow-drift" in result.stderr
    assert sorted(runner.read_state()) == ["app:one", "app:three", "app:two"]
    assert has_table(runner, "app", "t_three")


def test_rollback_allow_drift_runs(sqlite_builder: ProjectBuilder) -> None:
    paths = applied_project(sqlite_builder)
    paths[1].write_text(paths[1].read_text() + "# edited\n")

    result = invoke(sqlite_builder, "rollback", "--to", "base", "--allow-drift")
    runner = sqlite_builder.runner()

    assert result.exit_code == 0, result.output
    assert "rolled back 3" in result.stdout
    assert runner.read_state() == {}
    assert not has_table(runner, "app", "t_two")


def test_rollback_ignores_drift_elsewhere(sqlite_builder: ProjectBuilder) -> None:
    paths = applied_project(sqlite_builder)
    paths[0].write_text(paths[0].read_text() + "# edited\n")

    report = sqlite_builder.runner().rollback(RollbackRequest(migration="three"))

    assert report.ok
    assert report.reverted == ["app:three"]


def test_rollback_dry_run_notes_drift(sqlite_builder: ProjectBuilder) -> None:
    paths = applied_project(sqlite_builder)
    paths[2].write_text(paths[2].read_text() + "# edited\n")

    result = invoke(sqlite_builder, "rollback", "--dry-run")

    assert result.exit_code == 0
    assert "the rollback would be rejected: the file of app:three" in result.stdout
    assert "nothing was changed" in result.stdout
    assert "app:three" in sqlite_builder.runner().read_state()
