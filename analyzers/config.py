"""The ``[tool.gauntlet]`` table: finding it, validating it, and its defaults."""

from __future__ import annotations

import dataclasses
import fnmatch
import functools
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from analyzers.errors import ConfigError
from analyzers.hashing import blake2b

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

PRESETS = ("clock", "naive-datetime")
DEFAULT_PRESETS = PRESETS
TARGET_VERSIONS = ("py310", "py311", "py312", "py313", "py314")
DOTTED_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\Z")
CODE_PREFIX = re.compile(r"GTL[0-9]{0,3}\Z")
TOP_LEVEL_KEYS = (
    "target-version",
    "presets",
    "utc-aliases",
    "baseline",
    "banned-api",
    "select",
    "ignore",
    "exclude",
)
BANNED_API_KEYS = ("message", "replacement", "allow")
EXAMPLE = """\
[tool.gauntlet]
presets = ["clock", "naive-datetime"]

[tool.gauntlet.banned-api."datetime.datetime.now"]
message = "read the time through myapp.clock.now()"
replacement = "myapp.clock.now"
allow = ["myapp/clock.py"]"""


@dataclasses.dataclass(frozen=True)
class BannedApi:
    """A dotted name that must not be used, and where it is allowed anyway.

    ``allow`` holds glob patterns relative to the configuration file's folder,
    matched with :func:`fnmatch.fnmatch`, so ``*`` also matches ``/``.
    ``max_args`` limits the report to calls with at most that many positional
    arguments (``time.localtime()`` reads the clock, ``time.localtime(0)`` does
    not); such an entry reports no bare reference because it cannot tell.
    """

    name: str
    message: str
    replacement: str | None = None
    allow: tuple[str, ...] = ()
    max_args: int | None = None
    origin: str = "banned-api"


@dataclasses.dataclass(frozen=True)
class Config:
    """Validated lint settings. ``source`` is the pyproject.toml they came from."""

    root: str
    source: str | None = None
    target_version: str = "py310"
    presets: tuple[str, ...] = DEFAULT_PRESETS
    utc_aliases: tuple[str, ...] = ()
    baseline: str | None = None
    banned_api: tuple[BannedApi, ...] = ()
    select: tuple[str, ...] = ("GTL",)
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def is_enabled(self, code: str) -> bool:
        """Tell whether a rule code passes ``select`` and ``ignore``.

        The longest matching prefix wins, as in ruff, so ``select = ["GTL1"]``
        with ``ignore = ["GTL102"]`` keeps every GTL1xx code except GTL102.
        """
        selected = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        ignored = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return selected > ignored

    def relative_path(self, path: str) -> str:
        """Return ``path`` relative to the configuration folder, with slashes."""
        folder, name = os.path.split(path)
        relative_folder = relative_folder_of(self.root, folder)
        return f"{relative_folder}/{name}" if relative_folder else name

    def is_allowed(self, entry: BannedApi, path: str) -> bool:
        relative = self.relative_path(path)
        return any(fnmatch.fnmatch(relative, pattern) for pattern in entry.allow)

    def is_excluded(self, path: str) -> bool:
        if not self.exclude:
            return False
        relative = self.relative_path(path)
        return any(fnmatch.fnmatch(relative, pattern) for pattern in self.exclude)

    def with_options(
        self, select: Sequence[str] = (), ignore: Sequence[str] = ()
    ) -> Config:
        """Return a copy with command-line ``--select``/``--ignore`` applied."""
        changes: dict[str, Any] = {}
        if select:
            changes["select"] = tuple(check_codes("--select", select, "command line"))
        if ignore:
            extra = check_codes("--ignore", ignore, "command line")
            changes["ignore"] = (*self.ignore, *extra)
        return dataclasses.replace(self, **changes)

    def fingerprint(self) -> str:
        """Return a digest of every setting that can change a file's findings."""
        data = dataclasses.asdict(self)
        data.pop("source")
        data.pop("baseline")
        # repr, not json: importing json would cost a cached run 2 ms.
        text = repr(sorted(data.items()))
        return blake2b(text.encode(), digest_size=16).hexdigest()


@functools.lru_cache(maxsize=4096)
def relative_folder_of(root: str, folder: str) -> str:
    """Return ``folder`` relative to ``root`` with slashes; "" for root itself.

    Cached because a run needs the path of every file and most files share
    a folder. The cache assumes the working folder stays the same during a
    run; neither the command line nor the plugins change it.
    """
    absolute = os.path.abspath(folder)
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # pragma: no cover - another drive on Windows
        return Path(absolute).as_posix()
    return "" if relative == "." else Path(relative).as_posix()


def find_config_file(paths: Iterable[str | os.PathLike[str]]) -> Path | None:
    """Find the nearest pyproject.toml with a ``[tool.gauntlet]`` table.

    The search starts at the first given path and walks up to the file system
    root. A pyproject.toml without the table is passed over.
    """
    first = next(iter(paths), ".")
    start = Path(first).resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and has_gauntlet_table(pyproject):
            return pyproject
    return None


def has_gauntlet_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    # A cheap check before the full parse; load_file validates for real.
    return "tool.gauntlet" in text or re.search(r"^\[tool\]", text, re.M) is not None


def load_config(
    paths: Iterable[str | os.PathLike[str]] = (".",),
    config_file: str | os.PathLike[str] | None = None,
) -> Config:
    """Load the settings for linting ``paths``.

    Uses ``config_file`` when given, else the nearest pyproject.toml with a
    ``[tool.gauntlet]`` table above the first path, else the defaults with
    the current folder as root. Raises ConfigError for an invalid table.
    """
    found = Path(config_file) if config_file is not None else find_config_file(paths)
    if found is None:
        return Config(root=os.getcwd())
    return load_file(found)


