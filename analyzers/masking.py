"""Blank out code that cannot matter, so that less text is parsed.

On the files the prefilter lets through, CPython's parser costs most of a
lint run, and most of their statements mention no watched name at all. Such
a statement can neither use a watched API nor bind a name to one, so the
resolver would skip it anyway (see ``resolution/hotlines.py``). This module
finds those statements before parsing and replaces each with ``pass``,
keeping every other line and column where it was, so positions in the
parsed tree stay those of the file. On the standard library's files that
pass the prefilter, about a sixth of the text is left to parse.

Splitting a block into statements needs the file's logical lines, which
strings, comments, brackets and backslashes decide. One regular expression
finds every string and comment (the work happens in C), and they are
replaced by placeholders that keep the line count. On that skeleton a
statement of a block starts on a line indented exactly as the block, which
does not continue a string or a backslash line and which every bracket
opened since the previous statement has been closed before. ``elif``,
``else``, ``except`` and ``finally`` lines join the statement above them,
and decorators the definition below them. A file whose layout is in doubt
(tabs in the indentation, form feeds, CR line ends, code outside strings
that is not ASCII, an f-string that nests its own quote as Python 3.12
allows) is parsed whole, which gives the exact result at the usual cost.

Which names make a line matter comes from the caller's ``HotLines``. The
engine checks the result after the resolver has run: if a blanked statement
mentions a name the resolver tracked, the file is parsed again with that
statement kept (see ``engine.check_masked``).
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import functools
import itertools
import re
import sys

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
    """Raise Unmaskable when an f-string's replacement fields do not close.

    The expression ends an f-string at the first quote like its own, so an
    f-string that nests that quote inside a field is cut inside the field,
    which then stays open. Outside a field ``{{`` and ``}}`` are escapes;
    inside one, braces nest (``{ {1} }`` is a set in a field).
    """
    depth = 0
    index = 0
    while index < len(literal):
        character = literal[index]
        if (
            depth == 0
            and character in "{}"
            and literal[index + 1 : index + 2] == character
        ):
            index += 2
            continue
        if character == "{":
            depth += 1
        elif character == "}":
            depth -= 1
            if depth < 0:
                raise Unmaskable
        index += 1
    if depth:
        raise Unmaskable


def bracket_depth(code: str, start: int, end: int) -> int:
    """Return how many brackets opened in ``code[start:end]`` stay open."""
    opened = code.count("(", start, end) + code.count("[", start, end)
    opened += code.count("{", start, end)
    closed = code.count(")", start, end) + code.count("]", start, end)
    return opened - closed - code.count("}", start, end)


@functools.lru_cache(maxsize=64)
def statement_pattern(indent: int) -> re.Pattern[str]:
    """Match a line indented exactly ``indent`` spaces, at its newline."""
    return re.compile(rf"\n {{{indent}}}(?=[^ \n])")


FIRST_LINE = re.compile(r"^( *)(?=[^ \n])", re.MULTILINE)
WORD = re.compile(r"@|[A-Za-z_]+")
KEYWORD = re.compile(r"(?:async[ \t]+)?([A-Za-z_]+)")
# Clauses that continue the statement above them at the same indentation.
CLAUSES = frozenset({"elif", "else", "except", "finally"})
# Words that make a statement matter whatever names it mentions. global and
# nonlocal change names outside it. An import binds names the resolver may
# follow, and a star import hides every name bound before it. A local
# getattr shadows the builtin that getattr(module, "name") resolves through.
KEEP_WORDS = ("global", "nonlocal", "import", "getattr")
# Bodies shorter than this many lines are kept whole when their statement is.
MIN_SPLIT_LINES = 6


@dataclasses.dataclass
class Chunk:
    """One statement of a block: its offsets, and where each clause starts.

    ``headers`` are the offsets of the lines that open a clause: the
    ``def`` or ``class`` line after any decorators, then each ``elif``,
    ``else``, ``except`` and ``finally``.
    """

    start: int
    end: int
    headers: list[int]


class Masker:
    """Find the statements and bodies to blank in one file.

    ``hot`` contains the names that make a line matter (the imported names
    at first, then whatever the resolver tracked). The skeleton is built
    once and serves every attempt.

    Every block is split into its statements. At module level and in
    function bodies a statement that mentions no hot name is blanked whole.
    A statement that does is kept, and if it is compound, its bodies are
    split in turn. In a class body only the bodies of cold methods are
    blanked, because every name a class body binds decides whether
    ``Sub.member`` resolves through a watched base class.
    """

    def __init__(self, text: str, hot: HotLines) -> None:
        self.text = text
        self.hot = hot
        self.code = ""  # empty: the file is parsed as it is
        if "\r" not in text and "\f" not in text:
            with contextlib.suppress(Unmaskable):
                self.code = skeleton(text)
        # Python folds identifiers with NFKC, so a name spelled with other
        # characters (for example full-width letters) binds or uses a plain
        # ASCII name that a word search would not see.
        if not self.code.isascii():
            self.code = ""
        self.starts: list[int] = []
        self.keep_lines: list[int] = []
        self.regions: list[tuple[int, int, int]] = []

    def prepare(self) -> None:
        code = self.code
        lines = code.split("\n")
        self.starts = [0, *itertools.accumulate(len(line) + 1 for line in lines[:-1])]
        keep: set[int] = set()
        for word in KEEP_WORDS:
            index = code.find(word)
            while index >= 0:
                keep.add(bisect.bisect_right(self.starts, index))
                index = code.find(word, index + len(word))
        self.keep_lines = sorted(keep)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def cold_regions(self) -> list[tuple[int, int, int]]:
        """Return (first line, last line, indentation of ``pass``) to blank."""
        if not self.starts:
            self.prepare()
        self.regions = []
        first = self.first_statement(0, len(self.code))
        if first is not None:
            self.block(first[0], len(self.code), first[1], "module")
        return self.regions

    def first_statement(self, start: int, end: int) -> tuple[int, int] | None:
        """Return the line offset and indentation of the first statement."""
        found = FIRST_LINE.search(self.code, start, end)
        if found is None:
            return None
        line_start = found.start(1)
        if self.code[found.end()] in "\t\f\v\0":
            raise Unmaskable  # indentation this scan does not measure
        return line_start, len(found.group(1))

    def statement_starts(self, start: int, end: int, indent: int) -> list[int]:
        """Return the offsets of the lines that start a statement of the block."""
        code = self.code
        starts = [start]
        pattern = statement_pattern(indent)
        position = start
        while True:
            found = pattern.search(code, position, end)
            if found is None:
                return starts
            line_start = found.start() + 1
            character = code[found.end()]
            if character in "\t\f\v":
                raise Unmaskable
            if (
                character != INSIDE_STRING
                and code[found.start() - 1] != "\\"
                and not bracket_depth(code, starts[-1], found.start())
            ):
                starts.append(line_start)
            position = found.end()

    def chunks(self, starts: list[int], end: int, indent: int) -> list[Chunk]:
        """Group statement lines into statements: clauses and decorators join."""
        chunks: list[Chunk] = []
        decorated = False
        for index, start in enumerate(starts):
            word = WORD.match(self.code, start + indent)
            text = word.group() if word else ""
            next_start = starts[index + 1] if index + 1 < len(starts) else end
            joins = decorated or text in CLAUSES
            if chunks and joins:
                chunks[-1].end = next_start
                if text != "@":
                    chunks[-1].headers.append(start)
            else:
                headers = [] if text == "@" else [start]
                chunks.append(Chunk(start, next_start, headers))
            decorated = text == "@"
        return chunks

    def block(self, start: int, end: int, indent: int, kind: str) -> None:
        starts = self.statement_starts(start, end, indent)
        for chunk in self.chunks(starts, end, indent):
            self.statement(chunk, indent, kind)

    def statement(self, chunk: Chunk, indent: int, kind: str) -> None:
        if not chunk.headers:
            raise Unmaskable  # decorators with nothing to decorate
        first = self.line_of(chunk.start)
        last = self.line_of(chunk.end - 1)
        word = self.keyword(chunk.headers[0], indent)
        if not self.is_hot(first, last):
            if kind != "class":
                self.regions.append((first, last, indent))
            elif word == "def":
                body = self.body(chunk, 0)
                if body is not None:
                    self.regions.append((self.line_of(body[0]), last, indent + 1))
            return
        if word == "match":
            return  # case clauses cannot be blanked one by one
        inner = {"class": "class", "def": "function"}.get(word, kind)
        for clause in range(len(chunk.headers)):
            body = self.body(chunk, clause)
            # Splitting a short body saves less parsing than it costs.
            if (
                body is not None
                and self.line_of(body[1] - 1) - self.line_of(body[0]) >= MIN_SPLIT_LINES
            ):
                found = self.first_statement(*body)
                if found is None or found[1] <= indent:
                    raise Unmaskable
                self.block(found[0], body[1], found[1], inner)

    def keyword(self, offset: int, indent: int) -> str:
        """Return the first word of the line at ``offset``, after ``async``."""
        word = KEYWORD.match(self.code, offset + indent)
        return word.group(1) if word else ""

    def body(self, chunk: Chunk, clause: int) -> tuple[int, int] | None:
        """Return the offsets of a clause's indented body, if it has one."""
        code = self.code
        start = chunk.headers[clause]
        end = (
            chunk.headers[clause + 1] if clause + 1 < len(chunk.headers) else chunk.end
        )
        header_end = code.find("\n", start, end)
        while header_end >= 0 and (
            bracket_depth(code, start, header_end)
            or code[header_end - 1] == "\\"
            or code[header_end + 1 : header_end + 2] == INSIDE_STRING
        ):
            header_end = code.find("\n", header_end + 1, end)
        if header_end < 0 or code[start:header_end].rstrip()[-1:] != ":":
            return None
        return header_end + 1, end

    def is_hot(self, first: int, last: int) -> bool:
        """Tell whether lines ``first``..``last`` may matter to the resolver."""
        if self.hot.mentioned(first, last):
            return True
        lines = self.keep_lines
        index = bisect.bisect_left(lines, first)
        return index < len(lines) and lines[index] <= last

    def mask(self) -> tuple[str, list[tuple[int, int]]]:
        """Return the text with cold code blanked, and the blanked line ranges.

        Returns the text unchanged, with no ranges, when its layout is in
        doubt (see the module documentation).
        """
        text = self.text
        if not self.code:
            return text, []
        try:
            regions = self.cold_regions()
        except Unmaskable:
            return text, []
        if not regions:
            return text, []
        lines = text.split("\n")
        for first, last, indent in regions:
            lines[first - 1] = " " * indent + "pass"
            for number in range(first + 1, last + 1):
                lines[number - 1] = ""
        return "\n".join(lines), [(first, last) for first, last, _ in regions]
