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
    return Masker(source, hot).mask()


def statement_lists(tree: ast.AST) -> Iterator[list[ast.stmt]]:
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            value = getattr(node, field, None)
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                yield value


def expected_tree(source: str, blanked: list[tuple[int, int]]) -> str:
    """Dump the full tree with the blanked statements replaced by one pass.

    Consecutive statements of one list that lie in the same blanked range
    become a single ``pass``: a blanked statement, or a blanked body.
    """
    tree = ast.parse(source)
    for statements in list(statement_lists(tree)):
        replaced: list[ast.stmt] = []
        previous = None
        for statement in statements:
            first = min(
                [statement.lineno]
                + [d.lineno for d in getattr(statement, "decorator_list", [])]
            )
            last = statement.end_lineno or first
            inside = next((r for r in blanked if r[0] <= first and last <= r[1]), None)
            if inside is None:
                replaced.append(statement)
            elif inside != previous:
                replaced.append(ast.Pass())
            previous = inside
        statements[:] = replaced
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
            limit = 3

            def method(self):
                total = 2
                return total

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
    "alias of datetime.time used by combine": """
        from datetime import time as clock_time
        later = clock_time

        def build(day):
            first = 1
            second = 2
            return datetime.datetime.combine(day, later(0))
    """,
    "local getattr shadows the builtin": """
        def getattr(obj, name):
            return None

        stamp = getattr(time, "time")()
    """,
    "subclass method hides the base member": """
        class Clock(datetime.datetime):
            def now(self):
                return 1

            def other(self):
                first = 1
                second = 2
                return first + second

        value = Clock.now()
        later = Clock.utcnow()
    """,
    "star import of an unknown module": """
        alias = dt

        def helper():
            return 1

        from os import *
        value = alias.now()
    """,
    "clauses, decorators and match": """
        @first
        @second(
            1,
        )
        def decorated():
            return 1

        if flag:
            a = 1
            b = 2
            c = 3
            d = 4
            e = 5
            f = dt.now()
        elif other:
            g = 1
        else:
            h = 2

        try:
            i = 1
            j = 2
            k = 3
            m = 4
            n = 5
            o = time.time()
        except ValueError:
            p = 1
        finally:
            q = 2

        match command:
            case "now":
                r = dt.now()
            case _:
                s = 1
    """,
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
    assert "return total" not in masked
    assert "limit = 3" in masked  # a class body binds names: kept
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
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
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
