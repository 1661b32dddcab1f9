"""Blanking cold function bodies before parsing changes no result.

Three kinds of test: hand-written layouts that could fool a line-based scan,
generated programs, and every file of the running interpreter's standard
library. Each checks that the blanked text parses to the same tree with
only the chosen bodies replaced by ``pass``, and the hand-written and
generated ones also check that the findings are those of the full text.
"""

from __future__ import annotations

import ast
import sysconfig
import textwrap
from collections.abc import Iterator
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings

from analyzers import engine
from analyzers.config import Config
from analyzers.engine import check_source
from analyzers.masking import Masker
from analyzers.resolution.hotlines import HotLines

CONFIG = Config(root="/", presets=("clock", "naive-datetime"))
HEADER = "import datetime, time\nfrom datetime import datetime as dt\n"


def blanked_text(
    source: str, names: tuple[str, ...] = ()
) -> tuple[str, list[tuple[int, int]]]:
    hot = HotLines(source)
    for name in names:
        hot.track(name)
    return Masker(source, hot, ("datetime", "time")).mask()


def functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def expected_tree(source: str, blanked: list[tuple[int, int]]) -> str:
    """Dump the full tree with the bodies in ``blanked`` replaced by pass."""
    tree = ast.parse(source)
    replaced = 0
    for node in functions(tree):
        first, last = node.body[0].lineno, node.body[-1].end_lineno or 0
        for start, end in blanked:
            if start <= first and last <= end and node.lineno < start:
                node.body = [ast.Pass()]
                replaced += 1
                break
    # Nested bodies are inside a replaced one, so each range matches once.
    assert replaced == len(blanked)
    return ast.dump(tree, include_attributes=False)


def assert_same_shape(
    source: str, names: tuple[str, ...] = ()
) -> list[tuple[int, int]]:
    masked, blanked = blanked_text(source, names)
    assert masked.count("\n") == source.count("\n")
    actual = ast.dump(ast.parse(masked), include_attributes=False)
    assert actual == expected_tree(source, blanked)
    return blanked


def findings(source: str) -> list[tuple[int, int, str]]:
    report = check_source(source, "example.py", CONFIG)
    assert not report.errors
    return [(d.line, d.column, d.code) for d in report.diagnostics]


def assert_same_findings(source: str) -> None:
    with_masking = findings(source)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(engine, "check_masked", lambda *args: None)
        assert findings(source) == with_masking


LAYOUTS = {
    "string holding a def": '''
        def cold():
            text = """
        def inner():
            return 1
        """
            return text

        def hot():
            return datetime.datetime.now()
    ''',
    "bracket closed at column 0": """
        def cold():
            value = compute(
        1, 2)
            return value

        def hot():
            return time.time()
    """,
    "backslash continuation at column 0": """
        def cold():
            value = 1 + \\
        2
            return value
        x = dt.now()
    """,
    "multi-line header": """
        def cold(
            a,
            b,
        ) -> int:
            return a + b
        y = dt.now()
    """,
    "one-line body": """
        def cold(): return 1
        def hot(): return dt.now()
    """,
    "decorated and async": """
        @decorator
        async def cold(x):
            await x
            return x

        class Holder:
            def method(self):
                return 2

            def hot(self):
                return dt.utcnow()
    """,
    "comment at column 0 inside a body": """
        def cold():
            a = 1
        # a comment between statements
            return a
        z = time.time()
    """,
    "nested function rebinds through nonlocal": """
        def outer():
            clock = None
            def inner():
                nonlocal clock
                clock = 1
            return clock
        w = time.time()
    """,
    "f-string with braces": """
        def cold():
            return f"{{literal}} {value!r:>{width}}"
        v = dt.now()
    """,
    "body ending the file without a newline": "def cold():\n    return 1",
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_layouts_keep_their_shape_and_findings(name: str) -> None:
    source = HEADER + textwrap.dedent(LAYOUTS[name])
    assert_same_shape(source, ("datetime", "time", "dt"))
    assert_same_findings(source)


def test_cold_bodies_are_blanked_and_hot_ones_kept() -> None:
    source = HEADER + textwrap.dedent(LAYOUTS["decorated and async"])
    blanked = assert_same_shape(source, ("datetime", "time", "dt"))
    masked = blanked_text(source, ("datetime", "time", "dt"))[0]
    assert "await x" not in masked
    assert "return 2" not in masked
    assert "dt.utcnow()" in masked
    assert len(blanked) == 2


def test_a_rebinding_in_a_blanked_body_is_caught() -> None:
    # ``clock`` is not an imported name, so the first attempt blanks
    # ``use``; the resolver then tracks ``clock`` and the second attempt
    # keeps the body.
    source = HEADER + textwrap.dedent(
        """
        clock = datetime.datetime.now

        def use():
            return clock()
        """
    )
    assert (7, 12, "GTL001") in findings(source)
    assert_same_findings(source)


def test_tabs_and_carriage_returns_are_left_alone() -> None:
    tabbed = "def cold():\n\treturn 1\nx = 1\n"
    assert blanked_text(tabbed)[1] == []
    crlf = "def cold():\r\n    return 1\r\n"
    assert blanked_text(crlf)[1] == []


def check_generated(source: str) -> None:
    try:
        ast.parse(source)
    except (SyntaxError, ValueError):
        return
    assert_same_shape(source)
    full = HEADER + source
    try:
        ast.parse(full)
    except (SyntaxError, ValueError):
        return
    assert_same_findings(full)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_grammar())
def test_generated_programs_keep_their_shape(source: str) -> None:
    check_generated(source)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_grammar())
def test_many_generated_programs_keep_their_shape(source: str) -> None:
    check_generated(source)


def standard_library() -> list[Path]:
    folder = Path(sysconfig.get_paths()["stdlib"])
    return sorted(
        path
        for path in folder.rglob("*.py")
        if "site-packages" not in path.parts and "dist-packages" not in path.parts
    )


def test_standard_library_files_keep_their_shape() -> None:
    """Blank every body (no name is hot) and compare with the real tree.

    Every third file, to keep the suite quick (all of them take about 35 s;
    none differed when this was written).
    """
    assert check_standard_library(standard_library()[::3]) > 200


def check_standard_library(paths: list[Path]) -> int:
    checked = 0
    for path in paths:
        try:
            source = path.read_text(encoding="utf-8")
            ast.parse(source)
        except (SyntaxError, ValueError, UnicodeDecodeError):
            continue
        assert_same_shape(source), path
        checked += 1
    return checked
