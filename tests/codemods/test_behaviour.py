"""Safe fixes return the same values as the code they replace.

Each test fixes a small function with the real pipeline, runs the original
and the fixed function side by side under several time zones (set through
``TZ`` and ``time.tzset``), and compares the results.
"""

from __future__ import annotations

import datetime
import os
import textwrap
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.codemods.assertions import RUNNING, fixing

ZONES = [
    "UTC",
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
]
# Daylight saving transitions of 2024 in the zones above, in seconds since the
# epoch, so the values right before, at and after each shift are compared.
TRANSITIONS = [
    1710054000,  # 2024-03-10 07:00 UTC, New York springs forward
    1711846800,  # 2024-03-31 01:00 UTC, Berlin springs forward
    1712414400,  # 2024-04-06 15:00 UTC, Lord Howe falls back half an hour
    1727971200,  # 2024-10-05 16:00 UTC, Lord Howe springs forward
    1729990800,  # 2024-10-27 01:00 UTC, Berlin falls back
    1730613600,  # 2024-11-03 06:00 UTC, New York falls back
]
TIMESTAMPS = sorted(
    {t + offset for t in TRANSITIONS for offset in range(-3600, 3601, 900)}
    | {t + 0.5 for t in TRANSITIONS}
    | set(range(-2_000_000_000, 4_000_000_000, 97_654_321))
    | {0, 1.25, 1_700_000_000.123456}
)


@pytest.fixture(params=ZONES)
def zone(request: pytest.FixtureRequest) -> Iterator[str]:
    previous = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if previous is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = previous
    time.tzset()


def original_and_fixed(body: str, unsafe: bool = False) -> tuple[Any, Any]:
    """Return ``convert`` defined by ``body`` before and after the fix."""
    source = "from datetime import datetime\n\n" + textwrap.dedent(body)
    fixed = fixing(RUNNING, unsafe=unsafe)(source.encode())
    assert fixed != source.encode(), "the fix changed nothing"
    return _load(source.encode())["convert"], _load(fixed)["convert"]


def _load(source: bytes) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(source, "<fix>", "exec"), namespace)
    return namespace


@pytest.mark.parametrize("method", ["utcfromtimestamp", "fromtimestamp"])
def test_timestamp_value_unchanged(zone: str, method: str) -> None:
    original, fixed = original_and_fixed(
        f"def convert(seconds):\n    return datetime.{method}(seconds)\n"
    )
    for seconds in TIMESTAMPS:
        assert fixed(seconds) == original(seconds), (zone, seconds)
        assert fixed(seconds).tzinfo is None


@pytest.mark.parametrize("method", ["utcfromtimestamp", "fromtimestamp"])
def test_timestamp_unsafe_same_instant(zone: str, method: str) -> None:
    _, fixed = original_and_fixed(
        f"def convert(seconds):\n    return datetime.{method}(seconds)\n", unsafe=True
    )
    for seconds in TIMESTAMPS:
        aware = fixed(seconds)
        assert aware.utcoffset() == datetime.timedelta(0)
        assert aware.timestamp() == datetime.datetime.fromtimestamp(seconds).timestamp()


def _between(call: Callable[[], datetime.datetime], fixed: Callable[[], Any]) -> None:
    earlier = call()
    value = fixed()
    later = call()
    assert value.tzinfo is None
    assert earlier <= value <= later


@pytest.mark.parametrize("method", ["utcnow", "now", "today"])
def test_clock_value_unchanged(zone: str, method: str) -> None:
    original, fixed = original_and_fixed(
        f"def convert():\n    return datetime.{method}()\n"
    )
    _between(original, fixed)


@pytest.mark.parametrize("method", ["utcnow", "now", "today"])
def test_clock_unsafe_is_aware_utc(zone: str, method: str) -> None:
    _, fixed = original_and_fixed(
        f"def convert():\n    return datetime.{method}()\n", unsafe=True
    )
    before = datetime.datetime.now(datetime.timezone.utc)
    value = fixed()
    after = datetime.datetime.now(datetime.timezone.utc)
    assert value.utcoffset() == datetime.timedelta(0)
    assert before <= value <= after


def test_safe_fix_keeps_naive_comparison() -> None:
    _, fixed = original_and_fixed(
        """\
        def convert(created_at):
            return created_at < datetime.utcnow()
        """
    )
    assert fixed(datetime.datetime(2000, 1, 1)) is True


def test_unsafe_fix_breaks_naive_comparison() -> None:
    _, fixed = original_and_fixed(
        """\
        def convert(created_at):
            return created_at < datetime.utcnow()
        """,
        unsafe=True,
    )
    with pytest.raises(TypeError):
        fixed(datetime.datetime(2000, 1, 1))
