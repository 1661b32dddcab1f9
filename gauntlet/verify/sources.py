"""Finding a solution's source files and counting their lines of code."""

from __future__ import annotations

import ast
import io
import os
import tokenize
from collections.abc import Iterator
from pathlib import Path

from gauntlet.verify.errors import CannotJudgeError, SolutionError

# Folders that hold no source of the solution's own.
SKIPPED_FOLDERS = frozenset(
    {".git", ".venv", "venv", "__pycache__", "node_modules", "build", "dist",
     ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox", "bin", "obj"}
)  # fmt: skip

EXTENSIONS: dict[str, tuple[str, ...]] = {
    "python": (".py",),
    "c": (".c", ".h"),
    "cpp": (".cpp", ".cc", ".cxx", ".hpp", ".hh", ".h"),
    "csharp": (".cs",),
    "go": (".go",),
    "java": (".java",),
    "javascript": (".js", ".mjs", ".cjs", ".ts"),
    "rust": (".rs",),
}
C_STYLE = frozenset(EXTENSIONS) - {"python"}


def source_files(root: Path, language: str) -> list[Path]:
    """Return the solution's source files of ``language``, sorted.

    Raises
    ------
    CannotJudgeError
        When the verifier has no rules for ``language``.
    """
    extensions = EXTENSIONS.get(language)
    if extensions is None:
        raise CannotJudgeError(
            f"cannot read {language!r} sources; the verifier reads {sorted(EXTENSIONS)}"
        )
    return sorted(path for path in walk(root) if path.suffix in extensions)


def walk(root: Path) -> Iterator[Path]:
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if name not in SKIPPED_FOLDERS)
        for name in files:
            yield Path(folder) / name


def docstring_lines(tree: ast.Module) -> set[int]:
    """Return the line numbers covered by module, class and function docstrings."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(
            node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
        ):
            continue
        if not node.body:
            continue
        first = node.body[0]
        if (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        ):
            lines.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    return lines


NON_CODE_TOKENS = frozenset(
    {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
     tokenize.DEDENT, tokenize.ENCODING, tokenize.ENDMARKER}
)  # fmt: skip


def python_code_lines(source: bytes) -> int:
    """Count the lines holding Python code: not blank, comment or docstring.

    A line counts once however many tokens it has; a statement over several
    lines counts each of them. Docstrings are documentation and do not count,
    as in cloc; other strings are code.
    """
    lines: set[int] = set()
    for token in tokenize.tokenize(io.BytesIO(source).readline):
        if token.type in NON_CODE_TOKENS:
            continue
        lines.update(range(token.start[0], token.end[0] + 1))
    return len(lines - docstring_lines(ast.parse(source)))


def c_style_code_lines(text: str) -> int:
    """Count the lines outside ``//`` and ``/* */`` comments that are not blank.

    Comment markers inside string literals are taken as comments, so a line
    such as ``s = "/*"`` can make the count low. That is the usual shortcut of
    line counters without a parser per language.
    """
    count = 0
    in_block = False
    for line in text.splitlines():
        code = []
        rest = line
        while rest:
            if in_block:
                end = rest.find("*/")
                if end < 0:
                    rest = ""
                    continue
                in_block = False
                rest = rest[end + 2 :]
                continue
            starts = [i for i in (rest.find("//"), rest.find("/*")) if i >= 0]
            if not starts:
                code.append(rest)
                break
            first = min(starts)
            code.append(rest[:first])
            if rest.startswith("//", first):
                break
            in_block = True
            rest = rest[first + 2 :]
        if "".join(code).strip():
            count += 1
    return count


def code_lines(path: Path, language: str) -> int:
    """Count the lines of code of one file of ``language``.

    Raises
    ------
    SolutionError
        When a Python file does not parse, since its lines cannot be told apart.
    """
    data = path.read_bytes()
    if language != "python":
        return c_style_code_lines(data.decode("utf-8", errors="replace"))
    try:
        return python_code_lines(data)
    except (SyntaxError, tokenize.TokenError) as err:
        raise SolutionError(f"{path.name} does not parse as Python: {err}") from err
