"""One run of fixes settles, and no fix writes a name the project bans."""

from __future__ import annotations

import pytest

from analyzers.config import Config
from codemods import passes
from codemods.bans import BanGuard
from codemods.engine import FixOptions
from codemods.passes import fix_until_stable
from tests.codemods.assertions import assert_rewrite, fix_once, fixing, project_config

# Both presets, and datetime.datetime.now banned with a replacement that
# takes no arguments.
CLOCK = {
    "target-version": "py311",
    "presets": ["clock", "naive-datetime"],
    "banned-api": {"datetime.datetime.now": {"replacement": "billing.clock.now"}},
}
UTCNOW = b"import datetime\n\nstamp = datetime.datetime.utcnow()\n"
PATH = "/project/module.py"


def options(config: Config, unsafe: bool = False, guarded: bool = True) -> FixOptions:
    return FixOptions(
        unsafe=unsafe,
        python311=True,
        bans=BanGuard.from_config(config) if guarded else None,
    )


def test_fix_skipped_when_it_writes_banned_name() -> None:
    result = fix_once(UTCNOW, CLOCK)
    assert result.output is None
    assert [skipped.code for skipped in result.skipped] == ["GTL103"]
    reason = result.skipped[0].reason
    assert "datetime.datetime.now" in reason
    assert "banned-api 'datetime.datetime.now'" in reason


def test_banned_name_skipped_with_unsafe_fixes() -> None:
    result = fix_once(UTCNOW, CLOCK, unsafe=True)
    assert result.output is None
    assert [skipped.code for skipped in result.skipped] == ["GTL103"]


def test_same_clock_ban_allows_fix() -> None:
    # The clock preset bans utcnow() and now() alike, so the fix trades one
    # clock read for another and adds no finding.
    assert_rewrite(
        "import datetime\n\nstamp = datetime.datetime.utcnow()\n",
        "import datetime\n\n"
        "stamp = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)\n",
        fixing({"target-version": "py311", "presets": ["clock", "naive-datetime"]}),
    )


def test_prefix_ban_allows_fix() -> None:
    table = {
        "target-version": "py311",
        "banned-api": {"datetime.datetime": "use myapp.Stamp"},
    }
    assert_rewrite(
        "import datetime\n\nstamp = datetime.datetime.utcnow()\n",
        "import datetime\n\n"
        "stamp = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)\n",
        fixing(table),
    )


def test_banned_utc_name_skipped() -> None:
    table = {
        "target-version": "py311",
        "presets": ["naive-datetime"],
        "banned-api": {"datetime.UTC": "use myapp.tz.UTC"},
    }
    result = fix_once(UTCNOW, table)
    assert result.output is None
    assert "datetime.UTC" in result.skipped[0].reason


def test_allowed_path_may_write_banned_name() -> None:
    table = {
        **CLOCK,
        "banned-api": {
            "datetime.datetime.now": {
                "replacement": "billing.clock.now",
                "allow": ["billing/clock.py"],
            }
        },
    }
    result = fix_once(UTCNOW, table, path="/project/billing/clock.py")
    assert result.output == (
        b"import datetime\n\n"
        b"stamp = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)\n"
    )


def test_ignored_ban_not_guarded() -> None:
    result = fix_once(UTCNOW, {**CLOCK, "ignore": ["GTL001"]})
    assert result.output is not None
    assert b"datetime.datetime.now(datetime.UTC)" in result.output


def test_replacement_that_is_banned_skipped() -> None:
    table = {
        "target-version": "py311",
        "presets": ["clock"],
        "banned-api": {"datetime.datetime.now": {"replacement": "time.time"}},
    }
    result = fix_once(b"import datetime\n\nstamp = datetime.datetime.now()\n", table)
    assert result.output is None
    assert "time.time" in result.skipped[0].reason
    assert "clock preset" in result.skipped[0].reason


def test_passes_repeat_until_stable() -> None:
    # Without the guard the datetime fix writes the banned now(), which a
    # second pass replaces; one call must do both.
    config = project_config(CLOCK)
    result = fix_until_stable(UTCNOW, PATH, config, options(config, True, False))
    assert result.output == (
        b"import datetime\n\nfrom billing.clock import now\n\n"
        b"stamp = now(datetime.UTC)\n"
    )
    assert [applied.code for applied in result.applied] == ["GTL103", "GTL001"]
    assert result.original == UTCNOW
    again = fix_until_stable(result.output, PATH, config, options(config, True, False))
    assert again.output is None


def test_unsettled_file_left_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passes, "MAX_PASSES", 1)
    config = project_config(CLOCK)
    result = fix_until_stable(UTCNOW, PATH, config, options(config, True, False))
    assert result.output is None
    assert result.applied == ()
    assert result.error is not None
    assert "after 1 pass," in result.error


def test_stable_output_in_one_run() -> None:
    before = """\
        import datetime


        def stamp():
            return datetime.datetime.utcnow()


        def later():
            now = datetime.datetime.now()
            return now
        """
    after = """\
        import datetime

        import billing.clock


        def stamp():
            return datetime.datetime.utcnow()


        def later():
            now = billing.clock.now()
            return now
        """
    assert_rewrite(before, after, fixing(CLOCK))
    assert_rewrite(before, after, fixing(CLOCK, unsafe=True))
