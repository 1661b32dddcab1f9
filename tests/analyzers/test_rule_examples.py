"""Every rule's own valid and invalid examples, which also make its docs page."""

from __future__ import annotations

import pytest

from analyzers.rules import Rule, all_rules
from analyzers.rules.base import EXPECT_MARK
from tests.analyzers.conftest import report_for

CASES = [
    pytest.param(rule, kind, index, source, id=f"{rule.code}-{kind}-{index}")
    for rule in all_rules()
    for kind, examples in (("valid", rule.valid), ("invalid", rule.invalid))
    for index, source in enumerate(examples)
]


def expected_lines(rule: Rule, source: str) -> list[int]:
    mark = EXPECT_MARK + rule.code
    return [n for n, line in enumerate(source.splitlines(), 1) if line.endswith(mark)]


@pytest.mark.parametrize(("rule", "kind", "index", "source"), CASES)
def test_rule_example(rule: Rule, kind: str, index: int, source: str) -> None:
    report = report_for(source, dict(rule.example_config))
    assert not report.errors
    reported = [d.line for d in report.diagnostics if d.code == rule.code]
    assert reported == expected_lines(rule, source)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.code)
def test_rule_has_both_kinds_of_example(rule: Rule) -> None:
    assert rule.valid
    assert rule.invalid
    assert all(expected_lines(rule, source) for source in rule.invalid)


def test_rule_codes_and_symbols_unique() -> None:
    rules = all_rules()
    assert len({rule.code for rule in rules}) == len(rules)
    assert len({rule.symbol for rule in rules}) == len(rules)
