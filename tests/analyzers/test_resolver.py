"""Name resolution: what it follows and where it refuses to guess."""

from __future__ import annotations

import ast
import sys
import textwrap

import pytest

from analyzers.resolution import resolve_module
from tests.analyzers.conftest import Lint, lines_and_codes

NAIVE = {"presets": ["naive-datetime"]}
CLOCK = {"presets": ["clock"]}


def test_rebinding_a_method_then_calling(lint: Lint) -> None:
    found = lint(
        """\
        from datetime import datetime
        now = datetime.now
        stamp = now()
        """,
        **NAIVE,
    )
    assert lines_and_codes(found) == [(3, "GTL102")]


def test_nested_attribute_chain(lint: Lint) -> None:
    found = lint("import datetime\nx = datetime.datetime.now()\n", **NAIVE)
    assert lines_and_codes(found) == [(2, "GTL102")]


def test_getattr_with_literal(lint: Lint) -> None:
    found = lint(
        """\
        import datetime
        stamp = getattr(datetime.datetime, "now")()
        """,
        **NAIVE,
    )
    assert lines_and_codes(found) == [(2, "GTL102")]


def test_alias_of_time_class_followed(lint: Lint) -> None:
    # datetime.time is not watched, but the combine check resolves the time
    # argument, so a name bound to it must be followed.
    found = lint(
        """\
        from datetime import datetime, date, time as t
        mytime = t
        value = datetime.combine(date(2020, 1, 1), mytime(0))
        """,
        **NAIVE,
    )
    assert lines_and_codes(found) == [(3, "GTL109")]


def test_getattr_on_module_alias_alone(lint: Lint) -> None:
    # No "time.<member>" appears, so only the getattr call can lead to
    # time.time; the byte prefilter must let the file through.
    found = lint(
        """\
        import time
        stamp = getattr(
            (time),
            "time",
        )()
        """,
        presets=["clock"],
    )
    assert lines_and_codes(found) == [(2, "GTL001")]


def test_getattr_on_other_object_skipped(lint: Lint) -> None:
    found = lint(
        """\
        import time
        stamp = getattr(clock, "time")()
        """,
        presets=["clock"],
    )
    assert found == []


def test_getattr_with_variable_not_guessed(lint: Lint) -> None:
    found = lint(
        """\
        import datetime
        name = "now"
        stamp = getattr(datetime.datetime, name)()
        """,
        **NAIVE,
    )
    assert found == []


def test_subclass_of_datetime_inherits(lint: Lint) -> None:
    found = lint(
        """\
        import datetime
        class Stamp(datetime.datetime):
            pass
        x = Stamp.now()
        """,
        **NAIVE,
    )
    assert lines_and_codes(found) == [(4, "GTL102")]


def test_subclass_override_not_reported(lint: Lint) -> None:
    found = lint(
        """\
        import datetime
        class Stamp(datetime.datetime):
            @classmethod
            def now(cls, tz=None):
                return super().now(datetime.timezone.utc)
        x = Stamp.now()
        """,
        **NAIVE,
    )
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        "def f(datetime):\n    return datetime.now()\n",
        "def f():\n    datetime = object()\n    return datetime.now()\n",
        "def f():\n    return [datetime.now() for datetime in []]\n",
        "f = lambda datetime: datetime.now()\n",
        "def f():\n    for datetime in []:\n        datetime.now()\n",
        "def f():\n    with open('x') as datetime:\n        datetime.now()\n",
        "def f():\n    try:\n        pass\n    except Exception as datetime:\n"
        "        datetime.now()\n",
    ],
    ids=["parameter", "local", "comprehension", "lambda", "loop", "with", "except"],
)
def test_shadowing_hides_import(lint: Lint, source: str) -> None:
    assert lint("from datetime import datetime\n" + source, **NAIVE) == []


def test_local_used_before_assignment_not_resolved(lint: Lint) -> None:
    source = """\
        from datetime import datetime
        def f():
            x = datetime.now()
            datetime = None
            return x
        """
    assert lint(source, **NAIVE) == []


