"""Before/after pairs for every fix, safe and unsafe."""

from __future__ import annotations

import textwrap

import pytest

from tests.codemods.assertions import assert_rewrite, fix_once, fixing

PY310 = {"target-version": "py310"}
REPLACED = {
    "target-version": "py311",
    "presets": ["naive-datetime"],
    "banned-api": {
        "datetime.datetime.now": {
            "message": "read the time through myapp.clock.now()",
            "replacement": "myapp.clock.now",
            "allow": ["myapp/clock.py"],
        }
    },
}


@pytest.mark.parametrize(
    ("call", "safe"),
    [
        ("datetime.utcnow()", "datetime.now(UTC).replace(tzinfo=None)"),
        (
            "datetime.utcfromtimestamp(seconds)",
            "datetime.fromtimestamp(seconds, tz=UTC).replace(tzinfo=None)",
        ),
        ("datetime.now()", "datetime.now(UTC).astimezone().replace(tzinfo=None)"),
        ("datetime.today()", "datetime.now(UTC).astimezone().replace(tzinfo=None)"),
        (
            "datetime.fromtimestamp(seconds)",
            "datetime.fromtimestamp(seconds, tz=UTC).astimezone().replace(tzinfo=None)",
        ),
    ],
)
def test_safe_fix_per_call(call: str, safe: str) -> None:
    assert_rewrite(
        f"from datetime import datetime\n\nvalue = {call}\n",
        f"from datetime import UTC, datetime\n\nvalue = {safe}\n",
        fixing(),
    )


@pytest.mark.parametrize(
    ("call", "aware"),
    [
        ("datetime.utcnow()", "datetime.now(UTC)"),
        (
            "datetime.utcfromtimestamp(seconds)",
            "datetime.fromtimestamp(seconds, tz=UTC)",
        ),
        ("datetime.now()", "datetime.now(UTC)"),
        ("datetime.today()", "datetime.now(UTC)"),
        ("datetime.fromtimestamp(seconds)", "datetime.fromtimestamp(seconds, tz=UTC)"),
        ("datetime(2024, 1, 2)", "datetime(2024, 1, 2, tzinfo=UTC)"),
    ],
)
def test_unsafe_fix_per_call(call: str, aware: str) -> None:
    assert_rewrite(
        f"from datetime import datetime\n\nvalue = {call}\n",
        f"from datetime import UTC, datetime\n\nvalue = {aware}\n",
        fixing(unsafe=True),
    )


def test_constructor_needs_unsafe_fixes() -> None:
    result = fix_once(
        b"from datetime import datetime\n\nepoch = datetime(1970, 1, 1)\n"
    )
    assert result.output is None
    assert [skipped.code for skipped in result.skipped] == ["GTL101"]
    assert "--unsafe-fixes" in result.skipped[0].reason


def test_timezone_utc_below_py311() -> None:
    assert_rewrite(
        """\
        from datetime import datetime

        value = datetime.utcnow()
        """,
        """\
        from datetime import datetime, timezone

        value = datetime.now(timezone.utc).replace(tzinfo=None)
        """,
        fixing(PY310),
    )


def test_module_alias_spells_utc() -> None:
    assert_rewrite(
        "import datetime as dt\n\nvalue = dt.datetime.utcnow()\n",
        "import datetime as dt\n\n"
        "value = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)\n",
        fixing(PY310),
    )


def test_existing_utc_name_reused() -> None:
    assert_rewrite(
        """\
        from datetime import datetime, timezone

        value = datetime.utcnow()
        """,
        """\
        from datetime import datetime, timezone

        value = datetime.now(timezone.utc).replace(tzinfo=None)
        """,
        fixing(),
    )


def test_configured_utc_alias_reused() -> None:
    table = {"target-version": "py311", "utc-aliases": ["myapp.timeutil.UTC"]}
    assert_rewrite(
        """\
        from datetime import datetime

        from myapp.timeutil import UTC as ZONE

        value = datetime.utcnow()
        """,
        """\
        from datetime import datetime

        from myapp.timeutil import UTC as ZONE

        value = datetime.now(ZONE).replace(tzinfo=None)
        """,
        fixing(table),
    )


def test_taken_name_skips_fix() -> None:
    source = textwrap.dedent(
        """\
        from datetime import datetime

        def handler(UTC):
            return datetime.utcnow(), UTC
        """
    ).encode()
    result = fix_once(source)
    assert result.output is None
    assert "'UTC' is already a name" in result.skipped[0].reason


def test_parenthesized_call_keeps_parentheses() -> None:
    assert_rewrite(
        "from datetime import datetime\n\nvalue = (datetime.utcnow())\n",
        "from datetime import UTC, datetime\n\n"
        "value = (datetime.now(UTC).replace(tzinfo=None))\n",
        fixing(),
    )


