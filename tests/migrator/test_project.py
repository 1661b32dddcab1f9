"""Bad project and migration files: clear messages, exit 2, no database touched."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from migrator.cli import cli
from migrator.urls import parse_url, redact_url
from tests.migrator.builders import ProjectBuilder


def apply(root: Path) -> Result:
    return CliRunner().invoke(cli, ["--project", str(root), "apply"])


def assert_rejected(result: Result, root: Path, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    for fragment in fragments:
        assert fragment in result.stderr
    assert "Traceback" not in result.output
    assert not list(root.rglob("*.sqlite3"))


def test_malformed_toml_names_line(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.service("app")
    (sqlite_builder.root / "migrator.toml").write_text("[services.app\ndatabase = 1\n")

    result = apply(sqlite_builder.root)

    assert_rejected(
        result, sqlite_builder.root, "migrator.toml", "invalid TOML", "line 1"
    )


def test_unknown_key_names_file_and_key(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.service("app")
    project_file = sqlite_builder.root / "migrator.toml"
    project_file.write_text(
        "lock_timout = 3\n" + project_file.read_text() + "databse = 'x'\n"
    )

    result = apply(sqlite_builder.root)

    assert_rejected(
        result,
        sqlite_builder.root,
        "unknown key 'lock_timout'; did you mean 'lock_timeout'?",
        "[services.app]: unknown key 'databse'; did you mean 'database'?",
    )


def test_bad_setting_value(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.settings["max_workers"] = 0  # type: ignore[assignment]
    sqlite_builder.service("app")

    result = apply(sqlite_builder.root)

    assert_rejected(
        result, sqlite_builder.root, "'max_workers' must be a positive integer"
    )


def test_migration_unknown_key(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.migration("app", "one", extra='requirs = ["x"]')

    result = apply(sqlite_builder.root)

    assert_rejected(
        result,
        sqlite_builder.root,
        "0001_one.toml: unknown key 'requirs'; did you mean 'requires'?",
    )


def test_migration_bad_phase(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.migration("app", "one", phase="deploy")

    result = apply(sqlite_builder.root)

    assert_rejected(
        result,
        sqlite_builder.root,
        "0001_one.toml: key 'phase': invalid phase 'deploy'",
    )


def test_migration_malformed_toml(sqlite_builder: ProjectBuilder) -> None:
    path = sqlite_builder.migration("app", "one")
    path.write_text("id = \n")

    result = apply(sqlite_builder.root)

    assert_rejected(result, sqlite_builder.root, "0001_one.toml: invalid TOML")


def test_missing_down_requires_irreversible(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.migration("app", "one", [("CREATE TABLE t (id INTEGER)", None)])
    sqlite_builder.migration(
        "app", "two", [("SELECT 1", None)], extra="irreversible = true"
    )

    result = apply(sqlite_builder.root)

    assert_rejected(
        result,
        sqlite_builder.root,
        "0001_one.toml: key 'steps[1].down': missing",
        "irreversible = true",
        "0002_two.toml: key 'reason': irreversible = true needs a reason",
    )


def test_missing_migrations_folder(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.service("app")
    (sqlite_builder.root / "migrations" / "app").rmdir()

    result = apply(sqlite_builder.root)

    assert_rejected(
        result, sqlite_builder.root, "[services.app]: key 'migrations'", "not found"
    )


def test_missing_python_step(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.service("app")
    folder = sqlite_builder.root / "migrations" / "app"
    (folder / "_steps.py").write_text("def present(connection, dialect):\n    pass\n")
    (folder / "0001_one.toml").write_text(
        '[[steps]]\nup = { python = "_steps.py:absent" }\ndown = { python = '
        '"_nope.py:x" }\n'
    )

    result = apply(sqlite_builder.root)

    assert_rejected(
        result,
        sqlite_builder.root,
        "key 'steps[1].up': '_steps.py' has no function 'absent'",
        "key 'steps[1].down': Python file '_nope.py' not found",
    )


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("sqlserver://db/x", "unknown scheme 'sqlserver'"),
        ("postgresql://127.0.0.1:5432", "needs a host and a database name"),
        ("mysql://127.0.0.1:notaport/x", "invalid port"),
        ("sqlite:/relative.db", "'://' is missing after the scheme"),
    ],
)
def test_bad_url_names_service(
    sqlite_builder: ProjectBuilder, url: str, fragment: str
) -> None:
    sqlite_builder.service("app", url)

    result = apply(sqlite_builder.root)

    assert_rejected(
        result, sqlite_builder.root, "[services.app]: key 'database'", fragment
    )


def test_password_hidden_in_messages(tmp_path: Path) -> None:
    builder = ProjectBuilder(tmp_path, lambda: "x")
    builder.service("app", "mysql://root:s3cret@127.0.0.1:1/nowhere")
    builder.migration("app", "one")

    result = apply(builder.root)

    assert result.exit_code == 2
    assert "s3cret" not in result.output
    assert "root:***@127.0.0.1" in result.stderr


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("postgresql://user:s3cret@127.0.0.1:notaport/db", "invalid port 'notaport'"),
        ("oracle://user:s3cret@127.0.0.1/db", "unknown scheme 'oracle'"),
        ("postgresql://user:s3cret@/", "needs a host and a database name"),
        ("mysql:user:s3cret@127.0.0.1/db", "'://' is missing"),
        ("postgresql://user:s3cret/x@127.0.0.1/db", "percent-encode them (%2F"),
        ("mysql://user:s3cret?x@127.0.0.1/db", "percent-encode them"),
        ("postgresql://user:s3cret#x@127.0.0.1/db", "percent-encode them"),
    ],
)
def test_password_hidden_in_url_errors(
    sqlite_builder: ProjectBuilder, url: str, fragment: str
) -> None:
    sqlite_builder.service("app", url)

    result = CliRunner().invoke(cli, ["--project", str(sqlite_builder.root), "plan"])

    assert result.exit_code == 2
    assert "s3cret" not in result.output
    assert "user:***@" in result.stderr
    assert fragment in result.stderr


@pytest.mark.parametrize(
    "url", ["postgresql://127.0.0.1/db@x", "postgresql://127.0.0.1:5432/db@x"]
)
def test_at_sign_in_database_name_accepted(tmp_path: Path, url: str) -> None:
    parsed = parse_url(url, tmp_path)
    assert parsed.host == "127.0.0.1"
    assert parsed.database == "db@x"


@pytest.mark.parametrize("port", ["notaport", "0", "70000", "-1"])
def test_invalid_port_message(sqlite_builder: ProjectBuilder, port: str) -> None:
    sqlite_builder.service("app", f"postgresql://user:s3cret@127.0.0.1:{port}/db")

    result = apply(sqlite_builder.root)

    assert_rejected(
        result,
        sqlite_builder.root,
        f"invalid port {port!r}",
        "a whole number from 1 to 65535",
        "host:5432",
    )
    assert "could not be cast" not in result.stderr


def test_no_services_defined(tmp_path: Path) -> None:
    (tmp_path / "migrator.toml").write_text("lock_timeout = 3\n")

    result = apply(tmp_path)

    assert_rejected(result, tmp_path, "no services defined", "[services.billing]")


def test_missing_project_file(tmp_path: Path) -> None:
    result = apply(tmp_path / "nowhere")

    assert_rejected(result, tmp_path, "project file not found", "migrator init DIR")


def test_every_problem_reported(sqlite_builder: ProjectBuilder) -> None:
    sqlite_builder.migration("app", "one", phase="deploy")
    sqlite_builder.migration("app", "two", extra="colour = 1")

    result = apply(sqlite_builder.root)

    assert_rejected(result, sqlite_builder.root, "'deploy'", "'colour'")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "postgresql://u:s3cret@db.example:5432/app",
            "postgresql://u:***@db.example:5432/app",
        ),
        ("mysql://u:p@ss@127.0.0.1/app", "mysql://u:***@127.0.0.1/app"),
        (
            "postgresql://u@127.0.0.1/app?password=s3cret&sslmode=disable",
            "postgresql://u@127.0.0.1/app?password=***&sslmode=disable",
        ),
        ("postgresql://u@127.0.0.1/app", "postgresql://u@127.0.0.1/app"),
        ("sqlite:///data/a:b@c.db", "sqlite:///data/a:b@c.db"),
        ("mysql:u:s3cret@127.0.0.1/app", "mysql:u:***@127.0.0.1/app"),
    ],
)
def test_redact_url_cases(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_python_module_operation_loads(tmp_path: Path) -> None:
    builder = ProjectBuilder(tmp_path, lambda: "x")
    builder.service("app", "postgresql://app@127.0.0.1:5432/never_opened")
    (builder.root / "migrations" / "app" / "0001_rename.py").write_text(
        'PHASE = "expand"\n'
        "OPERATION = {\n"
        '    "kind": "rename-column",\n'
        '    "table": "users",\n'
        '    "from": "name",\n'
        '    "to": "full_name",\n'
        '    "type": "TEXT",\n'
        "}\n"
    )

    migration = builder.load().graph.migration("app:0001_rename")

    assert migration.steps
    assert migration.extra == {"idempotent_steps": True}
