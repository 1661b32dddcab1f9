"""Every fix kind the analyzer's rules emit has a fix that works."""

from __future__ import annotations

from typing import Any

import pytest

from analyzers.rules import all_rules
from analyzers.rules.base import Rule
from codemods.fixes import FIXES
from tests.codemods.assertions import fix_once

FIXABLE_RULES = [rule for rule in all_rules() if rule.fix_kind is not None]


def test_some_rules_are_fixable() -> None:
    assert FIXABLE_RULES


@pytest.mark.parametrize("rule", FIXABLE_RULES, ids=lambda rule: rule.code)
def test_fix_kind_has_fix(rule: Rule) -> None:
    assert rule.fix_kind in FIXES


def _examples_with_fixable_findings() -> list[Any]:
    """Invalid rule examples that have a fixable finding, as pytest params."""
    cases = []
    for rule in FIXABLE_RULES:
        for index, example in enumerate(rule.invalid):
            result = fix_once(example.encode(), {**rule.example_config}, unsafe=True)
            if result.applied or result.skipped:
                cases.append(
                    pytest.param(rule.code, example, id=f"{rule.code}-{index}")
                )
    return cases


@pytest.mark.parametrize(("code", "example"), _examples_with_fixable_findings())
def test_invalid_example_gets_fixed(code: str, example: str) -> None:
    table = {**next(r for r in FIXABLE_RULES if r.code == code).example_config}
    result = fix_once(example.encode(), table, unsafe=True)
    assert result.error is None
    assert result.skipped == ()
    assert result.output is not None
    again = fix_once(result.output, table, unsafe=True)
    assert again.output is None
