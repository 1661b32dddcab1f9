"""Naive datetime rules for calls that read the current time or a timestamp."""

from __future__ import annotations

from analyzers.resolution import Reference
from analyzers.rules.arguments import (
    EXPLICIT_NONE,
    MISSING,
    is_made_aware,
    timezone_argument,
)
from analyzers.rules.base import CheckContext, Handler, Rule

PRESET = "naive-datetime"
CLOCK_CONFIG = {"presets": ["naive-datetime"]}

NAIVE_NOW = Rule(
    code="GTL102",
    symbol="naive-now",
    summary="`datetime.now()` without a time zone returns a naive local time",
    explanation=(
        "`datetime.now()` with no `tz` returns the local wall time with no "
        "time zone attached, so comparing or storing it silently depends on "
        "the machine's zone. Passing `tz=None` explicitly gives the same naive "
        "value, so it is reported too, with its own message; use a `noqa` "
        "comment when naive local time is really meant. The value is "
        "accepted when the same expression makes it aware with "
        "`.astimezone()` or `.replace(tzinfo=...)`."
    ),
    messages={
        MISSING: "`{target}()` called without a `tz` argument returns a naive "
        "datetime; pass a time zone, e.g. `tz=datetime.timezone.utc`",
        EXPLICIT_NONE: "`{target}()` called with `tz=None` passed explicitly "
        "still returns a naive datetime; pass a time zone, or add "
        "`# noqa: GTL102` if naive local time is intended",
    },
    valid=(
        "import datetime\n\nstamp = datetime.datetime.now(datetime.timezone.utc)\n",
        "import datetime\n\nlocal = datetime.datetime.now().astimezone()\n",
        "from datetime import datetime, timezone\n\n"
        "start = datetime.now().replace(microsecond=0).replace(tzinfo=timezone.utc)\n",
        "def stamp(datetime):\n    return datetime.now()\n",
    ),
    invalid=(
        "import datetime\n\nstamp = datetime.datetime.now()  # expect: GTL102\n",
        "from datetime import datetime\n\n"
        "day = datetime.now().date()  # expect: GTL102\n",
        "from datetime import datetime\n\n"
        "stamp = datetime.now(tz=None)  # expect: GTL102\n",
        "import datetime as dt\n\n"
        "now = dt.datetime.now\nstamp = now()  # expect: GTL102\n",
    ),
    preset=PRESET,
    fix_kind="add-tz",
    fixable_variants=frozenset({MISSING}),
    example_config=CLOCK_CONFIG,
)

NAIVE_UTCNOW = Rule(
    code="GTL103",
    symbol="naive-utcnow",
    summary="`datetime.utcnow()` returns a naive datetime holding UTC time",
    explanation=(
        "`datetime.utcnow()` returns the UTC time without a time zone, so any "
        "later `.astimezone()` or comparison with an aware value treats it as "
        "local time. It is deprecated since Python 3.12. Only "
        "`.replace(tzinfo=...)` on the result makes it correct; `.astimezone()` "
        "does not, because it reads the UTC value as local time."
    ),
    messages={
        MISSING: "`{target}()` returns a naive datetime holding UTC time; use "
        "`datetime.datetime.now(datetime.timezone.utc)`",
    },
    valid=(
        "import datetime\n\nstamp = datetime.datetime.now(datetime.timezone.utc)\n",
        "from datetime import datetime, timezone\n\n"
        "stamp = datetime.utcnow().replace(tzinfo=timezone.utc)\n",
    ),
    invalid=(
        "import datetime\n\nstamp = datetime.datetime.utcnow()  # expect: GTL103\n",
        "from datetime import datetime\n\n"
        "wrong = datetime.utcnow().astimezone()  # expect: GTL103\n",
    ),
    preset=PRESET,
    fix_kind="utcnow-to-now",
    fixable_variants=frozenset({MISSING}),
    example_config=CLOCK_CONFIG,
)

NAIVE_UTCFROMTIMESTAMP = Rule(
    code="GTL104",
    symbol="naive-utcfromtimestamp",
    summary="`datetime.utcfromtimestamp()` returns a naive datetime holding UTC",
    explanation=(
        "Like `utcnow()`, `datetime.utcfromtimestamp(ts)` drops the time zone "
        "of a UTC value and is deprecated since Python 3.12."
    ),
    messages={
        MISSING: "`{target}()` returns a naive datetime holding UTC time; use "
        "`datetime.datetime.fromtimestamp(ts, tz=datetime.timezone.utc)`",
    },
    valid=(
        "import datetime\n\n"
        "when = datetime.datetime.fromtimestamp(0, tz=datetime.timezone.utc)\n",
    ),
    invalid=(
        "import datetime\n\n"
        "when = datetime.datetime.utcfromtimestamp(0)  # expect: GTL104\n",
    ),
    preset=PRESET,
    fix_kind="utcfromtimestamp-to-fromtimestamp",
    fixable_variants=frozenset({MISSING}),
    example_config=CLOCK_CONFIG,
)

NAIVE_TODAY = Rule(
    code="GTL105",
    symbol="naive-today",
    summary="`datetime.today()` returns a naive local time",
    explanation="`datetime.today()` is `datetime.now()` without a time zone.",
    messages={
        MISSING: "`{target}()` returns a naive local datetime; use "
        "`datetime.datetime.now(tz=...)`",
    },
    valid=(
        "import datetime\n\nstamp = datetime.datetime.now(datetime.timezone.utc)\n",
    ),
    invalid=(
        "from datetime import datetime\n\nstamp = datetime.today()  # expect: GTL105\n",
    ),
    preset=PRESET,
    fix_kind="today-to-now",
    fixable_variants=frozenset({MISSING}),
    example_config=CLOCK_CONFIG,
)