def test_nested_calls_both_fixed() -> None:
    assert_rewrite(
        """\
        from datetime import datetime

        value = datetime.fromtimestamp(datetime.utcnow().timestamp())
        """,
        "from datetime import UTC, datetime\n\n"
        "value = datetime.fromtimestamp("
        "datetime.now(UTC).replace(tzinfo=None).timestamp(), tz=UTC"
        ").astimezone().replace(tzinfo=None)\n",
        fixing(),
    )


def test_one_per_line_arguments() -> None:
    assert_rewrite(
        """\
        from datetime import datetime

        value = datetime.fromtimestamp(
            seconds
        )
        """,
        """\
        from datetime import UTC, datetime

        value = datetime.fromtimestamp(
            seconds,
            tz=UTC
        ).astimezone().replace(tzinfo=None)
        """,
        fixing(),
    )


def test_star_arguments_skipped() -> None:
    source = (
        b"from datetime import datetime\n\nvalue = datetime.fromtimestamp(*parts)\n"
    )
    result = fix_once(source)
    assert result.output is None


def test_alias_call_of_now_fixed() -> None:
    assert_rewrite(
        """\
        import datetime as dt

        now = dt.datetime.now
        stamp = now()
        """,
        """\
        import datetime as dt

        now = dt.datetime.now
        stamp = now(dt.UTC).astimezone().replace(tzinfo=None)
        """,
        fixing(),
    )


def test_replacement_from_import() -> None:
    assert_rewrite(
        '''\
        """Reports."""
        import os
        from datetime import datetime

        def stamp():
            return datetime.now(), os.sep
        ''',
        '''\
        """Reports."""
        import os

        from myapp.clock import now

        def stamp():
            return now(), os.sep
        ''',
        fixing(REPLACED),
    )


def test_replacement_keeps_used_import() -> None:
    assert_rewrite(
        """\
        from datetime import datetime, timedelta

        def window():
            return datetime.now() - timedelta(hours=1), datetime(2024, 1, 1)
        """,
        """\
        from datetime import datetime, timedelta

        from myapp.clock import now

        def window():
            return now() - timedelta(hours=1), datetime(2024, 1, 1)
        """,
        fixing({**REPLACED, "select": ["GTL001"]}),
    )


def test_replacement_removes_one_name() -> None:
    assert_rewrite(
        """\
        from datetime import datetime, timedelta

        def window():
            return datetime.now() - timedelta(hours=1)
        """,
        """\
        from datetime import timedelta

        from myapp.clock import now

        def window():
            return now() - timedelta(hours=1)
        """,
        fixing(REPLACED),
    )


def test_replacement_reuses_existing_import() -> None:
    assert_rewrite(
        """\
        import datetime

        from myapp.clock import today

        value = datetime.datetime.now()
        """,
        """\
        from myapp.clock import now, today

        value = now()
        """,
        fixing(REPLACED),
    )


def test_replacement_module_when_name_taken() -> None:
    assert_rewrite(
        """\
        import datetime

        now = datetime.datetime.now()
        """,
        """\
        import myapp.clock

        now = myapp.clock.now()
        """,
        fixing(REPLACED),
    )


def test_replacement_of_reference_unsafe() -> None:
    assert_rewrite(
        """\
        import datetime

        field = dict(default=datetime.datetime.now)
        """,
        """\
        from myapp.clock import now

        field = dict(default=now)
        """,
        fixing(REPLACED, unsafe=True),
    )


def test_replacement_of_reference_skipped_when_safe() -> None:
    # The callers of the value may pass arguments that the replacement
    # does not accept, as in ``now = datetime.now`` then ``now(tz)``.
    source = b"import datetime\n\nfield = dict(default=datetime.datetime.now)\n"
    result = fix_once(source, REPLACED)
    assert result.output is None
    assert [skipped.code for skipped in result.skipped] == ["GTL001"]
    assert "used as a value" in result.skipped[0].reason
    assert "--unsafe-fixes" in result.skipped[0].reason


def test_replacement_with_arguments_skipped_when_safe() -> None:
    source = (
        b"import datetime as dt\n"
        b"from datetime import datetime as Stamp\n\n"
        b"value = Stamp.now(tz=dt.timezone.utc)\n"
    )
    result = fix_once(source, REPLACED)
    assert result.output is None
    assert [skipped.code for skipped in result.skipped] == ["GTL001"]
    reason = result.skipped[0].reason
    assert "passes arguments" in reason
    assert "myapp.clock.now" in reason
    assert "--unsafe-fixes" in reason


def test_replacement_with_arguments_unsafe() -> None:
    assert_rewrite(
        """\
        import datetime as dt
        from datetime import datetime as Stamp

        value = Stamp.now(tz=dt.timezone.utc)
        """,
        """\
        import datetime as dt

        from myapp.clock import now

        value = now(tz=dt.timezone.utc)
        """,
        fixing(REPLACED, unsafe=True),
    )


def test_replacement_with_arguments_note() -> None:
    source = b"import datetime\n\nvalue = datetime.datetime.now(tz=None)\n"
    result = fix_once(source, REPLACED, unsafe=True)
    assert result.output == b"from myapp.clock import now\n\nvalue = now(tz=None)\n"
    notes = [applied.note for applied in result.applied if applied.code == "GTL001"]
    assert len(notes) == 1
    assert notes[0] is not None
    assert "receives the same arguments" in notes[0]


