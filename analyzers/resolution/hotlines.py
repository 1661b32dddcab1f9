"""Which lines of a file mention a name that may resolve to a watched API.

The resolver skips statements and function bodies whose lines mention none
of those names: they can neither use nor rebind them, so walking them could
not change a result. A name counts once it is bound to a watched module or
to something inside it. Its mentions are found by a word search over the
whole text, so a mention in a string or comment costs a walk, nothing more.
"""

from __future__ import annotations

import bisect
import itertools
import re


class HotLines:
    """Line numbers (1-based) that mention any of the tracked names."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.names: set[str] = set()
        self.lines: set[int] = set()
        self.sorted: list[int] = []
        self.dirty = False
        self.starts = line_starts(text)
        self.substring_lines: dict[str, list[int]] = {}

    def track(self, name: str) -> None:
        if name in self.names:
            return
        self.names.add(name)
        text, size = self.text, len(name)
        # str.find is much faster than a regex with word boundaries here.
        index = text.find(name)
        while index >= 0:
            after = index + size
            if not is_word_character(text, index - 1) and not is_word_character(
                text, after
            ):
                self.lines.add(bisect.bisect_right(self.starts, index))
            index = text.find(name, after)
        self.dirty = True

    def mentioned(self, first: int, last: int) -> bool:
        """Tell whether any line from ``first`` to ``last`` mentions a name."""
        if self.dirty:
            self.sorted = sorted(self.lines)
            self.dirty = False
        return any_between(self.sorted, first, last)

    def contains(self, substring: str, first: int, last: int) -> bool:
        """Tell whether any line from ``first`` to ``last`` contains ``substring``.

        The lines of each substring are found once per file, so asking for
        every statement costs a binary search, not a slice of the text.
        """
        lines = self.substring_lines.get(substring)
        if lines is None:
            lines = sorted(self.lines_containing(substring))
            self.substring_lines[substring] = lines
        return any_between(lines, first, last)

    def lines_containing(self, substring: str) -> set[int]:
        found = set()
        index = self.text.find(substring)
        while index >= 0:
            found.add(bisect.bisect_right(self.starts, index))
            index = self.text.find(substring, index + len(substring))
        return found


def line_starts(text: str) -> list[int]:
    """Return the offset where each line starts, as ``ast`` counts lines.

    Only LF, CRLF and CR end a line; str.splitlines would also split at a
    form feed and shift every later line number.
    """
    if "\r" in text:
        ends = (match.end() for match in re.finditer(r"\r\n|\r|\n", text))
        return [0, *ends]
    lines = text.split("\n")
    lines.pop()  # the text after the last newline starts no further line
    return [0, *itertools.accumulate(len(line) + 1 for line in lines)]


def any_between(sorted_lines: list[int], first: int, last: int) -> bool:
    index = bisect.bisect_left(sorted_lines, first)
    return index < len(sorted_lines) and sorted_lines[index] <= last


def is_word_character(text: str, index: int) -> bool:
    if index < 0 or index >= len(text):
        return False
    character = text[index]
    return character.isalnum() or character == "_"
