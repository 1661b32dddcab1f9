"""The rule registry: one module per rule family.

``all_rules()`` lists every rule in code order. The engine registers the
handlers of each family for the dotted names they watch.
"""

from __future__ import annotations

from analyzers.rules import (
    banned_api,
    naive_clock_reads,
    naive_constructors,
    unused_noqa,
)
from analyzers.rules.base import CheckContext, Finding, Handler, Rule

__all__ = [
    "CheckContext",
    "Finding",
    "Handler",
    "Rule",
    "all_rules",
    "fix_kinds",
    "rule_by_code",
]

FAMILIES = (banned_api, naive_clock_reads, naive_constructors, unused_noqa)


def all_rules() -> list[Rule]:
    """Return every rule, sorted by code."""
    rules = [rule for family in FAMILIES for rule in family.RULES]
    return sorted(rules, key=lambda rule: rule.code)


def rule_by_code(code: str) -> Rule | None:
    return next((rule for rule in all_rules() if rule.code == code), None)


def fix_kinds() -> frozenset[str]:
    """Return every ``Diagnostic.fix_kind`` a finding can carry."""
    return frozenset(rule.fix_kind for rule in all_rules() if rule.fix_kind)


def naive_datetime_handlers() -> dict[str, Handler]:
    """Return the handlers of the naive-datetime preset by watched name."""
    return {**naive_clock_reads.HANDLERS, **naive_constructors.HANDLERS}


def naive_datetime_resolved() -> frozenset[str]:
    """Return the names the naive-datetime handlers resolve without watching."""
    return naive_constructors.RESOLVED
