"""Reported bugs of datetime lint rules, each with the behaviour expected here."""

from __future__ import annotations

from tests.analyzers.conftest import Lint, lines_and_codes

NAIVE = {"presets": ["naive-datetime"]}
UTCNOW_BAN = {"datetime.datetime.utcnow": "use clock.utc_now()"}


def test_astimezone_after_now_is_aware(lint: Lint) -> None:
    found = lint(
        """\
        import datetime

        local_stamp = datetime.datetime.now().astimezone()
        naive_day = datetime.datetime.now().date()
        """,
        **NAIVE,
    )
    assert lines_and_codes(found) == [(4, "GTL102")]


def test_explicit_tz_none_still_reported(lint: Lint) -> None:
    found = lint(
        """\
        from datetime import datetime

        a = datetime.now(tz=None)
        b = datetime.now(None)
        c = datetime.now()
        """,
        **NAIVE,
    )
    assert lines_and_codes(found) == [(3, "GTL102"), (4, "GTL102"), (5, "GTL102")]
    messages = {d.line: d.message for d in found}
    assert "`tz=None` passed explicitly" in messages[3]
    assert "`tz=None` passed explicitly" in messages[4]
    assert "without a `tz` argument" in messages[5]
    assert "explicitly" not in messages[5]


def test_explicit_tz_none_needs_noqa_to_opt_out(lint: Lint) -> None:
    found = lint(
        """\
        from datetime import datetime

        a = datetime.now(tz=None)  # noqa: GTL102
        """,
        **NAIVE,
    )
    assert found == []


def test_module_alias_resolved_through_imports(lint: Lint) -> None:
    found = lint(
        """\
        import datetime as dt
        import datetime as _clock

        first = dt.datetime.now()
        second = _clock.datetime.utcnow()
        """,
        presets=["naive-datetime"],
        banned_api=UTCNOW_BAN,
    )
    codes = lines_and_codes(found)
    assert (4, "GTL102") in codes
    banned = [d for d in found if d.code == "GTL001"]
    assert [(d.line, d.target) for d in banned] == [(5, "datetime.datetime.utcnow")]


def test_alias_spelling_does_not_matter(lint: Lint) -> None:
    found = lint(
        """\
        import datetime as datetime_module_with_another_name

        first = datetime_module_with_another_name.datetime.now()
        """,
        **NAIVE,
    )
    assert lines_and_codes(found) == [(3, "GTL102")]


def test_banned_member_through_attribute_or_from_import(lint: Lint) -> None:
    found = lint(
        """\
        import datetime
        from datetime import datetime as Stamp

        a = datetime.datetime.utcnow()
        b = Stamp.utcnow()
        ref = datetime.datetime.utcnow
        """,
        presets=[],
        banned_api=UTCNOW_BAN,
    )
    assert lines_and_codes(found) == [(4, "GTL001"), (5, "GTL001"), (6, "GTL001")]
    for diagnostic in found:
        assert "use clock.utc_now()" in diagnostic.message


def test_banned_reference_as_default_argument(lint: Lint) -> None:
    found = lint(
        """\
        import datetime

        def field(default=None):
            return default

        created = field(default=datetime.datetime.utcnow)
        """,
        presets=[],
        banned_api=UTCNOW_BAN,
    )
    assert lines_and_codes(found) == [(6, "GTL001")]


def test_star_import_of_datetime(lint: Lint) -> None:
    found = lint(
        """\
        from datetime import *

        when = datetime.now()
        today = date.today()
        """,
        presets=["clock", "naive-datetime"],
    )
    codes = lines_and_codes(found)
    assert (3, "GTL102") in codes
    banned = [(d.line, d.target) for d in found if d.code == "GTL001"]
    assert (4, "datetime.date.today") in banned


def test_star_import_of_unknown_module_never_guesses(lint: Lint) -> None:
    found = lint(
        """\
        from datetime import datetime
        from somewhere_unknown import *

        when = datetime.now()
        """,
        presets=["clock", "naive-datetime"],
    )
    assert found == []


def test_noqa_on_first_line_of_multiline_call(lint: Lint) -> None:
    found = lint(
        """\
        from datetime import (
            datetime,
            timezone,  # unrelated
        )

        legacy = datetime.utcnow(  # noqa: GTL001
        )
        """,
        presets=[],
        banned_api=UTCNOW_BAN,
    )
    assert found == []


def test_noqa_on_last_line_of_multiline_call(lint: Lint) -> None:
    found = lint(
        """\
        from datetime import datetime

        other = datetime.utcnow(
        )  # noqa: GTL001
        """,
        presets=[],
        banned_api=UTCNOW_BAN,
    )
    assert found == []


def test_noqa_on_last_line_of_statement(lint: Lint) -> None:
    found = lint(
        """\
        from datetime import datetime

        values = [
            datetime.utcnow(),
            1,
        ]  # noqa: GTL001
        """,
        presets=[],
        banned_api=UTCNOW_BAN,
    )
    assert found == []


def test_noqa_inside_statement_does_not_apply(lint: Lint) -> None:
    found = lint(
        """\
        from datetime import datetime

        values = [
            1,  # noqa: GTL001
            datetime.utcnow(),
            2,
        ]
        """,
        presets=[],
        banned_api=UTCNOW_BAN,
    )
    assert lines_and_codes(found) == [(4, "GTL901"), (5, "GTL001")]


def test_unused_noqa_names_its_code(lint: Lint) -> None:
    found = lint(
        """\
        from datetime import datetime

        fine = 1  # noqa: GTL001
        """,
        presets=[],
        banned_api=UTCNOW_BAN,
    )
    assert lines_and_codes(found) == [(3, "GTL901")]
    assert "GTL001" in found[0].message


def test_noqa_for_other_tools_not_reported(lint: Lint) -> None:
    found = lint(
        """\
        import os  # noqa: F401
        x = 1  # noqa
        """,
        presets=["naive-datetime"],
    )
    assert found == []
