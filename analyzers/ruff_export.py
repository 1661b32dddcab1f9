"""Translate ``[tool.gauntlet]`` into ruff's flake8-tidy-imports banned-api table.

Ruff's TID251 matches a qualified name and takes a message, and that is all
it can hold, so allowed paths, replacements, argument conditions and the
naive-datetime rules are listed as not exported (ruff's own DTZ rules cover
part of the naive-datetime preset).
"""

from __future__ import annotations

import json

from analyzers.config import Config
from analyzers.rules.banned_api import banned_entries

TABLE = "[tool.ruff.lint.flake8-tidy-imports.banned-api]"


def export(config: Config) -> tuple[str, list[str]]:
    """Return the TOML text and the settings ruff cannot express."""
    lines = [TABLE]
    limits = []
    for name, entry in sorted(banned_entries(config).items()):
        if entry.max_args is not None:
            limits.append(
                f"{name!r}: {calls_reported(entry.max_args)}; ruff would ban "
                "every call, so it is left out"
            )
            continue
        lines.append(f"{json.dumps(name)}.msg = {json.dumps(entry.message)}")
        if entry.allow:
            limits.append(
                f"{name!r}: allowed paths {list(entry.allow)!r}; add them to "
                "[tool.ruff.lint.per-file-ignores] with TID251 by hand"
            )
        if entry.replacement:
            limits.append(f"{name!r}: the replacement {entry.replacement!r}")
    if "naive-datetime" in config.presets:
        limits.append(
            "the naive-datetime preset; ruff's DTZ rules cover part of it, "
            'with extend-select = ["DTZ"] in [tool.ruff.lint]'
        )
    if len(lines) > 1:
        limits.append(
            "ruff applies this table only with TID251 selected: add "
            'extend-select = ["TID251"] to [tool.ruff.lint]'
        )
    return "\n".join(lines) + "\n", limits


def calls_reported(max_args: int) -> str:
    if max_args == 0:
        return "reported only when called without arguments"
    noun = "argument" if max_args == 1 else "arguments"
    return f"reported only when called with at most {max_args} {noun}"
