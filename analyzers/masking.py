"""Blank out function bodies that cannot matter, so that less text is parsed.

On the files the prefilter lets through, CPython's parser costs most of a
lint run, and about half of their bytes are in function bodies that mention
no watched name at all. Such a body can neither use a watched API nor bind
a name to one, so the resolver would skip it anyway (see
``resolution/hotlines.py``). This module finds those bodies before parsing
and replaces each with a single ``pass``, keeping every other line and
column where it was, so positions in the parsed tree stay those of the file.

Finding a body needs the file's logical lines, which strings, comments,
brackets and backslashes decide. One regular expression finds every string
and comment (the work happens in C), and they are replaced by placeholders
that keep the line count. On that skeleton a ``def`` at the start of a line
is a real definition. Its body ends at the first later line that is
indented no deeper and is not blank. That line must also not continue a
string, and every bracket opened since the ``def`` must be closed before it.
Whatever is in doubt (tabs or form feeds in the indentation, CR line ends,
an f-string that nests its own quote as Python 3.12 allows) is left as it
is, because not masking is always safe.

What counts as "mentions a watched name" is decided from a word list given
by the caller. The engine checks the result after the resolver has run: if
a blanked body mentions a name the resolver tracked, the file is parsed
again in full (see ``engine.check_source``).
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable

from analyzers.resolution.hotlines import HotLines

# A comment, or a string literal of any quoting. Prefixes do not change
# where a string ends (a backslash escapes a quote even in a raw string), so
# they are not matched. An unterminated string ends at its line end; the file
# then fails to parse, and that is reported from the full text.
STRING_OR_COMMENT = re.compile(
    r"#[^\n]*"
    r'|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*(?:"""|\Z)'
    r"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*(?:'''|\Z)"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"?'
    r"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'?",
    re.DOTALL,
)
# "def" and a space. The line start is checked separately, because a pattern
# anchored at line starts makes the search try every position.
DEFINITION = re.compile(r"def[ \t]")
LINE_HEAD = re.compile(r"( *)(?:async[ \t]+)?")
# Marks a line that starts inside a string: it starts no statement.
INSIDE_STRING = "\0"
OPENERS = "([{"
CLOSERS = ")]}"
# Python 3.12 lets an f-string's fields hold its own quote (PEP 701), which
# the expression above would cut short.
NESTED_FSTRING_QUOTES = sys.version_info >= (3, 12)


class Unmaskable(Exception):
    """The skeleton cannot be trusted; the file is parsed as it is."""


def skeleton(text: str) -> str:
    """Return ``text`` with strings and comments replaced by placeholders.

    Every line keeps its number. A string is replaced by ``""``; a line
    that starts inside a string starts with ``INSIDE_STRING``.
    """

    def replace(match: re.Match[str]) -> str:
        found = match.group()
        if found[0] == "#":
            return ""
        if NESTED_FSTRING_QUOTES and has_f_prefix(text, match.start()):
            check_fstring_fields(found)
        if "\n" not in found:
            return '""'
        return '"' + ("\n" + INSIDE_STRING) * found.count("\n") + '"'

    return STRING_OR_COMMENT.sub(replace, text)


def has_f_prefix(text: str, start: int) -> bool:
    prefix = text[max(0, start - 3) : start].lower()
    for index in range(len(prefix) - 1, -1, -1):
        if prefix[index] not in "rbuf":
            prefix = prefix[index + 1 :]
            break
    return "f" in prefix


def check_fstring_fields(literal: str) -> None:
    """Raise Unmaskable when an f-string's braces do not balance.

    The expression ends an f-string at the first quote like its own, so an
    f-string that nests that quote inside a field is cut inside the field,
    leaving an open brace behind.
    """
    bare = literal.replace("{{", "").replace("}}", "")
    if bare.count("{") != bare.count("}"):
        raise Unmaskable


def bracket_depth(code: str, start: int, end: int) -> int:
    """Return how many brackets opened in ``code[start:end]`` stay open."""
    opened = code.count("(", start, end) + code.count("[", start, end)
    opened += code.count("{", start, end)
    closed = code.count(")", start, end) + code.count("]", start, end)
    return opened - closed - code.count("}", start, end)


