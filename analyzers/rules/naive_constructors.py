"""Naive datetime rules for values built from parts, strings or constants."""

from __future__ import annotations

import ast
import datetime

from analyzers.resolution import Reference
from analyzers.rules.arguments import (
    EXPLICIT_NONE,
    GIVEN,
    MISSING,
    argument,
    is_made_aware,
    string_literal,
    timezone_argument,
)
from analyzers.rules.base import CheckContext, Handler, Rule

PRESET = "naive-datetime"
EXAMPLE_CONFIG = {"presets": ["naive-datetime"]}

NAIVE_CONSTRUCTOR = Rule(
    code="GTL101",
    symbol="naive-datetime-constructor",
    summary="`datetime(...)` without `tzinfo` builds a naive datetime",
    explanation=(
        "A `datetime` built from its parts has no time zone unless `tzinfo` "
        "is passed (as the eighth positional argument or by keyword). An "
        "explicit `tzinfo=None` is reported with its own message. Subclasses "
        "of `datetime` defined in the same file count, unless they define "
        "`__new__` or `__init__`."
    ),
    messages={
        MISSING: "`{target}(...)` called without `tzinfo` builds a naive "
        "datetime; pass `tzinfo=`, e.g. `tzinfo=datetime.timezone.utc`",
        EXPLICIT_NONE: "`{target}(...)` called with `tzinfo=None` passed "
        "explicitly builds a naive datetime; pass a time zone",
    },
    valid=(
        "import datetime\n\n"
        "epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)\n",
        "from datetime import datetime, timezone\n\n"
        "epoch = datetime(1970, 1, 1, 0, 0, 0, 0, timezone.utc)\n",
    ),
    invalid=(
        "from datetime import datetime\n\n"
        "epoch = datetime(1970, 1, 1)  # expect: GTL101\n",
        "import datetime\n\n"
        "class Stamp(datetime.datetime):\n    pass\n\n"
        "epoch = Stamp(1970, 1, 1, tzinfo=None)  # expect: GTL101\n",
    ),
    preset=PRESET,
    fix_kind="add-tz",
    fixable_variants=frozenset({MISSING}),
    example_config=EXAMPLE_CONFIG,
)

NAIVE_STRPTIME = Rule(
    code="GTL107",
    symbol="naive-strptime",
    summary="`datetime.strptime()` with a format without `%z` is naive",
    explanation=(
        "`strptime` returns an aware value only when the format has `%z`. "
        "The rule judges literal formats only: a format held in a variable "
        "is not reported."
    ),
    messages={
        MISSING: "`{target}()` with the format {format!r}, which has no `%z`, "
        "returns a naive datetime; add `%z` to the format or call "
        "`.replace(tzinfo=...)` on the result",
    },
    valid=(
        "from datetime import datetime\n\n"
        'when = datetime.strptime("2024-01-01 +0000", "%Y-%m-%d %z")\n',
        "from datetime import datetime, timezone\n\n"
        'when = datetime.strptime("2024", "%Y").replace(tzinfo=timezone.utc)\n',
    ),
    invalid=(
        "from datetime import datetime\n\n"
        'when = datetime.strptime("2024-01-01", "%Y-%m-%d")  # expect: GTL107\n',
    ),
    preset=PRESET,
    example_config=EXAMPLE_CONFIG,
)

NAIVE_COMBINE = Rule(
    code="GTL109",
    symbol="naive-combine",
    summary="`datetime.combine()` of a naive time without `tzinfo` is naive",
    explanation=(
        "`datetime.combine(d, t)` takes the time zone of `t` unless `tzinfo` "
        "is passed. The rule reports only what it can see: a `time(...)` "
        "built in the call without `tzinfo`, or an explicit `tzinfo=None`."
    ),
    messages={
        MISSING: "`{target}()` of a naive `time` without `tzinfo` builds a "
        "naive datetime; pass `tzinfo=`",
        EXPLICIT_NONE: "`{target}()` called with `tzinfo=None` passed "
        "explicitly builds a naive datetime; pass a time zone",
    },
    valid=(
        "import datetime\n\n"
        "start = datetime.datetime.combine(\n"
        "    datetime.date(2024, 1, 1), datetime.time(9), tzinfo=datetime.UTC\n)\n",
        "import datetime\n\n"
        "def start(day, time):\n"
        "    return datetime.datetime.combine(day, time)\n",
    ),
    invalid=(
        "import datetime\n\n"
        "start = datetime.datetime.combine(  # expect: GTL109\n"
        "    datetime.date(2024, 1, 1), datetime.time(9)\n)\n",
    ),
    preset=PRESET,
    example_config=EXAMPLE_CONFIG,
)

