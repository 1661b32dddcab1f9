"""Reading gauntlet.toml: a missing or wrong manifest is exit 2 naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from gauntlet.verify.errors import ManifestError
from gauntlet.verify.manifest import expand_command, load_manifest, parse_manifest
from gauntlet.verify.rungs import get_rung
from tests.verify.support import run_gauntlet, write_solution


def parse(tmp_path: Path, text: str, rung: int = 4):  # type: ignore[no-untyped-def]
    write_solution(tmp_path, {"gauntlet.toml": text})
    return parse_manifest(
        load_manifest(tmp_path), tmp_path / "gauntlet.toml", get_rung(rung)
    )


def test_valid_manifest_parsed(tmp_path) -> None:
    manifest = parse(
        tmp_path,
        """\
        rung = 4
        [commands]
        run = ["python", "server.py", "--port", "{port}"]
        [options]
        rate_limit = 5
        """,
    )
    assert manifest.commands["run"][1] == "server.py"
    assert manifest.options["rate_limit"] == 5


def test_defaults_filled(tmp_path) -> None:
    manifest = parse(tmp_path, "rung = 4\n")
    assert manifest.options == {"rate_limit": 20}
    assert manifest.language == "python"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("rung = 4\nlanguages = 'python'\n", "'languages'"),
        ("rung = 4\n[commands]\nserve = ['x']\n", "'commands.serve'"),
        ("rung = 4\n[commands]\nrun = 'python server.py'\n", "'commands.run'"),
        ("rung = 4\n[commands]\nrun = []\n", "'commands.run'"),
        ("rung = 4\n[options]\nrate_limit = 'many'\n", "'options.rate_limit'"),
        ("rung = 4\n[options]\nburst = 3\n", "'options.burst'"),
        ("rung = 4\n[call]\nmodule = 'a-b'\nfunction = 'f'\n", "'call.module'"),
        ("rung = 4\n[call]\nmodule = 'a'\n", "'call.function'"),
        ("rung = 'four'\n", "'rung'"),
        ("rung = 3\n", "'rung' is 3"),
        ("rung = 4\nlanguage = 5\n", "'language'"),
        ("rung = 4\n[commands\n", "invalid TOML"),
    ],
)
def test_invalid_manifest_names_key(tmp_path, text, named) -> None:
    with pytest.raises(ManifestError) as caught:
        parse(tmp_path, text)
    assert named in str(caught.value)
    assert 'run = ["python", "server.py"' in str(caught.value)


def test_missing_manifest_exit_two(tmp_path) -> None:
    result = run_gauntlet("verify", "4", tmp_path)
    assert result.returncode == 2
    assert "gauntlet.toml: missing" in result.stderr
    assert "rung = 4" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_key_exit_two(tmp_path) -> None:
    write_solution(tmp_path, {"gauntlet.toml": "rung = 4\nport = 8000\n"})
    result = run_gauntlet("verify", "4", tmp_path)
    assert result.returncode == 2
    assert "unknown key 'port'" in result.stderr


def test_placeholders_filled(tmp_path) -> None:
    manifest = parse(
        tmp_path, "rung = 4\n[commands]\nrun = ['python', 'a.py', '{port}']\n"
    )
    argv = expand_command(manifest, "run", {"port": 8123})
    assert argv[1:] == ["a.py", "8123"]
    assert argv[0].endswith(("python", "python3")) or "python" in argv[0]


def test_unknown_placeholder_rejected(tmp_path) -> None:
    manifest = parse(tmp_path, "rung = 4\n[commands]\nrun = ['srv', '{host}']\n")
    with pytest.raises(ManifestError, match="placeholder 'host'"):
        expand_command(manifest, "run", {"port": 1})


def test_missing_command_exit_two(tmp_path) -> None:
    write_solution(tmp_path, {"gauntlet.toml": "rung = 4\n"})
    result = run_gauntlet("verify", "4", tmp_path, "--only", "rate-limit-429")
    assert result.returncode == 2
    assert "missing key 'commands.run'" in result.stdout
