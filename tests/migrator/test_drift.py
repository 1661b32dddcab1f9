"""Checksums: drift after an edit, line endings, check and repair."""

from __future__ import annotations

from click.testing import CliRunner

from migrator.cli import cli
from migrator.errors import DriftError
from tests.migrator.builders import ProjectBuilder


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
