"""Edit argument and import-name lists without disturbing their layout.

A new element copies the separators already in the list, so a one-per-line
call stays one per line, and a comment stays on the line it was written on.
"""

from __future__ import annotations

from collections import Counter

import libcst as cst

_SPACE = cst.SimpleWhitespace(" ")
_NOTHING = cst.SimpleWhitespace("")


def append_argument(call: cst.Call, argument: cst.Arg) -> cst.Call:
    """Return ``call`` with ``argument`` added after its last argument."""
    args = list(call.args)
    if not args:
        return call.with_changes(args=[argument])
    last = args[-1]
    trailing_comma = isinstance(last.comma, cst.Comma)
    tail: cst.BaseParenthesizableWhitespace = last.whitespace_after_arg
    if isinstance(last.comma, cst.Comma):
        tail = last.comma.whitespace_after
    separator: cst.BaseParenthesizableWhitespace
    closing: cst.BaseParenthesizableWhitespace
    indent = _one_per_line_indent(call)
    if isinstance(tail, cst.ParenthesizedWhitespace) and indent is not None:
        separator, closing = _split_line_break(tail, indent)
    else:
        separator, closing = _SPACE, tail
    before = last.comma.whitespace_before if isinstance(last.comma, cst.Comma) else None
    args[-1] = last.with_changes(
        comma=cst.Comma(
            whitespace_before=before or _NOTHING, whitespace_after=separator
        ),
        whitespace_after_arg=_NOTHING,
    )
    if trailing_comma:
        argument = argument.with_changes(comma=cst.Comma(whitespace_after=closing))
    else:
        argument = argument.with_changes(whitespace_after_arg=closing)
    return call.with_changes(args=[*args, argument])


def _one_per_line_indent(call: cst.Call) -> cst.SimpleWhitespace | None:
    """Return the argument indent when every argument starts its own line."""
    opening = call.whitespace_before_args
    if not isinstance(opening, cst.ParenthesizedWhitespace):
        return None
    for arg in call.args[:-1]:
        comma = arg.comma
        if not isinstance(comma, cst.Comma):
            return None
        if not isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace):
            return None
    return opening.last_line


def _split_line_break(
    tail: cst.ParenthesizedWhitespace, indent: cst.SimpleWhitespace
) -> tuple[cst.ParenthesizedWhitespace, cst.ParenthesizedWhitespace]:
    """Split the line break after the last element into two.

    The first keeps the comment of the old last line and indents the new
    element; the second closes the list as before.
    """
    separator = cst.ParenthesizedWhitespace(
        first_line=tail.first_line,
        empty_lines=tail.empty_lines,
        indent=tail.indent,
        last_line=indent,
    )
    closing = cst.ParenthesizedWhitespace(
        first_line=cst.TrailingWhitespace(),
        empty_lines=[],
        indent=tail.indent,
        last_line=tail.last_line,
    )
    return separator, closing


def insert_import_alias(statement: cst.ImportFrom, name: str) -> cst.ImportFrom:
    """Return ``statement`` with ``name`` added in sorted place if it is sorted."""
    assert not isinstance(statement.names, cst.ImportStar)
    aliases = list(statement.names)
    keys = [_alias_key(alias) for alias in aliases]
    position = len(aliases)
    if keys == sorted(keys):
        position = sum(1 for key in keys if key < _name_key(name))
    new = cst.ImportAlias(name=cst.Name(name))
    if position == len(aliases):
        return statement.with_changes(names=_append_alias(aliases, new))
    separator = _plain_separator(aliases, position)
    aliases.insert(position, new.with_changes(comma=separator))
    return statement.with_changes(names=aliases)


def _append_alias(
    aliases: list[cst.ImportAlias], new: cst.ImportAlias
) -> list[cst.ImportAlias]:
    last = aliases[-1]
    separator = _plain_separator(aliases, len(aliases) - 1)
    if isinstance(last.comma, cst.Comma):
        tail = last.comma.whitespace_after
        if isinstance(tail, cst.ParenthesizedWhitespace) and isinstance(
            separator.whitespace_after, cst.ParenthesizedWhitespace
        ):
            line_break, closing = _split_line_break(
                tail, separator.whitespace_after.last_line
            )
            separator = cst.Comma(whitespace_after=line_break)
            new = new.with_changes(comma=cst.Comma(whitespace_after=closing))
        else:
            new = new.with_changes(comma=last.comma)
    return [*aliases[:-1], last.with_changes(comma=separator), new]


def _plain_separator(aliases: list[cst.ImportAlias], position: int) -> cst.Comma:
    """Copy a separator of the list, without its comment."""
    candidates = [alias.comma for alias in aliases[:-1]]
    if not candidates and isinstance(aliases[-1].comma, cst.Comma):
        candidates = [aliases[-1].comma]
    if not candidates:
        return cst.Comma(whitespace_after=_SPACE)
    comma = candidates[min(max(position - 1, 0), len(candidates) - 1)]
    assert isinstance(comma, cst.Comma)
    after = comma.whitespace_after
    if isinstance(after, cst.ParenthesizedWhitespace):
        after = after.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=[])
    return cst.Comma(whitespace_before=_NOTHING, whitespace_after=after)


def _alias_key(alias: cst.ImportAlias) -> tuple[int, str]:
    name = alias.name
    return _name_key(name.value if isinstance(name, cst.Name) else "")


def _name_key(name: str) -> tuple[int, str]:
    """Sort names as ruff does by default: CONSTANTS, Classes, then others."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


class _CommentCollector(cst.CSTVisitor):
    def __init__(self) -> None:
        self.comments: Counter[str] = Counter()

    def visit_Comment(self, node: cst.Comment) -> None:
        self.comments[node.value] += 1


def comments_in(node: cst.CSTNode) -> Counter[str]:
    """Count the comments inside ``node``."""
    collector = _CommentCollector()
    node.visit(collector)
    return collector.comments
