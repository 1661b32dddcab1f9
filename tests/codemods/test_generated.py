"""Generated programs never crash the analyzer or the fixes.

hypothesmith builds syntactically valid programs from the Python grammar;
a few lines with fixable findings are appended so the fix path runs too.
"""

from __future__ import annotations

import warnings

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings

from tests.codemods.assertions import fix_once

FINDINGS = (
    "\nfrom datetime import datetime\n"
    "stamp = datetime.utcnow()\n"
    "local = datetime.fromtimestamp(0)\n"
)
SLOW_INPUT = [HealthCheck.too_slow, HealthCheck.filter_too_much]


def check_program(source: str) -> None:
    data = (source + FINDINGS).encode("utf-8", errors="surrogatepass")
    for unsafe in (False, True):
        result = fix_once(data, unsafe=unsafe)
        if result.output is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                compile(result.output, "<fixed>", "exec", dont_inherit=True)


@settings(max_examples=100, deadline=None, suppress_health_check=SLOW_INPUT)
@given(hypothesmith.from_grammar())
def test_generated_programs_survive(source: str) -> None:
    check_program(source)


@pytest.mark.slow
@settings(max_examples=1000, deadline=None, suppress_health_check=SLOW_INPUT)
@given(hypothesmith.from_grammar())
def test_many_generated_programs_survive(source: str) -> None:
    check_program(source)
