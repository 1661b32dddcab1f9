"""Which lines of a file mention a name that may resolve to a watched API.

The resolver skips statements and function bodies whose lines mention none
of those names: they can neither use nor rebind them, so walking them could
not change a result. A name counts once it is bound to a watched module or
to something inside it. Its mentions are found by a word search over the
whole text, so a mention in a string or comment costs a walk, nothing more.
"""

from __future__ import annotations

import bisect
import re


class HotLines:
    """Line numbers (1-based) that mention any of the tracked names."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.names: set[str] = set()
        self.lines: set[int] = set()
        self.sorted: list[int] = []
        self.dirty = False
        self.starts = [0]
        self.starts.extend(match.end() for match in re.finditer(r"\r\n|\r|\n", text))

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
        index = bisect.bisect_left(self.sorted, first)
        return index < len(self.sorted) and self.sorted[index] <= last


def is_word_character(text: str, index: int) -> bool:
    if index < 0 or index >= len(text):
        return False
    character = text[index]
    return character.isalnum() or character == "_"
