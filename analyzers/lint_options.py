"""The options of ``gauntlet lint``, declared once for two parsers.

click builds the ``gauntlet lint`` command from ``OPTIONS`` (see
``analyzers.cli``), with its help, usage errors and every spelling click
accepts. Importing click costs about 25 ms, a third of a cached run on
the standard library, so ``gauntlet``'s entry point first tries
``parse_quickly``. It reads only the plain spellings (``--name value``,
``--name=value``, flags and paths) of the same options with the same
checks, and returns None for anything else: ``--help``, a short option, an
unknown option, a missing or invalid value. click then parses those
arguments and reports the problem. A test feeds both parsers the same
arguments and compares the results.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from typing import Literal

from analyzers.output import FORMAT_MODULES

DEFAULT_BASELINE = ".gauntlet-baseline.json"


@dataclasses.dataclass(frozen=True)
class Option:
    """One ``--name`` option of ``gauntlet lint``.

    ``kind`` is "flag" (no value), "value" (one value) or "multiple" (one
    value per use, collected in order). A value is checked against
    ``choices``, or must be an integer of at least ``minimum``, or must not
    name a folder when ``file_only``.
    """

    name: str
    dest: str
    kind: Literal["flag", "value", "multiple"]
    help: str
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    file_only: bool = False
    default: object = None


OPTIONS: tuple[Option, ...] = (
    Option(
        "--format",
        "output_format",
        "value",
        "Report format written to stdout.",
        choices=tuple(sorted(FORMAT_MODULES)),
        default="text",
    ),
    Option(
        "--select",
        "select",
        "multiple",
        "Only these codes or prefixes (comma-separated); replaces 'select' "
        "from the config.",
    ),
    Option(
        "--ignore",
        "ignore",
        "multiple",
        "Skip these codes or prefixes (comma-separated); added to 'ignore' "
        "from the config.",
    ),
    Option(
        "--jobs",
        "jobs",
        "value",
        "Worker processes, used when 200 or more files are checked "
        "[default: the number of CPUs].",
        minimum=1,
    ),
    Option(
        "--no-cache", "no_cache", "flag", "Neither read nor write .gauntlet_cache/."
    ),
    Option(
        "--config",
        "config_file",
        "value",
        "pyproject.toml to read [tool.gauntlet] from, instead of searching.",
        file_only=True,
    ),
    Option(
        "--write-baseline",
        "write_baseline",
        "flag",
        "Record the current findings in the baseline file and exit 0.",
    ),
    Option(
        "--baseline",
        "baseline_file",
        "value",
        "Baseline file [default: 'baseline' from the config, else "
        f"{DEFAULT_BASELINE}].",
        file_only=True,
    ),
)
BY_NAME = {option.name: option for option in OPTIONS}


@dataclasses.dataclass(frozen=True)
class LintRequest:
    """The parsed arguments of one ``gauntlet lint`` run."""

    paths: tuple[str, ...] = ()
    output_format: str = "text"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    jobs: int | None = None
    no_cache: bool = False
    config_file: str | None = None
    write_baseline: bool = False
    baseline_file: str | None = None


def parse_quickly(arguments: Sequence[str]) -> LintRequest | None:
    """Parse the arguments after ``lint``, or return None to let click do it."""
    values: dict[str, object] = {}
    paths: list[str] = []
    rest = list(arguments)
    while rest:
        argument = rest.pop(0)
        if argument == "--":
            paths.extend(rest)
            break
        if argument == "-":
            return None  # click reads "-" as standard input for a path
        if not argument.startswith("-"):
            paths.append(argument)
            continue
        name, equals, inline = argument.partition("=")
        option = BY_NAME.get(name)
        if option is None:
            return None
        value = take_value(option, inline if equals else None, rest)
        if value is None:
            return None
        if option.kind == "multiple":
            collected = values.get(option.dest, ())
            assert isinstance(collected, tuple)
            values[option.dest] = (*collected, value)
        else:
            values[option.dest] = value
    return LintRequest(paths=tuple(paths), **values)  # type: ignore[arg-type]


def take_value(option: Option, inline: str | None, rest: list[str]) -> object:
    """Return the option's value, taking it from ``rest`` when not inline.

    None means click should parse the arguments: a flag given a value, a
    missing value, or one that looks like an option or that click rejects.
    """
    if option.kind == "flag":
        return True if inline is None else None
    if inline is None:
        if not rest or rest[0].startswith("-"):
            return None
        inline = rest.pop(0)
    return checked_value(option, inline)


def checked_value(option: Option, raw: str) -> str | int | None:
    """Return the value as click would convert it, or None if click rejects it."""
    if option.choices and raw not in option.choices:
        return None
    if option.minimum is not None:
        try:
            number = int(raw)
        except ValueError:
            return None
        return number if number >= option.minimum else None
    if option.file_only and os.path.isdir(raw):
        return None
    return raw
