"""Find each reported expression in the libcst tree and apply its fix."""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from codemods.errors import FixSkipped
from codemods.fixes import FIXES, FixableDiagnostic, RemovedName, Site
from codemods.imports import ImportRequest
from codemods.layout import comments_in
from codemods.results import AppliedFix, SkippedFix
from codemods.spelling import Spelling
from codemods.statements import (
    Location,
    locate_statement,
    replace_statement,
    statement_at,
    top_location,
)

Span = tuple[int, int, int, int]
# (dotted name of the rewritten use, dotted names a fix writes) -> why the
# fix must not be made, or None
WrittenCheck = Callable[[str | None, Sequence[str]], str | None]
# A banned API with a configured replacement wins over adding a tz to the
# same call: the replacement is what the project asked for.
PRIORITY = {"replace-api": 0}


@dataclass
class FixOutcome:
    """What the transformer did to one module."""

    module: cst.Module
    applied: list[AppliedFix] = field(default_factory=list)
    skipped: list[SkippedFix] = field(default_factory=list)
    imports: list[ImportRequest] = field(default_factory=list)
    removed: list[RemovedName] = field(default_factory=list)
    # (old, new) pairs of the statements the fixes visited and rebuilt
    replaced: list[tuple[cst.CSTNode, cst.CSTNode]] = field(default_factory=list)


@dataclass(frozen=True)
class _Entry:
    diagnostic: FixableDiagnostic
    is_call: bool


def diagnostic_span(diagnostic: FixableDiagnostic) -> Span:
    """Return the libcst span: 1-based lines and 0-based character columns."""
    return (
        diagnostic.line,
        diagnostic.column - 1,
        diagnostic.end_line,
        diagnostic.end_column - 1,
    )


class _Locator(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, spans: dict[Span, list[FixableDiagnostic]]) -> None:
        super().__init__()
        self.spans = spans
        self.calls_by_func: dict[int, cst.Call] = {}
        self.sites: dict[int, list[_Entry]] = {}
        self.found: set[int] = set()
        self.expected: list[FixableDiagnostic] = []

    def visit_Call(self, node: cst.Call) -> None:
        self.calls_by_func[id(node.func)] = node
        self._match(node, node, is_call=True)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._match_reference(node)

    def visit_Name(self, node: cst.Name) -> None:
        self._match_reference(node)

    def _match_reference(self, node: cst.BaseExpression) -> None:
        call = self.calls_by_func.get(id(node))
        if call is not None:
            self._match(node, call, is_call=True)
        else:
            self._match(node, node, is_call=False)

    def _match(self, node: cst.CSTNode, site: cst.CSTNode, is_call: bool) -> None:
        position: CodeRange = self.get_metadata(PositionProvider, node)
        span = (
            position.start.line,
            position.start.column,
            position.end.line,
            position.end.column,
        )
        for diagnostic in self.spans.get(span, ()):
            if id(diagnostic) in self.found:
                continue
            self.found.add(id(diagnostic))
            self.sites.setdefault(id(site), []).append(_Entry(diagnostic, is_call))


