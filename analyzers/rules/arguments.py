"""Reading call arguments and method chains without guessing."""

from __future__ import annotations

import ast
from collections.abc import Sequence

MISSING = "missing"
EXPLICIT_NONE = "none"
GIVEN = "given"
UNKNOWN = "unknown"


def argument(call: ast.Call, position: int, keyword: str) -> ast.expr | str:
    """Return the argument at ``position`` or named ``keyword``.

    Returns MISSING when it is not passed and UNKNOWN when ``*args`` or
    ``**kwargs`` might pass it.
    """
    for named in call.keywords:
        if named.arg == keyword:
            return named.value
    positional = call.args
    starred = any(isinstance(arg, ast.Starred) for arg in positional)
    if len(positional) > position and not any(
        isinstance(arg, ast.Starred) for arg in positional[: position + 1]
    ):
        return positional[position]
    if starred or any(named.arg is None for named in call.keywords):
        return UNKNOWN
    return MISSING


def timezone_argument(call: ast.Call, position: int, keyword: str) -> str:
    """Classify a tz/tzinfo argument as MISSING, EXPLICIT_NONE, GIVEN or UNKNOWN."""
    value = argument(call, position, keyword)
    if isinstance(value, str):
        return value
    if isinstance(value, ast.Constant) and value.value is None:
        return EXPLICIT_NONE
    return GIVEN


def string_literal(call: ast.Call, position: int, keyword: str) -> str | None:
    value = argument(call, position, keyword)
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value
    return None


def is_made_aware(
    call: ast.Call, ancestors: Sequence[ast.AST], allow_astimezone: bool = True
) -> bool:
    """Tell whether a method chain on ``call``'s result makes it aware.

    ``.replace(tzinfo=X)`` with X other than None does, and so does
    ``.astimezone()`` (it reads a naive value as local time), also after any
    number of ``.replace(...)`` steps that leave the time zone alone.
    ``ancestors`` ends with ``call`` itself, outermost node first.
    An unknown ``tzinfo`` (passed through ``**kwargs``) counts as not aware.
    """
    current: ast.AST = call
    index = len(ancestors) - 1
    while index >= 2:
        attribute, outer = ancestors[index - 1], ancestors[index - 2]
        method = called_method(current, attribute, outer)
        if method == "astimezone":
            return allow_astimezone
        if method != "replace":
            return False
        assert isinstance(outer, ast.Call)
        tzinfo = timezone_argument(outer, 7, "tzinfo")
        if tzinfo != MISSING:
            return tzinfo == GIVEN
        current, index = outer, index - 2
    return False


def called_method(value: ast.AST, attribute: ast.AST, outer: ast.AST) -> str | None:
    """Return ``name`` when ``outer`` is the call ``value.name(...)``."""
    if not isinstance(attribute, ast.Attribute) or attribute.value is not value:
        return None
    if not isinstance(outer, ast.Call) or outer.func is not attribute:
        return None
    return attribute.attr
