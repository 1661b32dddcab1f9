"""List our naive-datetime findings next to ruff's DTZ findings, and classify
every difference.

Usage: ``python benchmarks/lint_findings_diff.py``

Both tools run on the benchmark tree (see ``lint_tree.py``): ``gauntlet lint
--select GTL1`` (the naive-datetime family) and ``ruff check`` with ``DTZ``.
A finding matches when the file, line, column and the rule (through
``RUFF_EQUIVALENT``) agree. Every finding only one tool has gets a class from
the checks below, decided from the syntax tree around it. The classes, with
an example of each, go to stdout as Markdown, and every difference goes to
``benchmarks/.work/lint_findings_diff.md``.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass

import lint_tree

# Our naive-datetime codes and the ruff rule that covers the same call.
RUFF_EQUIVALENT = {
    "GTL101": "DTZ001",  # datetime(...) without tzinfo
    "GTL102": "DTZ005",  # datetime.now() without tz
    "GTL103": "DTZ003",  # datetime.utcnow()
    "GTL104": "DTZ004",  # datetime.utcfromtimestamp()
    "GTL105": "DTZ002",  # datetime.today()
    "GTL106": "DTZ006",  # datetime.fromtimestamp() without tz
    "GTL107": "DTZ007",  # datetime.strptime() without %z
    "GTL108": "DTZ011",  # date.today()
    "GTL111": "DTZ012",  # date.fromtimestamp()
    "GTL112": "DTZ901",  # datetime.min / datetime.max
}
OUTPUT = lint_tree.WORK / "lint_findings_diff.md"


@dataclass(frozen=True)
class Finding:
    path: str  # relative to the tree
    line: int
    column: int
    code: str  # the ruff code, ours translated
    tool: str
    original_code: str
    message: str

    def key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


def run_json(argv: list[str]) -> object:
    completed = subprocess.run(
        argv, cwd=lint_tree.TREE, capture_output=True, text=True, check=False
    )
    if completed.returncode not in (0, 1, 2) or not completed.stdout.strip():
        raise SystemExit(f"{' '.join(argv)} failed:\n{completed.stderr[-2000:]}")
    return json.loads(completed.stdout)


def our_findings() -> tuple[list[Finding], set[str]]:
    """Run gauntlet lint; return the findings and the files it could not check."""
    gauntlet = lint_tree.tool_path("gauntlet")
    data = run_json(
        [gauntlet, "lint", "--no-cache", "--format", "json", "--select", "GTL1", "."]
    )
    assert isinstance(data, dict)
    findings = [
        Finding(
            path=relative(item["path"]),
            line=item["line"],
            column=item["column"],
            code=RUFF_EQUIVALENT.get(item["code"], item["code"]),
            tool="gauntlet",
            original_code=item["code"],
            message=item["message"],
        )
        for item in data["diagnostics"]
    ]
    unreadable = {relative(item["path"]) for item in data["errors"]}
    return findings, unreadable


def ruff_findings() -> list[Finding]:
    ruff = lint_tree.tool_path("ruff")
    data = run_json([ruff, "check", "--no-cache", "--output-format", "json", "."])
    assert isinstance(data, list)
    return [
        Finding(
            path=relative(item["filename"]),
            line=item["location"]["row"],
            column=item["location"]["column"],
            code=item["code"],
            tool="ruff",
            original_code=item["code"],
            message=item["message"],
        )
        for item in data
        if item["code"] and item["code"].startswith("DTZ")
    ]


def relative(path: str) -> str:
    """Return a tool's path (relative to the tree or absolute) relative to the tree."""
    absolute = (lint_tree.TREE / path).resolve()
    return absolute.relative_to(lint_tree.TREE.resolve()).as_posix()


class SyntaxIndex:
    """The parsed files of the tree, to look at the code around a finding."""

    def __init__(self) -> None:
        self.trees: dict[str, ast.Module | None] = {}
        self.parents: dict[str, dict[int, ast.AST]] = {}

    def tree(self, path: str) -> ast.Module | None:
        if path not in self.trees:
            try:
                tree: ast.Module | None = ast.parse(
                    (lint_tree.TREE / path).read_bytes()
                )
            except (SyntaxError, ValueError):
                tree = None
            self.trees[path] = tree
            if tree is not None:
                self.parents[path] = {
                    id(child): node
                    for node in ast.walk(tree)
                    for child in ast.iter_child_nodes(node)
                }
        return self.trees[path]

    def nodes_at(self, finding: Finding) -> list[ast.expr]:
        """Return the expressions starting where the finding is, innermost first."""
        tree = self.tree(finding.path)
        if tree is None:
            return []
        line = source_line(finding)
        found = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.expr)
            and node.lineno == finding.line
            and character_column(line, node.col_offset) == finding.column
        ]
        return sorted(found, key=span_size)

    def parent(self, finding: Finding, node: ast.AST) -> ast.AST | None:
        return self.parents.get(finding.path, {}).get(id(node))


def span_size(node: ast.expr) -> tuple[int, int]:
    return (node.end_lineno or node.lineno, node.end_col_offset or node.col_offset)


def source_line(finding: Finding) -> str:
    text = (lint_tree.TREE / finding.path).read_bytes().decode("utf-8", "replace")
    return text.splitlines()[finding.line - 1]