class _Applier(cst.CSTTransformer):
    def __init__(
        self,
        sites: dict[int, list[_Entry]],
        run: _Run,
    ) -> None:
        super().__init__()
        self.sites = sites
        self.make_spelling = run.make_spelling
        self.unsafe = run.unsafe
        self.check_written = run.check_written
        self.outcome = run.outcome

    def on_leave(  # type: ignore[override]
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode:
        entries = self.sites.get(id(original_node))
        if not entries or not isinstance(updated_node, cst.BaseExpression):
            return updated_node
        ordered = sorted(
            entries, key=lambda e: PRIORITY.get(e.diagnostic.fix_kind or "", 1)
        )
        for index, entry in enumerate(ordered):
            replacement = self._try(entry, updated_node)
            if replacement is not None:
                for other in ordered[index + 1 :]:
                    self._record_applied(
                        other, f"resolved by the {entry.diagnostic.code} fix"
                    )
                return replacement
        return updated_node

    def _try(
        self, entry: _Entry, node: cst.BaseExpression
    ) -> cst.BaseExpression | None:
        diagnostic = entry.diagnostic
        spelling = self.make_spelling()
        fix = FIXES[diagnostic.fix_kind or ""]
        try:
            edit = fix(Site(diagnostic, node, entry.is_call), spelling, self.unsafe)
            lost = comments_in(node) - comments_in(edit.replacement)
            if lost:
                comment = next(iter(lost))
                raise FixSkipped(f"the fix would drop the comment {comment!r}")
            written = [*edit.written, *spelling.written]
            banned = self.check_written(diagnostic.target, written)
            if banned is not None:
                raise FixSkipped(banned)
        except FixSkipped as skipped:
            self.outcome.skipped.append(_skipped(diagnostic, skipped.reason))
            return None
        self.outcome.imports += spelling.requests
        self.outcome.removed += edit.removed
        self._record_applied(entry, edit.description, edit.note)
        return edit.replacement

    def _record_applied(
        self, entry: _Entry, description: str, note: str | None = None
    ) -> None:
        diagnostic = entry.diagnostic
        applied = AppliedFix(
            diagnostic.line, diagnostic.column, diagnostic.code, description, note
        )
        self.outcome.applied.append(applied)


def _skipped(diagnostic: FixableDiagnostic, reason: str) -> SkippedFix:
    return SkippedFix(diagnostic.line, diagnostic.column, diagnostic.code, reason)


def apply_fixes(
    module: cst.Module,
    tree: ast.Module,
    diagnostics: Sequence[FixableDiagnostic],
    make_spelling: Callable[[], Spelling],
    unsafe: bool,
    *,
    check_written: WrittenCheck,
) -> FixOutcome:
    """Apply the fix of every diagnostic to ``module``, innermost first.

    Only the innermost statements that contain a diagnostic are visited,
    unless the statement search fails; then the whole module is. A fix
    for which ``check_written`` returns a reason is skipped.
    """
    outcome = FixOutcome(module=module)
    run = _Run(make_spelling, unsafe, check_written, outcome)
    groups = _group_by_statement(module, tree, diagnostics)
    if groups is None:
        located = run.locate(module, Location((), 0, 0), diagnostics)
        run.report_missing(located)
        outcome.module = run.transform(module, located)
        outcome.replaced.append((module, outcome.module))
        return outcome
    plans = _plan(module, tree, groups, run)
    for location, single, located in plans:
        run.report_missing(located)
        fixed = run.transform(single, located)
        outcome.replaced.append((single.body[0], fixed.body[0]))
        module = replace_statement(module, location.path, fixed.body[0])
    outcome.module = module
    return outcome


def _plan(
    module: cst.Module,
    tree: ast.Module,
    groups: list[tuple[Location, list[FixableDiagnostic]]],
    run: _Run,
) -> list[tuple[Location, cst.Module, _Locator]]:
    """Locate every group in its statement, or in its top-level statement.

    A multi-line string shifts the columns of what follows it inside a
    nested statement, so a group with a node not found there is located
    again, with every other group of the same top-level statement, in the
    top-level statement, whose columns are the file's.
    """
    plans: list[tuple[Location, cst.Module, _Locator]] = []
    fallback: dict[int, list[FixableDiagnostic]] = {}
    for location, group in groups:
        single = _single_statement(module, statement_at(module, location.path))
        located = run.locate(single, location, group)
        if len(located.found) < len(group) and len(location.path) > 1:
            fallback[location.path[0]] = []
        plans.append((location, single, located))
    if not fallback:
        return plans
    kept = []
    for location, single, located in plans:
        top = location.path[0]
        if top in fallback:
            fallback[top].extend(located.expected)
        else:
            kept.append((location, single, located))
    for top, group in fallback.items():
        location = top_location(module, tree, top)
        single = _single_statement(module, module.body[top])
        kept.append((location, single, run.locate(single, location, group)))
    return kept


def _group_by_statement(
    module: cst.Module, tree: ast.Module, diagnostics: Sequence[FixableDiagnostic]
) -> list[tuple[Location, list[FixableDiagnostic]]] | None:
    """Group diagnostics by statement, merging a statement into its container."""
    groups: dict[tuple[int, ...], tuple[Location, list[FixableDiagnostic]]] = {}
    for diagnostic in diagnostics:
        location = locate_statement(module, tree, diagnostic.line, diagnostic.end_line)
        if location is None:
            return None
        groups.setdefault(location.path, (location, []))[1].append(diagnostic)
    merged: list[tuple[Location, list[FixableDiagnostic]]] = []
    for path in sorted(groups, key=len):
        location, group = groups[path]
        outer = next((m for m in merged if path[: len(m[0].path)] == m[0].path), None)
        if outer is None:
            merged.append((location, list(group)))
        else:
            outer[1].extend(group)
    return merged


def _single_statement(module: cst.Module, statement: cst.BaseStatement) -> cst.Module:
    return cst.Module(
        body=[statement],  # type: ignore[list-item]
        default_indent=module.default_indent,
        default_newline=module.default_newline,
    )


@dataclass(frozen=True)
class _Run:
    make_spelling: Callable[[], Spelling]
    unsafe: bool
    check_written: WrittenCheck
    outcome: FixOutcome

    def locate(
        self,
        module: cst.Module,
        location: Location,
        diagnostics: Sequence[FixableDiagnostic],
    ) -> _Locator:
        """Find the nodes of ``diagnostics`` in ``module``.

        ``module`` is the whole file, or one statement of it; then its
        positions are shifted by the statement's first line and indent.
        """
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        shift = 0
        if location.path:
            positions = wrapper.resolve(PositionProvider)
            shift = location.anchor - positions[module.body[0]].start.line
        spans: dict[Span, list[FixableDiagnostic]] = {}
        for diagnostic in diagnostics:
            line, column, end_line, end_column = diagnostic_span(diagnostic)
            span = (
                line - shift,
                column - location.indent,
                end_line - shift,
                end_column - location.indent,
            )
            spans.setdefault(span, []).append(diagnostic)
        locator = _Locator(spans)
        wrapper.visit(locator)
        locator.expected = list(diagnostics)
        return locator

    def report_missing(self, locator: _Locator) -> None:
        for diagnostic in locator.expected:
            if id(diagnostic) not in locator.found:
                reason = "the reported expression was not found in the libcst tree"
                self.outcome.skipped.append(_skipped(diagnostic, reason))

    def transform(self, module: cst.Module, locator: _Locator) -> cst.Module:
        applier = _Applier(locator.sites, self)
        return module.visit(applier)
