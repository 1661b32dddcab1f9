"""The one before/after assertion every codemod test goes through."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Mapping
from typing import Any

from analyzers.config import Config, parse_config
from codemods.bans import BanGuard
from codemods.engine import FixOptions
from codemods.passes import fix_until_stable
from codemods.results import FileResult

Rewrite = Callable[[bytes], bytes]


def assert_rewrite(before: str, after: str, rewrite: Rewrite) -> None:
    """Check that ``rewrite`` turns ``before`` into ``after``, and then is stable.

    Both texts are dedented, so tests can indent them with the test code.
    The output must compile, and rewriting it again must change nothing.
    """
    source = textwrap.dedent(before).encode()
    expected = textwrap.dedent(after)
    output = rewrite(source)
    assert output.decode() == expected
    compile(output, "<fixed>", "exec", dont_inherit=True)
    assert rewrite(output) == output, "a second run changed the output again"


PROJECT = "/project"
PY311 = {"target-version": "py311"}
# For fixed code that a test runs: datetime.UTC exists from Python 3.11 on.
RUNNING = {"target-version": "py311" if sys.version_info >= (3, 11) else "py310"}


def project_config(table: Mapping[str, Any] | None = None) -> Config:
    """Return the config of ``table`` as if read from /project/pyproject.toml."""
    return parse_config(PY311 if table is None else table, f"{PROJECT}/pyproject.toml")


def fix_once(
    source: bytes,
    table: Mapping[str, Any] | None = None,
    unsafe: bool = False,
    path: str = f"{PROJECT}/module.py",
) -> FileResult:
    """Lint ``source`` with the real analyzer and fix it until it settles.

    This is what ``gauntlet fix`` does per file, with the bans of the same
    configuration guarding what the fixes write.
    """
    config = project_config(table)
    options = FixOptions(
        unsafe=unsafe,
        python311=config.target_version != "py310",
        utc_aliases=config.utc_aliases,
        bans=BanGuard.from_config(config),
    )
    return fix_until_stable(source, path, config, options, config)


def fixing(
    table: Mapping[str, Any] | None = None,
    unsafe: bool = False,
    path: str = f"{PROJECT}/module.py",
) -> Rewrite:
    """Return the analyzer-plus-fix pipeline as a rewrite for ``assert_rewrite``."""

    def rewrite(source: bytes) -> bytes:
        result = fix_once(source, table, unsafe, path)
        assert result.error is None, result.error
        return source if result.output is None else result.output

    return rewrite
