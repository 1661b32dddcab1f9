"""pylint plugin: the gauntlet rules as pylint messages.

Enable it with ``load-plugins=analyzers.pylint_plugin``. Every rule code gets
a message id in pylint's plugin range and the rule's symbol: ``GTL0nn`` is
``W51nn``, ``GTL1nn`` is ``W52nn`` and ``GTL9nn`` is ``W60nn``, so a rule's id
follows from its code. pylint requires all ids of one checker to share their
two middle digits, so each rule family has its own checker. The families share
one analysis per module, which the first of them to visit the module runs.

The analysis is what ``gauntlet lint`` does for the file (same rules, same
``[tool.gauntlet]`` table, same ``# noqa`` handling) plus the calls that only
astroid inference resolves (see :mod:`analyzers.astroid_inference`).
``# pylint: disable=SYMBOL`` works as for any pylint message.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pylint.checkers import BaseChecker
from pylint.constants import WarningScope
from pylint.typing import ExtraMessageOptions, MessageDefinitionTuple

from analyzers.astroid_inference import inferred_diagnostics, may_infer
from analyzers.checker import rule_set
from analyzers.config import Config
from analyzers.diagnostic import Diagnostic, SourceError
from analyzers.engine import check_tree, filter_noqa, unused_only
from analyzers.errors import ConfigError
from analyzers.plugin_config import ConfigCache, one_line_message
from analyzers.rules import Rule, all_rules
from analyzers.source import decode_source

if TYPE_CHECKING:
    from astroid import nodes
    from pylint.lint import PyLinter

CONFIG_ERROR_CODE = "GTL000"
CONFIG_ERROR_SYMBOL = "invalid-gauntlet-config"
FIRST_CHECKER_ID = 51

# Findings come from the ``ast`` analysis with positions, not astroid nodes,
# so the messages are line-based; ``# pylint: disable`` still applies per line.
LINE_SCOPE: ExtraMessageOptions = {"scope": WarningScope.LINE}


def message_id(code: str) -> str:
    """Return the pylint message id of a rule code: GTL102 is W5202."""
    family, number = int(code[3]), code[4:6]
    return f"W{FIRST_CHECKER_ID + family}{number}"


@dataclass
class ModuleAnalysis:
    """The diagnostics of the module being linted, shared by the checkers."""

    configs: ConfigCache = field(default_factory=ConfigCache)
    module: nodes.Module | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    config_error: ConfigError | None = None

    def analyze(self, module: nodes.Module) -> None:
        """Compute the diagnostics of ``module`` unless they are already known."""
        if module is self.module:
            return
        self.module = module
        self.diagnostics = []
        self.config_error = None
        if not module.file:
            return
        try:
            config = self.configs.config_for(module.file)
        except ConfigError as err:
            self.config_error = err
            return
        if config.is_excluded(module.file):
            return
        self.diagnostics = analyze_module(module, config)


def analyze_module(module: nodes.Module, config: Config) -> list[Diagnostic]:
    """Run the rules and the astroid additions on one module, then ``# noqa``."""
    path = module.file
    with module.stream() as stream:
        data = stream.read()
    rules = rule_set(config)
    if not may_infer(data, config):
        return unused_only(data, path, config)
    decoded = decode_source(data, path)
    if isinstance(decoded, SourceError):
        return []  # pylint reports files it cannot decode itself
    try:
        tree = ast.parse(decoded.text, filename=path)
    except (SyntaxError, ValueError):
        return []  # pylint reports syntax errors itself

    diagnostics = []
    if rules.may_match(data):
        diagnostics = check_tree(tree, decoded.lines, path, config)
    diagnostics.extend(
        inferred_diagnostics(module, tree, decoded.lines, config, diagnostics)
    )
    return filter_noqa(diagnostics, decoded, path, config)


class FamilyChecker(BaseChecker):
    """Report the diagnostics of one rule family (one first digit of the code)."""

    name = "gauntlet"

    def __init__(
        self,
        linter: PyLinter,
        messages: dict[str, MessageDefinitionTuple],
        analysis: ModuleAnalysis,
        options: Any = (),
    ) -> None:
        self.msgs = messages
        self.options = options
        self.analysis = analysis
        super().__init__(linter)

    def open(self) -> None:
        if self.options:
            self.analysis.configs = ConfigCache(self.linter.config.gauntlet_config)
            self.analysis.module = None

    def visit_module(self, node: nodes.Module) -> None:
        self.analysis.analyze(node)
        error = self.analysis.config_error
        if error is not None and message_id(CONFIG_ERROR_CODE) in self.msgs:
            self.add_message(
                CONFIG_ERROR_SYMBOL, line=1, args=(one_line_message(error),)
            )
        for diagnostic in self.analysis.diagnostics:
            if message_id(diagnostic.code) in self.msgs:
                self.add_message(
                    message_id(diagnostic.code),
                    line=diagnostic.line,
                    col_offset=diagnostic.column - 1,
                    end_lineno=diagnostic.end_line,
                    end_col_offset=diagnostic.end_column - 1,
                    args=(diagnostic.message,),
                )


def message_definition(rule: Rule) -> MessageDefinitionTuple:
    """Return pylint's (template, symbol, description, options) for one rule."""
    return ("%s", rule.symbol, f"{rule.summary}. {rule.explanation}", LINE_SCOPE)


CONFIG_ERROR_MESSAGE = (
    "invalid configuration: %s",
    CONFIG_ERROR_SYMBOL,
    "The [tool.gauntlet] table that applies to the file, or the file given "
    "with --gauntlet-config, is invalid, so the file was not checked. The "
    "message names the file, the key and the fix.",
    LINE_SCOPE,
)

CONFIG_OPTION = (
    (
        "gauntlet-config",
        {
            "default": None,
            "type": "string",
            "metavar": "<file>",
            "help": "TOML file whose [tool.gauntlet] table applies to every "
            "module (default: the nearest pyproject.toml with that table "
            "above each module, found once per folder).",
        },
    ),
)


def register(linter: PyLinter) -> None:
    """Register one checker per rule family; pylint calls this on load."""
    families: dict[str, dict[str, MessageDefinitionTuple]] = {
        CONFIG_ERROR_CODE[3]: {message_id(CONFIG_ERROR_CODE): CONFIG_ERROR_MESSAGE}
    }
    for rule in all_rules():
        messages = families.setdefault(rule.code[3], {})
        messages[message_id(rule.code)] = message_definition(rule)
    analysis = ModuleAnalysis()
    for family, messages in sorted(families.items()):
        # The option belongs to the first checker only: pylint rejects an
        # option that two checkers declare.
        options = CONFIG_OPTION if family == CONFIG_ERROR_CODE[3] else ()
        linter.register_checker(FamilyChecker(linter, messages, analysis, options))
