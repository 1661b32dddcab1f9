"""The ``third-party-imports`` check: a solution that uses the stdlib only."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from gauntlet.verify.checks import register_check
from gauntlet.verify.context import CheckContext
from gauntlet.verify.errors import CannotJudgeError, SolutionError
from gauntlet.verify.result import CheckResult
from gauntlet.verify.sources import source_files

# sys.stdlib_module_names exists from Python 3.10, the oldest version supported.
STDLIB = frozenset(sys.stdlib_module_names) | {"__future__"}


def local_modules(files: list[Path], root: Path) -> set[str]:
    """Return the names the solution's own files can be imported as.

    Each file's stem and each folder holding a Python file counts, at any
    depth, because a solution may run from a subfolder or a ``src`` layout.
    """
    names = {path.stem for path in files}
    for path in files:
        names.update(part for part in path.relative_to(root).parent.parts)
    return names


IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})


def catches_import_error(node: ast.Try) -> bool:
    for handler in node.handlers:
        caught = handler.type
        names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
        if any(
            isinstance(name, ast.Name) and name.id in IMPORT_ERRORS for name in names
        ):
            return True
    return False


def optional_imports(tree: ast.Module) -> set[ast.AST]:
    """Return the import nodes in the body of a ``try`` that catches ImportError.

    Such an import is optional: the program runs without the module.
    """
    optional: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and catches_import_error(node):
            for statement in node.body:
                optional.update(ast.walk(statement))
    return optional


def imported_modules(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """Yield (line, top-level module name) for each absolute, required import."""
    optional = optional_imports(tree)
    for node in ast.walk(tree):
        if node in optional:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.partition(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.partition(".")[0]


@register_check("third-party-imports")
def check_third_party_imports(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Fail on any import that is neither the stdlib nor the solution's own."""
    language = context.manifest.language
    if language != "python":
        raise CannotJudgeError(
            f"cannot read the imports of {language!r} sources; only Python "
            "imports are checked"
        )
    files = source_files(context.work, language)
    allowed = (
        STDLIB | local_modules(files, context.work) | set(params.get("allowed", ()))
    )
    found: list[str] = []
    for path in files:
        try:
            tree = ast.parse(path.read_bytes(), filename=str(path))
        except SyntaxError as err:
            raise SolutionError(f"{path.name} does not parse as Python: {err}") from err
        relative = path.relative_to(context.work)
        found.extend(
            f"{relative}:{line} imports {name!r}"
            for line, name in imported_modules(tree)
            if name not in allowed
        )
    if found:
        shown = "; ".join(found[:5])
        return CheckResult.fail(
            f"{len(found)} third-party imports: {shown}", third_party=len(found)
        )
    return CheckResult.ok(
        f"only the standard library and local modules imported in {len(files)} files",
        third_party=0,
    )