def test_replacement_reuses_submodule_import() -> None:
    assert_rewrite(
        """\
        import datetime

        import myapp.clock

        def later():
            now = datetime.datetime.now()
            return now
        """,
        """\
        import myapp.clock

        def later():
            now = myapp.clock.now()
            return now
        """,
        fixing(REPLACED),
    )


def test_replacement_keeps_reexport_in_init() -> None:
    assert_rewrite(
        """\
        from datetime import datetime

        value = datetime.now()
        """,
        """\
        from datetime import datetime

        from myapp.clock import now

        value = now()
        """,
        fixing(REPLACED, path="/project/myapp/__init__.py"),
    )


def test_replacement_keeps_name_used_in_string() -> None:
    assert_rewrite(
        """\
        from datetime import datetime

        __all__ = ["datetime"]
        value = datetime.now()
        """,
        """\
        from datetime import datetime

        from myapp.clock import now

        __all__ = ["datetime"]
        value = now()
        """,
        fixing(REPLACED),
    )


def test_allowed_path_left_alone() -> None:
    source = b"import datetime\n\nvalue = datetime.datetime.now(datetime.UTC)\n"
    result = fix_once(source, REPLACED, path="/project/myapp/clock.py")
    assert result.output is None
    assert result.skipped == ()


def test_replacement_beats_naive_fix() -> None:
    result = fix_once(
        b"import datetime\n\nvalue = datetime.datetime.now()\n",
        {**REPLACED, "presets": ["naive-datetime"]},
    )
    assert result.output == b"from myapp.clock import now\n\nvalue = now()\n"
    assert sorted(applied.code for applied in result.applied) == ["GTL001", "GTL102"]


def test_comment_on_removed_import_kept() -> None:
    assert_rewrite(
        """\
        from datetime import datetime  # the class

        value = datetime.now()
        """,
        """\
        from datetime import datetime  # the class

        from myapp.clock import now

        value = now()
        """,
        fixing(REPLACED),
    )


def test_noqa_finding_not_fixed() -> None:
    source = (
        b"from datetime import datetime\n\nvalue = datetime.utcnow()  # noqa: GTL103\n"
    )
    result = fix_once(source)
    assert result.output is None
    assert result.parsed is False


def test_latin1_declaration_kept() -> None:
    source = (
        "# -*- coding: latin-1 -*-\n"
        "from datetime import datetime\n\n"
        "label = 'café'\n"
        "value = datetime.utcnow()\n"
    ).encode("latin-1")
    output = fixing()(source)
    assert output.startswith(b"# -*- coding: latin-1 -*-\n")
    assert b"label = 'caf\xe9'\n" in output
    assert output.endswith(b"value = datetime.now(UTC).replace(tzinfo=None)\n")


def test_constructor_skipped_without_parsing() -> None:
    result = fix_once(
        b"from datetime import datetime\n\nepoch = datetime(1970, 1, 1)\n"
    )
    assert result.parsed is False


def test_decorated_function_fixed() -> None:
    assert_rewrite(
        """\
        import functools
        from datetime import datetime


        # cached on purpose
        @functools.cache

        @functools.wraps(print)
        def started():
            return datetime.utcnow()


        class Clock:
            def read(self):
                return datetime.utcnow()
        """,
        """\
        import functools
        from datetime import UTC, datetime


        # cached on purpose
        @functools.cache

        @functools.wraps(print)
        def started():
            return datetime.now(UTC).replace(tzinfo=None)


        class Clock:
            def read(self):
                return datetime.now(UTC).replace(tzinfo=None)
        """,
        fixing(),
    )


def test_statements_on_one_line_fixed() -> None:
    assert_rewrite(
        "from datetime import datetime\n\nfirst = 1; second = datetime.utcnow()\n",
        "from datetime import UTC, datetime\n\n"
        "first = 1; second = datetime.now(UTC).replace(tzinfo=None)\n",
        fixing(),
    )


def test_decorator_argument_fixed() -> None:
    assert_rewrite(
        """\
        from datetime import datetime

        @register(
            started=datetime.utcnow(),
        )
        def handler():
            pass
        """,
        """\
        from datetime import UTC, datetime

        @register(
            started=datetime.now(UTC).replace(tzinfo=None),
        )
        def handler():
            pass
        """,
        fixing(),
    )


def test_call_after_multiline_string_fixed() -> None:
    assert_rewrite(
        '''\
        from datetime import datetime


        class Report:
            def header(self):
                return """
                title""", datetime.utcnow()

            def footer(self):
                return datetime.utcnow()
        ''',
        '''\
        from datetime import UTC, datetime


        class Report:
            def header(self):
                return """
                title""", datetime.now(UTC).replace(tzinfo=None)

            def footer(self):
                return datetime.now(UTC).replace(tzinfo=None)
        ''',
        fixing(),
    )
