"""GTL901: a ``# noqa`` comment naming a GTL code that suppressed nothing.

The engine reports it after filtering, because only then is it known which
comments were used; this module holds the rule's metadata and examples.
"""

from __future__ import annotations

from analyzers.rules.base import Rule

UNUSED_NOQA = Rule(
    code="GTL901",
    symbol="unused-noqa",
    summary="`# noqa` comment for a GTL code that suppresses nothing",
    explanation=(
        "A suppression that no longer matches a finding hides the next real "
        "one on that line, so it is reported with the code it names. Only "
        "codes of enabled GTL rules are checked: codes of other tools and a "
        "bare `# noqa` are left alone. A `# noqa` comment applies to a "
        "finding when it is on the first or the last physical line of the "
        "reported expression, or of the statement that contains it."
    ),
    messages={
        "unused": "unused `noqa` directive for {code}; remove it",
    },
    valid=(
        "import datetime\n\nstamp = datetime.datetime.now()  # noqa: GTL102\n",
        "import datetime\n\nstamp = datetime.datetime.now(\n)  # noqa: GTL102\n",
    ),
    invalid=(
        "import datetime\n\n"
        "stamp = datetime.datetime.now(datetime.timezone.utc)"
        "  # noqa: GTL102  # expect: GTL901\n",
    ),
    example_config={"presets": ["naive-datetime"]},
)

RULES = (UNUSED_NOQA,)