@functools.lru_cache(maxsize=64)
def dedent_pattern(indent: int) -> re.Pattern[str]:
    """Match the start of a line indented ``indent`` spaces or fewer."""
    return re.compile(rf"\n {{0,{indent}}}(?=[^ \n])")


class Masker:
    """Find the bodies to blank in one file.

    ``hot`` contains the names that make a line matter (the imported names
    at first, then whatever the resolver tracked); ``roots`` are the watched
    top-level modules. The skeleton is built once and serves every attempt.
    """

    def __init__(self, text: str, hot: HotLines, roots: Iterable[str]) -> None:
        self.text = text
        self.hot = hot
        self.roots = tuple(roots)
        self.code = "" if "\r" in text else skeleton(text)

    def cold_bodies(self) -> list[tuple[int, int, int]]:
        """Return (first, last) line numbers of each body to blank, and its
        definition's indentation."""
        bodies: list[tuple[int, int, int]] = []
        code = self.code
        masked_until = -1
        # Line numbers are counted as the scan moves on, not looked up:
        # the skeleton's offsets differ from the text's.
        counted_to, line = 0, 1
        for match in DEFINITION.finditer(code):
            if match.start() < masked_until:
                continue  # nested in a body already blanked
            start = code.rfind("\n", 0, match.start()) + 1
            head = LINE_HEAD.match(code, start)
            if head is None or head.end() != match.start():
                continue  # not at the start of a line
            indent = len(head.group(1))
            body = self.body_of(start, indent)
            if body is None:
                continue
            body_start, body_end = body
            line += code.count("\n", counted_to, start)
            counted_to = start
            header_lines = code.count("\n", start, body_start)
            last = line + header_lines + code.count("\n", body_start, body_end - 1)
            if self.is_hot(line, last, start, body_end):
                continue
            bodies.append((line + header_lines, last, indent))
            masked_until = body_end
        return bodies

    def body_of(self, start: int, indent: int) -> tuple[int, int] | None:
        """Return the offsets where the body of the ``def`` at ``start`` lies.

        None means the definition has no indented body (``def f(): ...``)
        or its extent is in doubt.
        """
        code = self.code
        header_end = code.find("\n", start)
        while header_end >= 0 and (
            bracket_depth(code, start, header_end) or code[header_end - 1] == "\\"
        ):
            header_end = code.find("\n", header_end + 1)
        if header_end < 0 or code[start:header_end].rstrip()[-1:] != ":":
            return None
        body_start = header_end + 1
        pattern = dedent_pattern(indent)
        position = header_end
        while True:
            found = pattern.search(code, position)
            if found is None:
                return body_start, len(code)
            line_start = found.end()
            character = code[line_start]
            if character in "\t\f\r\v":
                raise Unmaskable  # indentation this scan does not measure
            if (
                character != INSIDE_STRING
                and code[found.start() - 1] != "\\"
                and not bracket_depth(code, start, found.start())
            ):
                return body_start, found.start() + 1
            position = found.start() + 1

    def is_hot(self, first: int, last: int, start: int, end: int) -> bool:
        """Tell whether lines ``first``..``last`` may matter to the resolver."""
        if self.hot.mentioned(first, last):
            return True
        code = self.code
        # global and nonlocal change names outside the body; the resolver
        # looks at them even in bodies it skips.
        for word in ("global", "nonlocal"):
            if code.find(word, start, end) >= 0:
                return True
        # An import of a watched module binds a name the resolver tracks.
        if code.find("import", start, end) < 0:
            return False
        return any(code.find(root, start, end) >= 0 for root in self.roots)

    def mask(self) -> tuple[str, list[tuple[int, int]]]:
        """Return the text with cold bodies blanked, and their line ranges.

        Returns the text unchanged, with no ranges, when its layout is in
        doubt (CR line ends, indentation with tabs or form feeds).
        """
        text = self.text
        if not self.code:
            return text, []
        try:
            bodies = self.cold_bodies()
        except Unmaskable:
            return text, []
        if not bodies:
            return text, []
        lines = text.split("\n")
        for first, last, indent in bodies:
            lines[first - 1] = " " * (indent + 1) + "pass"
            for number in range(first + 1, last + 1):
                lines[number - 1] = ""
        return "\n".join(lines), [(first, last) for first, last, _ in bodies]
