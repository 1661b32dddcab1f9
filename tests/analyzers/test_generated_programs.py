"""Generated programs never crash the linter."""

from __future__ import annotations

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings

from analyzers.config import Config
from analyzers.engine import check_source

CONFIG = Config(root="/", presets=("clock", "naive-datetime"))
HEADER = "import datetime, time\nfrom datetime import *\n"


def check_generated(source: str) -> None:
    report = check_source(HEADER + source, "generated.py", CONFIG)
    for diagnostic in report.diagnostics:
        assert diagnostic.line >= 1
        assert diagnostic.column >= 1


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_grammar())
def test_generated_programs_never_crash(source: str) -> None:
    check_generated(source)


@pytest.mark.slow
@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_node())
def test_many_generated_programs_never_crash(source: str) -> None:
    check_generated(source)