NAIVE_FROMTIMESTAMP = Rule(
    code="GTL106",
    symbol="naive-fromtimestamp",
    summary="`datetime.fromtimestamp()` without a time zone is naive local time",
    explanation=(
        "`datetime.fromtimestamp(ts)` converts to the machine's local time and "
        "drops the zone. Pass `tz=`; an explicit `tz=None` is reported with "
        "its own message."
    ),
    messages={
        MISSING: "`{target}()` called without a `tz` argument returns a naive "
        "datetime; pass a time zone, e.g. `tz=datetime.timezone.utc`",
        EXPLICIT_NONE: "`{target}()` called with `tz=None` passed explicitly "
        "still returns a naive datetime; pass a time zone",
    },
    valid=(
        "import datetime\n\n"
        "when = datetime.datetime.fromtimestamp(0, datetime.timezone.utc)\n",
    ),
    invalid=(
        "import datetime\n\n"
        "when = datetime.datetime.fromtimestamp(0)  # expect: GTL106\n",
        "import datetime\n\n"
        "when = datetime.datetime.fromtimestamp(0, None)  # expect: GTL106\n",
    ),
    preset=PRESET,
    fix_kind="add-tz",
    fixable_variants=frozenset({MISSING}),
    example_config=CLOCK_CONFIG,
)

NAIVE_DATE_TODAY = Rule(
    code="GTL108",
    symbol="naive-date-today",
    summary="`date.today()` reads the date in the machine's local time zone",
    explanation=(
        "`date.today()` answers in local time, so two machines in different "
        "zones disagree about the date. Derive it from an aware value."
    ),
    messages={
        MISSING: "`{target}()` uses the local time zone; use "
        "`datetime.datetime.now(tz=...).date()`",
    },
    valid=(
        "import datetime\n\n"
        "day = datetime.datetime.now(datetime.timezone.utc).date()\n",
    ),
    invalid=("from datetime import date\n\nday = date.today()  # expect: GTL108\n",),
    preset=PRESET,
    example_config=CLOCK_CONFIG,
)

NAIVE_DATE_FROMTIMESTAMP = Rule(
    code="GTL111",
    symbol="naive-date-fromtimestamp",
    summary="`date.fromtimestamp()` converts in the local time zone",
    explanation="`date.fromtimestamp(ts)` gives the local date of a timestamp.",
    messages={
        MISSING: "`{target}()` uses the local time zone; use "
        "`datetime.datetime.fromtimestamp(ts, tz=...).date()`",
    },
    valid=(
        "import datetime\n\n"
        "day = datetime.datetime.fromtimestamp(0, datetime.timezone.utc).date()\n",
    ),
    invalid=(
        "import datetime\n\nday = datetime.date.fromtimestamp(0)  # expect: GTL111\n",
    ),
    preset=PRESET,
    example_config=CLOCK_CONFIG,
)


def check_timezone_call(rule: Rule, position: int, keyword: str) -> Handler:
    """Build a handler for a call whose time zone argument may be missing."""

    def handler(reference: Reference, context: CheckContext) -> bool:
        call = reference.call()
        if call is None:
            return False
        variant = timezone_argument(call, position, keyword)
        if variant not in (MISSING, EXPLICIT_NONE):
            return False
        if is_made_aware(call, reference.ancestors):
            return False
        return context.report(rule, reference, variant, node=call)

    return handler


def check_naive_call(rule: Rule, allow_astimezone: bool = True) -> Handler:
    """Build a handler for a call that always returns a naive value."""

    def handler(reference: Reference, context: CheckContext) -> bool:
        call = reference.call()
        if call is None:
            return False
        if is_made_aware(call, reference.ancestors, allow_astimezone):
            return False
        return context.report(rule, reference, MISSING, node=call)

    return handler


def check_local_date(rule: Rule) -> Handler:
    def handler(reference: Reference, context: CheckContext) -> bool:
        call = reference.call()
        if call is None:
            return False
        return context.report(rule, reference, MISSING, node=call)

    return handler


RULES = (
    NAIVE_NOW,
    NAIVE_UTCNOW,
    NAIVE_UTCFROMTIMESTAMP,
    NAIVE_TODAY,
    NAIVE_FROMTIMESTAMP,
    NAIVE_DATE_TODAY,
    NAIVE_DATE_FROMTIMESTAMP,
)

HANDLERS: dict[str, Handler] = {
    "datetime.datetime.now": check_timezone_call(NAIVE_NOW, 0, "tz"),
    "datetime.datetime.utcnow": check_naive_call(NAIVE_UTCNOW, allow_astimezone=False),
    "datetime.datetime.utcfromtimestamp": check_naive_call(
        NAIVE_UTCFROMTIMESTAMP, allow_astimezone=False
    ),
    "datetime.datetime.today": check_naive_call(NAIVE_TODAY),
    "datetime.datetime.fromtimestamp": check_timezone_call(
        NAIVE_FROMTIMESTAMP, 1, "tz"
    ),
    "datetime.date.today": check_local_date(NAIVE_DATE_TODAY),
    "datetime.date.fromtimestamp": check_local_date(NAIVE_DATE_FROMTIMESTAMP),
}
