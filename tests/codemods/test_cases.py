"""Bug reports about the fixes, each with the output a good fix produces."""

from __future__ import annotations

import datetime
import textwrap

from analyzers.engine import check_source
from tests.codemods.assertions import (
    RUNNING,
    assert_rewrite,
    fix_once,
    fixing,
    project_config,
)


def test_comment_inside_call_kept() -> None:
    assert_rewrite(
        """\
        from datetime import UTC, datetime

        stamp = datetime.fromtimestamp(
            raw_seconds,  # sensor clock, seconds since epoch
        )
        """,
        """\
        from datetime import UTC, datetime

        stamp = datetime.fromtimestamp(
            raw_seconds,  # sensor clock, seconds since epoch
            tz=UTC,
        )
        """,
        fixing(unsafe=True),
    )


def test_comment_inside_call_kept_safe() -> None:
    assert_rewrite(
        """\
        from datetime import UTC, datetime

        stamp = datetime.fromtimestamp(
            raw_seconds,  # sensor clock, seconds since epoch
        )
        """,
        """\
        from datetime import UTC, datetime

        stamp = datetime.fromtimestamp(
            raw_seconds,  # sensor clock, seconds since epoch
            tz=UTC,
        ).astimezone().replace(tzinfo=None)
        """,
        fixing(),
    )


def test_comment_in_replaced_callee_blocks_fix() -> None:
    source = textwrap.dedent(
        """\
        from datetime import datetime

        stamp = (datetime  # the class, not the module
                 .now)()
        """
    ).encode()
    # Only GTL001: the GTL102 fix would add an argument, and a second pass
    # would then skip the replacement for that argument instead.
    table = {
        "target-version": "py311",
        "select": ["GTL001"],
        "banned-api": {"datetime.datetime.now": {"replacement": "myapp.clock.now"}},
    }
    result = fix_once(source, table)
    reasons = [skipped.reason for skipped in result.skipped if skipped.code == "GTL001"]
    assert reasons == ["the fix would drop the comment '# the class, not the module'"]


BOUND_TWICE = """\
import datetime
from datetime import datetime

opened = datetime(2024, 1, 2)
now = datetime.utcnow()
"""


def test_later_binding_decides_spelling() -> None:
    assert_rewrite(
        BOUND_TWICE,
        """\
        import datetime
        from datetime import UTC, datetime

        opened = datetime(2024, 1, 2)
        now = datetime.now(UTC).replace(tzinfo=None)
        """,
        fixing(),
    )


def test_later_binding_aware_form() -> None:
    table = {"target-version": "py311", "select": ["GTL103"]}
    assert_rewrite(
        BOUND_TWICE,
        """\
        import datetime
        from datetime import UTC, datetime

        opened = datetime(2024, 1, 2)
        now = datetime.now(UTC)
        """,
        fixing(table, unsafe=True),
    )


def test_later_binding_output_runs() -> None:
    output = fixing(RUNNING, unsafe=True)(BOUND_TWICE.encode())
    namespace: dict[str, object] = {}
    exec(compile(output, "<fixed>", "exec"), namespace)
    assert isinstance(namespace["now"], datetime.datetime)


def test_crlf_file_keeps_crlf() -> None:
    source = b"import datetime\r\nx = datetime.datetime.utcnow()\r\n"
    output = fixing()(source)
    lines = output.splitlines(keepends=True)
    assert output != source
    assert all(line.endswith(b"\r\n") for line in lines)
    assert b"\n" not in output.replace(b"\r\n", b"")


def test_crlf_added_import_keeps_crlf() -> None:
    source = b"from datetime import datetime\r\n\r\nx = datetime.utcnow()\r\n"
    output = fixing()(source)
    assert output == (
        b"from datetime import UTC, datetime\r\n\r\n"
        b"x = datetime.now(UTC).replace(tzinfo=None)\r\n"
    )


def test_mixed_newlines_without_finding_untouched() -> None:
    result = fix_once(b"a = 1\rb = 2\r\n")
    assert result.output is None
    assert result.error is None


def test_mixed_newlines_with_finding_rejected() -> None:
    source = b"import datetime\rx = datetime.datetime.utcnow()\r\n"
    result = fix_once(source)
    assert result.output is None
    assert result.error is not None
    assert "mixed newlines" in result.error


def test_cr_file_fixed() -> None:
    source = b"import datetime\rx = datetime.datetime.utcnow()\r"
    output = fixing()(source)
    fixed = b"x = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)"
    assert output == b"import datetime\r" + fixed + b"\r"


BOM_SOURCE = (
    b"\xef\xbb\xbfimport datetime\nx = datetime.datetime.utcnow()\n"
    b"y = datetime.datetime.utcnow()\n"
)


def test_bom_columns_not_shifted() -> None:
    report = check_source(BOM_SOURCE, "/project/module.py", project_config())
    naive = [d for d in report.diagnostics if d.code == "GTL103"]
    assert [(d.line, d.column) for d in naive] == [(2, 5), (3, 5)]


def test_bom_kept_once() -> None:
    output = fixing()(BOM_SOURCE)
    assert output.startswith(b"\xef\xbb\xbf")
    assert "\ufeff" not in output[3:].decode("utf-8")
    assert output.count(b"now(datetime.UTC).replace(tzinfo=None)") == 2


STALE_CHECK = """\
from datetime import datetime, timedelta

def is_stale(row):
    cutoff = datetime.utcnow() - timedelta(days=1)
    return row.created_at < cutoff  # created_at is naive UTC
"""


def test_utcnow_safe_fix_stays_naive() -> None:
    assert_rewrite(
        STALE_CHECK,
        """\
        from datetime import UTC, datetime, timedelta

        def is_stale(row):
            cutoff = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=1)
            return row.created_at < cutoff  # created_at is naive UTC
        """,
        fixing(),
    )


def test_utcnow_aware_fix_is_unsafe() -> None:
    result = fix_once(STALE_CHECK.encode(), unsafe=True)
    assert result.output is not None
    assert b"cutoff = datetime.now(UTC) - timedelta(days=1)" in result.output
    notes = [applied.note for applied in result.applied if applied.code == "GTL103"]
    assert len(notes) == 1
    assert notes[0] is not None
    assert "TypeError" in notes[0]


def test_utcnow_still_reported() -> None:
    report = check_source(STALE_CHECK, "/project/module.py", project_config())
    codes = [(d.line, d.code) for d in report.diagnostics if d.fixable]
    assert (4, "GTL103") in codes


def test_coding_declaration_kept() -> None:
    source = (
        b"# -*- coding: latin-1 -*-\n"
        b"import datetime\n\n"
        b"label = '\xe9t\xe9'\n"
        b"x = datetime.datetime.utcnow()\n"
    )
    output = fixing()(source)
    assert output == (
        b"# -*- coding: latin-1 -*-\n"
        b"import datetime\n\n"
        b"label = '\xe9t\xe9'\n"
        b"x = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)\n"
    )
