"""flake8 plugin: the gauntlet rules reported as flake8 ``GTL`` codes.

flake8 finds the plugin through the ``flake8.extension`` entry point ``GTL``
and gives it each file's ``ast`` tree and lines. The plugin runs the same core
as ``gauntlet lint`` (``analyzers.engine.check_tree``) with the
``[tool.gauntlet]`` table of the nearest pyproject.toml above the file, or of
the file given with ``--gauntlet-config``. flake8 applies ``# noqa``,
``--select`` and ``--ignore`` to what the plugin yields, so the ``select`` and
``ignore`` keys of the table are honoured too but flake8 has the last word.

A file without any name a rule watches is rejected by the same text prefilter
``gauntlet lint`` uses, before the tree is walked, so most files cost a
substring search.
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from analyzers.checker import rule_set
from analyzers.engine import check_tree
from analyzers.errors import ConfigError
from analyzers.plugin_config import ConfigCache
from gauntlet import __version__

if TYPE_CHECKING:
    from flake8.options.manager import OptionManager

# flake8 expects (line, column, "CODE message", type) with a 0-based column.
Report = tuple[int, int, str, type[Any]]

CONFIG_ERROR_CODE = "GTL000"


class Plugin:
    """The flake8 checker class: one instance per file."""

    name = "micro-gauntlet"
    version = __version__
    configs: ClassVar[ConfigCache] = ConfigCache()

    def __init__(self, tree: ast.AST, filename: str, lines: Sequence[str]) -> None:
        self.tree = tree
        self.filename = filename
        self.lines = lines

    @classmethod
    def add_options(cls, option_manager: OptionManager) -> None:
        option_manager.add_option(
            "--gauntlet-config",
            default=None,
            metavar="PATH",
            parse_from_config=True,
            normalize_paths=True,
            help="TOML file whose [tool.gauntlet] table applies to every file "
            "(default: the nearest pyproject.toml with that table above each "
            "file, found once per folder)",
        )

    @classmethod
    def parse_options(cls, options: argparse.Namespace) -> None:
        config_file = options.gauntlet_config
        cls.configs = ConfigCache(config_file)
        if config_file is None:
            return
        try:
            cls.configs.config_for(config_file)
        except ConfigError as err:
            from flake8.exceptions import ExecutionError

            raise ExecutionError(f"--gauntlet-config: {err}") from err

    def run(self) -> Iterator[Report]:
        try:
            config = self.configs.config_for(self.filename)
        except ConfigError as err:
            first_line = str(err).splitlines()[0]
            yield (
                1,
                0,
                f"{CONFIG_ERROR_CODE} invalid configuration: {first_line}",
                type(self),
            )
            return
        if not isinstance(self.tree, ast.Module):
            return
        if not rule_set(config).may_match("".join(self.lines).encode()):
            return
        for diagnostic in check_tree(self.tree, self.lines, self.filename, config):
            message = f"{diagnostic.code} {diagnostic.message}"
            yield diagnostic.line, diagnostic.column - 1, message, type(self)
