"""What a rule is: its metadata, its examples and the context it reports into."""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from analyzers.config import Config
from analyzers.resolution import Reference

# A line of an invalid example that ends with this comment must be reported.
EXPECT_MARK = "# expect: "


@dataclasses.dataclass(frozen=True)
class Rule:
    """One rule code with everything its documentation and tests need.

    ``messages`` maps a variant name to its message template. ``fix_kind``
    names the fix the codemods apply; None means there is no automatic fix.
    ``fixable_variants`` lists the variants that fix applies to.
    ``invalid`` examples mark each line that must be reported with
    ``# expect: CODE``; ``valid`` examples must produce no report of the code.
    ``example_config`` is the ``[tool.gauntlet]`` table the examples run with.
    """

    code: str
    symbol: str
    summary: str
    explanation: str
    messages: Mapping[str, str]
    valid: tuple[str, ...]
    invalid: tuple[str, ...]
    preset: str | None = None
    fix_kind: str | None = None
    fixable_variants: frozenset[str] = frozenset()
    example_config: Mapping[str, Any] = dataclasses.field(
        default_factory=lambda: {"presets": ["clock", "naive-datetime"]}
    )

    def message(self, variant: str, **values: object) -> str:
        return self.messages[variant].format(**values)


@dataclasses.dataclass(frozen=True)
class Finding:
    """A rule's report before the engine turns it into a Diagnostic."""

    rule: Rule
    node: ast.AST
    message: str
    target: str | None
    variant: str
    statement: ast.AST | None
    replacement: str | None = None


@dataclasses.dataclass
class CheckContext:
    """The file being checked and the findings collected for it."""

    path: str
    config: Config
    # Resolves another expression of the file, e.g. an argument's callee.
    resolve: Callable[[ast.expr], str | None]
    findings: list[Finding] = dataclasses.field(default_factory=list)

    def report(
        self,
        rule: Rule,
        reference: Reference,
        variant: str,
        node: ast.AST | None = None,
        replacement: str | None = None,
        **values: object,
    ) -> bool:
        if not self.config.is_enabled(rule.code):
            return False
        self.findings.append(
            Finding(
                rule=rule,
                node=reference.node if node is None else node,
                message=rule.message(variant, target=reference.target, **values),
                target=reference.target,
                variant=variant,
                statement=reference.statement,
                replacement=replacement,
            )
        )
        return True


# A handler checks one reference to a target it registered for and returns
# True when it reported it.
Handler = Callable[[Reference, CheckContext], bool]
