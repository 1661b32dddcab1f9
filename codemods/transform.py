"""Find each reported expression in the libcst tree and apply its fix."""

from __future__ import annotations

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

Span = tuple[int, int, int, int]
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
        make_spelling: Callable[[], Spelling],
        unsafe: bool,
        outcome: FixOutcome,
    ) -> None:
        super().__init__()
        self.sites = sites
        self.make_spelling = make_spelling
        self.unsafe = unsafe
        self.outcome = outcome

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
    diagnostics: Sequence[FixableDiagnostic],
    make_spelling: Callable[[], Spelling],
    unsafe: bool,
) -> FixOutcome:
    """Apply the fix of every diagnostic to ``module``, innermost first."""
    spans: dict[Span, list[FixableDiagnostic]] = {}
    for diagnostic in diagnostics:
        spans.setdefault(diagnostic_span(diagnostic), []).append(diagnostic)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    locator = _Locator(spans)
    wrapper.visit(locator)
    outcome = FixOutcome(module=module)
    for diagnostic in diagnostics:
        if id(diagnostic) not in locator.found:
            reason = "the reported expression was not found in the libcst tree"
            outcome.skipped.append(_skipped(diagnostic, reason))
    applier = _Applier(locator.sites, make_spelling, unsafe, outcome)
    outcome.module = module.visit(applier)
    return outcome