NAIVE_FROMISOFORMAT = Rule(
    code="GTL110",
    symbol="naive-fromisoformat",
    summary="`datetime.fromisoformat()` of a literal without an offset is naive",
    explanation=(
        "A literal ISO 8601 string without a UTC offset parses to a naive "
        "datetime. Only string literals are judged, with the running "
        "Python's own parser; a literal that parser rejects is not reported."
    ),
    messages={
        MISSING: "`{target}({literal!r})` has no UTC offset, so it builds a "
        "naive datetime; add an offset such as `+00:00`",
    },
    valid=(
        "import datetime\n\n"
        'epoch = datetime.datetime.fromisoformat("1970-01-01T00:00:00+00:00")\n',
    ),
    invalid=(
        "import datetime\n\n"
        'epoch = datetime.datetime.fromisoformat("1970-01-01")  # expect: GTL110\n',
    ),
    preset=PRESET,
    example_config=EXAMPLE_CONFIG,
)

NAIVE_MIN_MAX = Rule(
    code="GTL112",
    symbol="naive-min-max",
    summary="`datetime.min` and `datetime.max` are naive",
    explanation=(
        "The `datetime.min` and `datetime.max` constants have no time zone; "
        "comparing them with aware values raises TypeError."
    ),
    messages={
        MISSING: "`{target}` is a naive datetime; use "
        "`{target}.replace(tzinfo=datetime.timezone.utc)`",
    },
    valid=(
        "import datetime\n\n"
        "floor = datetime.datetime.min.replace(tzinfo=datetime.timezone.utc)\n",
    ),
    invalid=(
        "import datetime\n\nfloor = datetime.datetime.min  # expect: GTL112\n",
        "import datetime\n\n"
        "floor = datetime.datetime.max  # expect: GTL112\n"
        "bounds = (floor, floor)\n",
    ),
    preset=PRESET,
    example_config=EXAMPLE_CONFIG,
)


def check_constructor(reference: Reference, context: CheckContext) -> bool:
    call = reference.call()
    if call is None:
        return False
    variant = timezone_argument(call, 7, "tzinfo")
    if variant not in (MISSING, EXPLICIT_NONE):
        return False
    if is_made_aware(call, reference.ancestors):
        return False
    return context.report(NAIVE_CONSTRUCTOR, reference, variant, node=call)


def check_strptime(reference: Reference, context: CheckContext) -> bool:
    call = reference.call()
    if call is None:
        return False
    pattern = string_literal(call, 1, "format")
    if pattern is None or "%z" in pattern:
        return False
    if is_made_aware(call, reference.ancestors):
        return False
    return context.report(NAIVE_STRPTIME, reference, MISSING, node=call, format=pattern)


def check_combine(reference: Reference, context: CheckContext) -> bool:
    call = reference.call()
    if call is None:
        return False
    variant = timezone_argument(call, 2, "tzinfo")
    if variant == MISSING and not builds_naive_time(call, context):
        return False
    if variant not in (MISSING, EXPLICIT_NONE):
        return False
    if is_made_aware(call, reference.ancestors):
        return False
    return context.report(NAIVE_COMBINE, reference, variant, node=call)


# Names the handlers resolve besides the ones they watch: the resolver must
# follow names bound to them (``t = time``), or a check could not see them.
RESOLVED: frozenset[str] = frozenset({"datetime.time"})


def builds_naive_time(call: ast.Call, context: CheckContext) -> bool:
    """Tell whether the time argument is a ``time(...)`` call without tzinfo."""
    value = argument(call, 1, "time")
    if not isinstance(value, ast.Call):
        return False
    if context.resolve(value.func) != "datetime.time":
        return False
    return timezone_argument(value, 4, "tzinfo") not in (GIVEN, "unknown")


def check_fromisoformat(reference: Reference, context: CheckContext) -> bool:
    call = reference.call()
    if call is None:
        return False
    literal = string_literal(call, 0, "date_string")
    if literal is None or is_made_aware(call, reference.ancestors):
        return False
    try:
        parsed = datetime.datetime.fromisoformat(literal)
    except ValueError:
        return False  # the running Python cannot judge it
    if parsed.tzinfo is not None:
        return False
    return context.report(
        NAIVE_FROMISOFORMAT, reference, MISSING, node=call, literal=literal
    )


def check_min_max(reference: Reference, context: CheckContext) -> bool:
    if isinstance(reference.node, ast.Name):
        # A name holding the constant (``floor = datetime.min``) was reported
        # where the constant was read; each later use would repeat it.
        return False
    ancestors = reference.ancestors
    if len(ancestors) >= 2:
        attribute, outer = ancestors[-1], ancestors[-2]
        if (
            isinstance(attribute, ast.Attribute)
            and attribute.attr == "replace"
            and isinstance(outer, ast.Call)
            and timezone_argument(outer, 7, "tzinfo") == GIVEN
        ):
            return False
    return context.report(NAIVE_MIN_MAX, reference, MISSING)


RULES = (
    NAIVE_CONSTRUCTOR,
    NAIVE_STRPTIME,
    NAIVE_COMBINE,
    NAIVE_FROMISOFORMAT,
    NAIVE_MIN_MAX,
)

HANDLERS: dict[str, Handler] = {
    "datetime.datetime": check_constructor,
    "datetime.datetime.strptime": check_strptime,
    "datetime.datetime.combine": check_combine,
    "datetime.datetime.fromisoformat": check_fromisoformat,
    "datetime.datetime.min": check_min_max,
    "datetime.datetime.max": check_min_max,
}