def character_column(line: str, byte_offset: int) -> int:
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", "replace")) + 1


def classify(finding: Finding, index: SyntaxIndex, unreadable: set[str]) -> str:
    """Name the reason only one tool reported ``finding``."""
    if finding.tool == "ruff":
        return "ruff only: " + classify_ruff_only(finding, index, unreadable)
    return "gauntlet only: " + classify_ours_only(finding, index)


def classify_ruff_only(
    finding: Finding, index: SyntaxIndex, unreadable: set[str]
) -> str:
    if finding.path in unreadable:
        return "file gauntlet cannot parse"
    calls = [node for node in index.nodes_at(finding) if isinstance(node, ast.Call)]
    if calls:
        call = calls[0]
        if any(isinstance(arg, ast.Starred) for arg in call.args) or any(
            keyword.arg is None for keyword in call.keywords
        ):
            return "`*args` or `**kwargs` may pass the time zone"
        chain = method_chain(finding, index, call)
        if "astimezone" in chain:
            return "made aware by `.astimezone()`"
        if "replace" in chain:
            return "made aware by `.replace(tzinfo=...)`"
    if unknown_star_import(index.tree(finding.path)):
        return "an unknown star import may rebind the name"
    return "unclassified"


def classify_ours_only(finding: Finding, index: SyntaxIndex) -> str:
    if finding.original_code not in RUFF_EQUIVALENT:
        return f"{finding.original_code} has no ruff rule"
    chains = [
        node
        for node in index.nodes_at(finding)
        if isinstance(node, ast.Name | ast.Attribute)
    ]
    if not chains:
        return "unclassified"
    reference = chains[-1]
    parent = index.parent(finding, reference)
    called = isinstance(parent, ast.Call) and parent.func is reference
    root = reference
    while isinstance(root, ast.Attribute):
        root = root.value
    if isinstance(root, ast.Name) and root.id in subclass_names(
        index.tree(finding.path)
    ):
        return "call of a subclass of `datetime`"
    if not called and finding.code != "DTZ901":
        return "reference, not a call"
    if isinstance(reference, ast.Name):
        return "name assigned from a watched value or callable"
    return "unclassified"


def subclass_names(tree: ast.Module | None) -> set[str]:
    if tree is None:
        return set()
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any("date" in ast.unparse(base) for base in node.bases)
    }


def unknown_star_import(tree: ast.Module | None) -> bool:
    if tree is None:
        return False
    return any(
        isinstance(node, ast.ImportFrom)
        and any(alias.name == "*" for alias in node.names)
        and node.module not in ("datetime", "time")
        for node in ast.walk(tree)
    )


def method_chain(finding: Finding, index: SyntaxIndex, call: ast.Call) -> list[str]:
    """Return the names of the methods called on ``call``'s result, in order."""
    names = []
    current: ast.AST = call
    while True:
        attribute = index.parent(finding, current)
        if not isinstance(attribute, ast.Attribute):
            return names
        outer = index.parent(finding, attribute)
        if not isinstance(outer, ast.Call) or outer.func is not attribute:
            return names
        names.append(attribute.attr)
        current = outer


def main() -> int:
    lint_tree.prepare_tree()
    ours, unreadable = our_findings()
    ruff = ruff_findings()
    ours_keys = {f.key() for f in ours}
    ruff_keys = {f.key() for f in ruff}

    index = SyntaxIndex()
    classes: dict[str, list[Finding]] = defaultdict(list)
    for finding in [*ours, *ruff]:
        other_keys = ruff_keys if finding.tool == "gauntlet" else ours_keys
        if finding.key() not in other_keys:
            classes[classify(finding, index, unreadable)].append(finding)

    print(summary(ours, ruff, len(ours_keys & ruff_keys), classes))
    OUTPUT.write_text(details(classes))
    print(f"\nevery difference: {OUTPUT}", file=sys.stderr)
    return 0


def summary(
    ours: list[Finding],
    ruff: list[Finding],
    both: int,
    classes: dict[str, list[Finding]],
) -> str:
    """Return the Markdown table of difference classes, one example each."""
    lines = [
        f"- gauntlet (GTL1xx): {len(ours)} findings; ruff (DTZ): {len(ruff)}; "
        f"same file, line, column and rule: {both}",
        "",
        "| difference | findings | example |",
        "|---|---|---|",
    ]
    for name, findings in sorted(classes.items()):
        first = findings[0]
        code = source_line(first).strip().replace("|", "\\|")
        lines.append(
            f"| {name} | {len(findings)} | `{first.path}:{first.line}` "
            f"({first.original_code}): `{code[:90]}` |"
        )
    return "\n".join(lines)


def details(classes: dict[str, list[Finding]]) -> str:
    lines = ["# Every finding only one tool reports", ""]
    for name, findings in sorted(classes.items()):
        lines.append(f"## {name} ({len(findings)})")
        lines.append("")
        for finding in sorted(findings, key=Finding.key):
            code = source_line(finding).strip()
            lines.append(
                f"- `{finding.path}:{finding.line}:{finding.column}` "
                f"{finding.original_code}: `{code}`"
            )
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
