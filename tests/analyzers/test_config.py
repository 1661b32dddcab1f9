"""Loading and validating the [tool.gauntlet] table."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzers.config import load_config, parse_config
from analyzers.errors import AnalyzerError, ConfigError

SOURCE = "/project/pyproject.toml"


def test_config_error_is_analyzer_error() -> None:
    assert issubclass(ConfigError, AnalyzerError)


@pytest.mark.parametrize(
    ("table", "fragments"),
    [
        ({"bogus": 1}, ["tool.gauntlet.bogus", "unknown key"]),
        ({"presets": "clock"}, ["tool.gauntlet.presets", "list of strings"]),
        ({"presets": ["clocks"]}, ["'clocks'", "clock, naive-datetime"]),
        ({"utc-aliases": ["my app.UTC"]}, ["'my app.UTC'", "dotted name"]),
        ({"banned-api": {"datetime..now": "x"}}, ["'datetime..now'", "dotted name"]),
        ({"banned-api": {"time.time": 3}}, ["banned-api", "message string"]),
        (
            {"banned-api": {"time.time": {"mesage": "x"}}},
            ["mesage", "message, replacement, allow"],
        ),
        (
            {"banned-api": {"time.time": {"allow": "a.py"}}},
            ["allow", "list of strings"],
        ),
        ({"target-version": "py27"}, ["'py27'", "py310"]),
        ({"select": ["E501"]}, ["'E501'", "GTL001"]),
    ],
    ids=[
        "unknown-key",
        "wrong-type",
        "unknown-preset",
        "bad-alias",
        "bad-banned-name",
        "bad-banned-value",
        "unknown-banned-key",
        "allow-not-list",
        "bad-target-version",
        "foreign-code",
    ],
)
def test_invalid_table_names_file_and_key(
    table: dict[str, object], fragments: list[str]
) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(table, SOURCE)
    message = str(caught.value)
    assert message.startswith(SOURCE)
    for fragment in fragments:
        assert fragment in message


def test_banned_api_short_and_long_forms() -> None:
    config = parse_config(
        {
            "banned-api": {
                "time.time": "use the clock",
                "datetime.datetime.now": {
                    "message": "read myapp.clock",
                    "replacement": "myapp.clock.now",
                    "allow": ["myapp/clock.py"],
                },
            }
        },
        SOURCE,
    )
    entries = {entry.name: entry for entry in config.banned_api}
    assert entries["time.time"].message == "use the clock"
    assert entries["datetime.datetime.now"].replacement == "myapp.clock.now"
    assert entries["datetime.datetime.now"].allow == ("myapp/clock.py",)


def test_found_walking_up(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.gauntlet]\npresets = ["clock"]\n', encoding="utf-8"
    )
    nested = tmp_path / "src" / "pkg"
    nested.mkdir(parents=True)
    (nested / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    config = load_config([nested])
    assert config.presets == ("clock",)
    assert config.root == str(tmp_path.resolve())


def test_invalid_toml_names_file(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.gauntlet\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config([tmp_path], pyproject)
    assert str(pyproject) in str(caught.value)


def test_select_and_ignore_longest_prefix_wins() -> None:
    config = parse_config({"select": ["GTL1"], "ignore": ["GTL102"]}, SOURCE)
    assert config.is_enabled("GTL101")
    assert not config.is_enabled("GTL102")
    assert not config.is_enabled("GTL001")


def test_allow_glob_relative_to_config() -> None:
    config = parse_config(
        {"banned-api": {"time.time": {"allow": ["app/clock*.py"]}}}, SOURCE
    )
    entry = config.banned_api[0]
    assert config.is_allowed(entry, "/project/app/clock.py")
    assert not config.is_allowed(entry, "/project/app/other.py")
