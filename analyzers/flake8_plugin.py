"""flake8 plugin: the gauntlet rules reported as flake8 ``GTL`` codes.

flake8 finds the plugin through the ``flake8.extension`` entry point ``GTL``
and gives it each file's ``ast`` tree and lines. The plugin runs the same core
as ``gauntlet lint`` (``analyzers.engine.check_tree``) with the
``[tool.gauntlet]`` table of the nearest pyproject.toml above the file, or of
the file given with ``--gauntlet-config``. The ``select`` and ``ignore`` keys
of the table apply first, then flake8's own ``--select``, ``--ignore`` and
``# noqa`` handling.

A file without any name a rule watches is rejected by the same text prefilter
``gauntlet lint`` uses, before the tree is walked, so most files cost a
few substring searches.
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from analyzers.checker import rule_set
from analyzers.config import Config
from analyzers.diagnostic import Diagnostic
from analyzers.engine import check_tree, filter_noqa
from analyzers.errors import ConfigError
from analyzers.plugin_config import ConfigCache, one_line_message
from analyzers.source import SourceText
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
    disable_noqa: ClassVar[bool] = False

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
        cls.disable_noqa = bool(options.disable_noqa)
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
            summary = one_line_message(err)
            message = f"{CONFIG_ERROR_CODE} invalid configuration: {summary}"
            yield 1, 0, message, type(self)
            return
        if not isinstance(self.tree, ast.Module) or config.is_excluded(self.filename):
            return
        for diagnostic in self.diagnostics(config):
            message = f"{diagnostic.code} {diagnostic.message}"
            yield diagnostic.line, diagnostic.column - 1, message, type(self)

    def diagnostics(self, config: Config) -> list[Diagnostic]:
        """Check the file, then apply ``# noqa`` as ``gauntlet lint`` does.

        flake8 honours a ``# noqa`` comment only on the line it reports, the
        first line of the expression. ``gauntlet lint`` also accepts one on
        the last line of the statement, and reports unused ones as GTL901;
        the plugin does both too, unless flake8 runs with ``--disable-noqa``.
        """
        assert isinstance(self.tree, ast.Module)
        text = "".join(self.lines)
        diagnostics = []
        if rule_set(config).may_match(text.encode()):
            diagnostics = check_tree(self.tree, self.lines, self.filename, config)
        elif "GTL" not in text and "gtl" not in text:
            return []
        if self.disable_noqa:
            return diagnostics
        source = SourceText(text=text, lines=list(self.lines))
        return filter_noqa(diagnostics, source, self.filename, config)