def load_file(path: Path) -> Config:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read the configuration file: {err}") from err
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: invalid TOML: {err}; fix the syntax") from err
    table = document.get("tool", {}).get("gauntlet", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: 'tool.gauntlet' must be a table")
    return parse_config(table, path)


def parse_config(
    table: Mapping[str, Any], source_path: str | os.PathLike[str]
) -> Config:
    """Validate a ``[tool.gauntlet]`` table read from ``source_path``.

    Raises ConfigError naming the file, the key and the fix for an unknown key,
    a value of the wrong type or a malformed dotted name.
    """
    source = str(source_path)
    for key in table:
        if key not in TOP_LEVEL_KEYS:
            known = ", ".join(TOP_LEVEL_KEYS)
            raise ConfigError(
                f"{source}: unknown key 'tool.gauntlet.{key}'; remove it or use "
                f"one of: {known}. Example:\n{EXAMPLE}"
            )
    return Config(
        root=str(Path(source).resolve().parent),
        source=source,
        target_version=read_choice(table, "target-version", TARGET_VERSIONS, source),
        presets=tuple(read_presets(table, source)),
        utc_aliases=tuple(read_dotted_list(table, "utc-aliases", source)),
        baseline=read_optional_string(table, "baseline", source),
        banned_api=tuple(read_banned_api(table.get("banned-api", {}), source)),
        select=tuple(check_codes("select", read_list(table, "select", source), source))
        or ("GTL",),
        ignore=tuple(check_codes("ignore", read_list(table, "ignore", source), source)),
        exclude=tuple(read_list(table, "exclude", source)),
    )


def type_error(source: str, key: str, expected: str, value: object) -> ConfigError:
    return ConfigError(
        f"{source}: 'tool.gauntlet.{key}' must be {expected}, "
        f"got {type(value).__name__} {value!r}; change the value"
    )


def read_list(table: Mapping[str, Any], key: str, source: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise type_error(source, key, "a list of strings", value)
    return value


def read_optional_string(table: Mapping[str, Any], key: str, source: str) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise type_error(source, key, "a string", value)
    return value


def read_choice(
    table: Mapping[str, Any], key: str, choices: Sequence[str], source: str
) -> str:
    value = table.get(key, choices[0])
    if not isinstance(value, str):
        raise type_error(source, key, "a string", value)
    if value not in choices:
        raise ConfigError(
            f"{source}: 'tool.gauntlet.{key}' is {value!r}; "
            f"use one of: {', '.join(choices)}"
        )
    return value


def read_presets(table: Mapping[str, Any], source: str) -> list[str]:
    if "presets" not in table:
        return list(DEFAULT_PRESETS)
    presets = read_list(table, "presets", source)
    for preset in presets:
        if preset not in PRESETS:
            raise ConfigError(
                f"{source}: unknown preset {preset!r} in 'tool.gauntlet.presets'; "
                f"use one of: {', '.join(PRESETS)}"
            )
    return presets


def check_dotted(name: str, key: str, source: str) -> str:
    if not DOTTED_NAME.match(name):
        raise ConfigError(
            f"{source}: {name!r} in 'tool.gauntlet.{key}' is not a dotted name; "
            "write it like 'datetime.datetime.now' (identifiers joined by dots)"
        )
    return name


def read_dotted_list(table: Mapping[str, Any], key: str, source: str) -> list[str]:
    return [check_dotted(name, key, source) for name in read_list(table, key, source)]


def check_codes(key: str, codes: Iterable[str], source: str) -> list[str]:
    checked = []
    for code in codes:
        normalized = code.strip().upper()
        if not CODE_PREFIX.match(normalized):
            raise ConfigError(
                f"{source}: {code!r} in {key!r} is not a rule code or prefix; "
                "use codes such as 'GTL001' or prefixes such as 'GTL1' "
                "(`gauntlet rules` lists them)"
            )
        if not any(rule_code.startswith(normalized) for rule_code in rule_codes()):
            raise ConfigError(
                f"{source}: {code!r} in {key!r} matches no rule; "
                "check the code for a typo (`gauntlet rules` lists them)"
            )
        checked.append(normalized)
    return checked


def rule_codes() -> list[str]:
    # Imported here: the rule modules import this module.
    from analyzers.rules import all_rules

    return [rule.code for rule in all_rules()]


def read_banned_api(value: object, source: str) -> list[BannedApi]:
    if not isinstance(value, dict):
        raise type_error(source, "banned-api", "a table of dotted names", value)
    entries = []
    for name, settings in value.items():
        check_dotted(name, "banned-api", source)
        key = f'banned-api."{name}"'
        if isinstance(settings, str):
            entries.append(BannedApi(name=name, message=settings))
            continue
        if not isinstance(settings, dict):
            raise type_error(source, key, "a message string or a table", settings)
        entries.append(read_banned_entry(name, settings, key, source))
    return entries


def read_banned_entry(
    name: str, settings: Mapping[str, Any], key: str, source: str
) -> BannedApi:
    for setting in settings:
        if setting not in BANNED_API_KEYS:
            raise ConfigError(
                f"{source}: unknown key 'tool.gauntlet.{key}.{setting}'; "
                f"use one of: {', '.join(BANNED_API_KEYS)}"
            )
    message = settings.get("message", f"{name} is banned by the project")
    if not isinstance(message, str):
        raise type_error(source, f"{key}.message", "a string", message)
    replacement = settings.get("replacement")
    if replacement is not None:
        if not isinstance(replacement, str):
            raise type_error(source, f"{key}.replacement", "a string", replacement)
        check_dotted(replacement, f"{key}.replacement", source)
    allow = read_list(settings, "allow", f"{source}' at '{key}")
    return BannedApi(name, message, replacement, tuple(allow))