@pytest.mark.skipif(sys.version_info < (3, 12), reason="PEP 695 needs Python 3.12")
def test_type_parameter_shadows_import(lint: Lint) -> None:
    source = """\
        from datetime import datetime
        def f[datetime](value: datetime) -> None:
            datetime.now()
        class Box[datetime]:
            def get(self) -> None:
                datetime.now()
        """
    assert lint(source, **NAIVE) == []


def test_class_scope_not_visible_in_methods(lint: Lint) -> None:
    found = lint(
        """\
        from datetime import datetime
        class Clock:
            datetime = None
            def read(self):
                return datetime.now()
        """,
        **NAIVE,
    )
    assert lines_and_codes(found) == [(5, "GTL102")]


def test_global_rebinding_makes_name_unknown(lint: Lint) -> None:
    found = lint(
        """\
        from datetime import datetime
        def swap():
            global datetime
            datetime = object()
        def read():
            return datetime.now()
        """,
        **NAIVE,
    )
    assert found == []


def test_nonlocal_rebinding_makes_name_unknown(lint: Lint) -> None:
    found = lint(
        """\
        from datetime import datetime
        def outer():
            now = datetime.now
            def swap():
                nonlocal now
                now = object
            swap()
            return now()
        """,
        **NAIVE,
    )
    assert found == []


def test_different_branches_not_guessed(lint: Lint) -> None:
    found = lint(
        """\
        import datetime, time
        if time.daylight:
            read = datetime.datetime.now
        else:
            read = time.time
        read()
        """,
        **NAIVE,
    )
    assert found == []


def test_annotation_only_use_not_reported(lint: Lint) -> None:
    found = lint(
        """\
        import datetime
        def f(x: datetime.datetime.now) -> datetime.datetime.min:
            y: datetime.datetime.max
            return x
        """,
        **NAIVE,
    )
    assert found == []


def test_type_checking_block_not_reported(lint: Lint) -> None:
    found = lint(
        """\
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from datetime import datetime
            EPOCH = datetime.min
        def f(x: "datetime") -> None:
            datetime.now()
        """,
        **NAIVE,
    )
    assert found == []


def test_relative_import_not_guessed(lint: Lint) -> None:
    found = lint("from . import datetime\ndatetime.datetime.now()\n", **NAIVE)
    assert found == []


def test_time_star_import(lint: Lint) -> None:
    found = lint("from time import *\nstarted = time()\nsleep(1)\n", **CLOCK)
    assert [(d.line, d.target) for d in found] == [(2, "time.time")]


def test_localtime_with_argument_not_clock_read(lint: Lint) -> None:
    found = lint(
        "import time\na = time.localtime(0)\nb = time.localtime()\n"
        "c = time.strftime('%Y')\nd = time.strftime('%Y', a)\n",
        **CLOCK,
    )
    assert lines_and_codes(found) == [(3, "GTL001"), (4, "GTL001")]


def test_module_bindings_list_imports() -> None:
    tree = ast.parse(
        textwrap.dedent(
            """\
            import datetime as dt
            from datetime import UTC, timezone as tz
            value = 1
            """
        )
    )
    bindings = resolve_module(tree).module_bindings()
    assert bindings == {
        "dt": "datetime",
        "UTC": "datetime.UTC",
        "tz": "datetime.timezone",
    }


def test_resolved_at_returns_dotted_name() -> None:
    tree = ast.parse("import datetime as dt\nx = dt.datetime.now()\n")
    resolver = resolve_module(tree)
    assignment = tree.body[1]
    assert isinstance(assignment, ast.Assign)
    call = assignment.value
    assert isinstance(call, ast.Call)
    assert resolver.resolved_at(call.func) == "datetime.datetime.now"


def test_import_inside_function(lint: Lint) -> None:
    found = lint(
        """\
        import os

        def stamp():
            import time
            return time.time_ns()
        """,
        **CLOCK,
    )
    assert [(d.line, d.target) for d in found] == [(5, "time.time_ns")]


def test_function_using_name_bound_later(lint: Lint) -> None:
    found = lint(
        """\
        import datetime

        def stamp():
            return now()

        now = datetime.datetime.now
        """,
        **NAIVE,
    )
    assert lines_and_codes(found) == [(4, "GTL102")]
