"""Run the enabled rules over one parsed module."""

from __future__ import annotations

import ast
import functools
from collections.abc import Sequence

from analyzers.config import Config
from analyzers.diagnostic import Diagnostic
from analyzers.prefilter import Prefilter
from analyzers.resolution import Reference, Resolver
from analyzers.resolution.hotlines import HotLines
from analyzers.rules import naive_datetime_handlers, naive_datetime_resolved
from analyzers.rules.banned_api import BannedApiCheck, banned_entries
from analyzers.rules.base import CheckContext, Finding, Handler
from analyzers.source import character_column

COMPOUND = (
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.With,
    ast.AsyncWith,
    ast.Try,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Match,
    ast.ExceptHandler,
)


# Walks of one module at most. A second walk starts with every name the
# first one tracked, so it skips only what mentions none of them. A third is
# needed only when the second tracks yet another name mentioned earlier.
# NOTE: a longer chain of such names keeps the findings of the third walk.
WALKS = 3


class RuleSet:
    """The handlers one configuration enables, indexed by watched name."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.handlers: dict[str, list[Handler]] = {}
        resolved: frozenset[str] = frozenset()
        if "naive-datetime" in config.presets:
            for name, handler in naive_datetime_handlers().items():
                self.handlers.setdefault(name, []).append(handler)
            resolved = naive_datetime_resolved()
        entries = banned_entries(config)
        self.banned = BannedApiCheck(entries) if entries else None
        watched = [*self.handlers, *entries]
        self.watched_roots = frozenset(name.split(".")[0] for name in watched)
        self.prefilter = Prefilter(watched)
        # Liveness also follows what handlers resolve without watching it.
        self.live_prefilter = Prefilter([*watched, *resolved])

    def is_watched(self, target: str) -> bool:
        if target in self.handlers:
            return True
        return self.banned is not None and self.banned.match(target) is not None

    def is_live(self, target: str) -> bool:
        """Tell whether ``target`` is watched, under a watched name, or has one
        under it: only then can a chain through it reach a rule."""
        members, covered = self.live_prefilter.members_below(target)
        return covered or bool(members)

    def may_match(self, data: bytes) -> bool:
        """Cheap test on the bytes: False means no rule can report here."""
        return self.prefilter.may_match(data)

    def check(
        self,
        tree: ast.Module,
        path: str,
        source: str | None = None,
        blanked: Sequence[tuple[int, int]] = (),
        hot: HotLines | None = None,
    ) -> list[Finding]:
        """Run the rules on ``tree``.

        ``blanked`` are the line ranges of statements left out of the tree
        (see analyzers.masking), and ``hot`` the mentions the masking used.
        BlankedBodyMatters is raised when a blanked statement mentions a
        name the resolver followed.
        """
        if hot is None and source is not None:
            # Seeded with the imported names, so that a statement before an
            # import counts as hot too (the walk is in source order).
            hot = self.hot_lines(source.encode("utf-8", "surrogatepass"), source)
        for _ in range(WALKS):
            resolver, findings = self.walk(tree, path, source, hot)
            if not resolver.skipped_too_early():
                break
            hot = resolver.hot  # now contains every name tracked in this walk
        if blanked and resolver.skipped_mentions(blanked):
            raise BlankedBodyMatters
        return findings

    def walk(
        self, tree: ast.Module, path: str, source: str | None, hot: HotLines | None
    ) -> tuple[Resolver, list[Finding]]:
        """Resolve the module once and run the handlers on what it finds."""
        resolver = Resolver(
            is_watched=self.is_watched,
            source=source,
            watched_roots=self.watched_roots,
            is_live=self.is_live,
            hot=hot,
        )
        context = CheckContext(path, self.config, resolver.target_of)

        def on_reference(reference: Reference) -> bool:
            reported = False
            for handler in self.handlers.get(reference.target, ()):
                reported = handler(reference, context) or reported
            if self.banned is not None:
                reported = self.banned.check(reference, context) or reported
            return reported

        resolver.handler = on_reference
        try:
            resolver.run(tree)
        finally:
            resolver.handler = None  # break the cycle through context.resolve
        return resolver, context.findings

    def hot_lines(self, data: bytes, text: str) -> HotLines | None:
        """Return the mentions of the names that imports of watched modules
        bind, or None when a star import binds names not listed here."""
        hot = HotLines(text, self.is_live)
        for target, alias, _ in self.prefilter.imports(data):
            if target is None:
                return None
            if self.is_live(target):
                hot.track(alias.decode(errors="replace"), target)
        return hot


class BlankedBodyMatters(Exception):
    """A statement left out before parsing mentions a name the resolver follows."""


@functools.lru_cache(maxsize=8)
def rule_set(config: Config) -> RuleSet:
    return RuleSet(config)


def to_diagnostic(finding: Finding, lines: Sequence[str], path: str) -> Diagnostic:
    node = finding.node
    line = getattr(node, "lineno", 1)
    end_line = getattr(node, "end_lineno", None) or line
    column = character_column(lines, line, getattr(node, "col_offset", 0))
    end_offset = getattr(node, "end_col_offset", None) or 0
    end_column = character_column(lines, end_line, end_offset)
    rule = finding.rule
    fixable = finding.variant in rule.fixable_variants and (
        rule.fix_kind != "replace-api" or finding.replacement is not None
    )
    return Diagnostic(
        path=path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        code=rule.code,
        symbol=rule.symbol,
        message=finding.message,
        target=finding.target,
        fixable=fixable,
        fix_kind=rule.fix_kind if fixable else None,
        replacement=finding.replacement,
        noqa_lines=noqa_lines(line, end_line, finding.statement),
    )


def noqa_lines(line: int, end_line: int, statement: ast.AST | None) -> tuple[int, ...]:
    found = {line, end_line}
    if statement is not None:
        first = getattr(statement, "lineno", line)
        found.add(first)
        if not isinstance(statement, COMPOUND):
            found.add(getattr(statement, "end_lineno", None) or first)
    return tuple(sorted(found))
