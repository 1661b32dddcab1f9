"""Reading and validating ``gauntlet.toml``, the manifest at a solution's root."""

from __future__ import annotations

import string
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gauntlet.verify.constraint import Option, Rung
from gauntlet.verify.errors import ManifestError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

MANIFEST_NAME = "gauntlet.toml"
TOP_LEVEL_KEYS = ("rung", "language", "commands", "call", "options")
CALL_KEYS = ("module", "function")

EXAMPLE = """\
rung = 4                  # 0..13
language = "python"
[commands]                # all optional, each an argv list
test = ["python", "-m", "unittest", "-q"]
run = ["python", "server.py", "--port", "{port}"]
[call]                    # optional, a function the verifier calls in-process
module = "fizzbuzz"
function = "fizzbuzz"
[options]                 # optional, settings the rung documents"""


@dataclass(frozen=True)
class CallTarget:
    """A function of the solution that call checks import and time."""

    module: str
    function: str


@dataclass(frozen=True)
class Manifest:
    """The validated contents of a solution's ``gauntlet.toml``."""

    path: Path
    rung: int
    language: str
    commands: Mapping[str, tuple[str, ...]]
    call: CallTarget | None
    options: Mapping[str, Any]


def manifest_error(path: Path, problem: str) -> ManifestError:
    return ManifestError(f"{path}: {problem}\nA valid manifest looks like:\n{EXAMPLE}")


def load_manifest(root: Path) -> dict[str, Any]:
    """Read the raw TOML table of the manifest in the folder ``root``."""
    path = root / MANIFEST_NAME
    if not root.is_dir():
        raise ManifestError(f"{str(root)!r} is not a folder; pass a solution folder")
    if not path.is_file():
        raise manifest_error(path, f"missing; create {MANIFEST_NAME} at the root")
    try:
        with path.open("rb") as stream:
            table: dict[str, Any] = tomllib.load(stream)
            return table
    except tomllib.TOMLDecodeError as err:
        raise manifest_error(path, f"invalid TOML: {err}") from err


def parse_manifest(table: Mapping[str, Any], path: Path, rung: Rung) -> Manifest:
    """Validate a manifest table against what ``rung`` accepts.

    Raises
    ------
    ManifestError
        On a missing or unknown key or a value of the wrong type; the message
        names the key and shows a valid example.
    """
    for key in table:
        if key not in TOP_LEVEL_KEYS:
            raise manifest_error(
                path, f"unknown key {key!r}; expected one of {list(TOP_LEVEL_KEYS)}"
            )
    number = table.get("rung")
    if not isinstance(number, int) or isinstance(number, bool):
        raise manifest_error(path, f"key 'rung' must be an integer, got {number!r}")
    if number != rung.number:
        raise manifest_error(
            path,
            f"key 'rung' is {number}, but the solution is verified as rung "
            f"{rung.number}; set rung = {rung.number}",
        )
    language = table.get("language", "python")
    if not isinstance(language, str) or not language:
        raise manifest_error(path, f"key 'language' must be a string, got {language!r}")
    return Manifest(
        path=path,
        rung=number,
        language=language.lower(),
        commands=parse_commands(table.get("commands", {}), path, rung),
        call=parse_call(table.get("call"), path),
        options=parse_options(table.get("options", {}), path, rung),
    )


def parse_commands(table: object, path: Path, rung: Rung) -> dict[str, tuple[str, ...]]:
    if not isinstance(table, dict):
        raise manifest_error(path, "key 'commands' must be a table")
    commands: dict[str, tuple[str, ...]] = {}
    for name, argv in table.items():
        if name not in rung.commands:
            raise manifest_error(
                path,
                f"unknown key 'commands.{name}'; rung {rung.number} uses "
                f"{sorted(rung.commands)}",
            )
        if (
            not isinstance(argv, list)
            or not argv
            or not all(isinstance(part, str) for part in argv)
        ):
            raise manifest_error(
                path,
                f"key 'commands.{name}' must be a non-empty list of strings, "
                f"got {argv!r}",
            )
        commands[name] = tuple(argv)
    return commands


def parse_call(table: object, path: Path) -> CallTarget | None:
    if table is None:
        return None
    if not isinstance(table, dict):
        raise manifest_error(path, "key 'call' must be a table")
    for key in table:
        if key not in CALL_KEYS:
            raise manifest_error(
                path, f"unknown key 'call.{key}'; expected {list(CALL_KEYS)}"
            )
    values = []
    for key in CALL_KEYS:
        value = table.get(key)
        if not isinstance(value, str) or not value.isidentifier():
            raise manifest_error(
                path, f"key 'call.{key}' must be a Python identifier, got {value!r}"
            )
        values.append(value)
    return CallTarget(module=values[0], function=values[1])


def parse_options(table: object, path: Path, rung: Rung) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise manifest_error(path, "key 'options' must be a table")
    specs = {option.name: option for option in rung.options}
    options = rung.option_defaults()
    for key, value in table.items():
        spec = specs.get(key)
        if spec is None:
            known = sorted(specs) or "no options"
            raise manifest_error(
                path, f"unknown key 'options.{key}'; rung {rung.number} accepts {known}"
            )
        options[key] = check_option(value, spec, path)
    return options


def check_option(value: object, spec: Option, path: Path) -> object:
    """Return ``value`` if it has the option's type; an int is accepted as a float."""
    is_number = isinstance(value, int) and not isinstance(value, bool)
    if spec.type is float and is_number:
        return float(value)  # type: ignore[arg-type]
    if isinstance(value, spec.type) and isinstance(value, bool) == (spec.type is bool):
        return value
    raise manifest_error(
        path,
        f"key 'options.{spec.name}' must be {spec.type.__name__} "
        f"({spec.help}), got {value!r}",
    )


def expand_command(
    manifest: Manifest, name: str, placeholders: Mapping[str, object]
) -> list[str]:
    """Return the argv of command ``name`` with ``{port}`` and friends filled in.

    A leading ``python`` or ``python3`` becomes the verifier's interpreter, so a
    solution runs on the Python the verifier was installed with.

    Raises
    ------
    ManifestError
        When the command is missing or names a placeholder that this rung does
        not provide.
    """
    argv = manifest.commands.get(name)
    if argv is None:
        raise manifest_error(
            manifest.path, f"missing key 'commands.{name}'; this rung runs it"
        )
    expanded = []
    for part in argv:
        fields = {f for _, f, _, _ in string.Formatter().parse(part) if f is not None}
        unknown = fields - set(placeholders)
        if unknown:
            raise manifest_error(
                manifest.path,
                f"key 'commands.{name}' uses placeholder {sorted(unknown)[0]!r}; "
                f"this rung provides {sorted(placeholders) or 'none'}",
            )
        expanded.append(part.format_map(placeholders))
    if expanded[0] in ("python", "python3"):
        expanded[0] = sys.executable
    return expanded
