"""Which lines of a file mention a name that may resolve to a watched API.

The resolver skips statements and function bodies whose lines mention none
of those names: they can neither use nor rebind them, so walking them could
not change a result. A name counts once it is bound to a dotted name that is
"live": watched itself, lying under a watched name, or having watched names
under it (``time`` is live for ``time.time``; ``time.sleep`` is not). Its
mentions are found by a word search over the whole text, so a mention in a
string or comment costs a walk, nothing more.

Two kinds of word are not mentions. A word after a dot is an attribute of
something else (``self.time``). A word followed by ``.member`` is not a
mention when the member leads to nothing live under any value the name was
bound to (``time.sleep(1)``): no chain that starts there can reach a watched
API, and a statement binding a name to it binds nothing the rules follow.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable

MEMBER = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)")
Liveness = Callable[[str], bool]


class HotLines:
    """Line numbers (1-based) that mention any of the tracked names."""

    def __init__(self, text: str, is_live: Liveness | None = None) -> None:
        self.text = folded(text)
        self.is_live = is_live
        self.names: dict[str, set[str]] = {}
        self.lines: set[int] = set()
        self.sorted: list[int] = []
        self.dirty = False
        self.starts = line_starts(text)
        self.substring_lines: dict[str, list[int]] = {}

    def track(self, name: str, target: str | None = None) -> None:
        """Count the mentions of ``name``, bound to the dotted name ``target``.

        Without a target (or without a liveness test) every mention counts.
        """
        targets = self.names.setdefault(name, set())
        key = "" if target is None or self.is_live is None else target
        if key in targets or "" in targets:
            return
        targets.add(key)
        live = None if not key or self.is_live is None else (key, self.is_live)
        self.lines.update(mention_lines(self.text, self.starts, name, live))
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


def folded(text: str) -> str:
    """Return ``text`` in NFKC form, as Python reads identifiers.

    ``time`` spelled in full-width letters is the name ``time`` to Python,
    so the word search must see it as such. Line breaks keep their places, because
    NFKC maps no character to a line break or a line break to another.
    """
    if text.isascii():
        return text
    import unicodedata  # only here: most sources are ASCII

    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def mention_lines(
    text: str,
    starts: list[int],
    name: str,
    live: tuple[str, Liveness] | None = None,
) -> Iterable[int]:
    """Yield the line of each mention of ``name`` as a whole word.

    With ``live`` (the target the name is bound to and the liveness test),
    ``name.member`` is skipped when ``target.member`` is not live.
    """
    size = len(name)
    # str.find is much faster than a regex with word boundaries here.
    index = text.find(name)
    while index >= 0:
        after = index + size
        if (
            not is_word_character(text, after)
            and not is_word_character(text, index - 1)
            and (index == 0 or text[index - 1] != ".")
            and (live is None or leads_somewhere(text, after, live))
        ):
            yield bisect.bisect_right(starts, index)
        index = text.find(name, after)


def leads_somewhere(text: str, after: int, live: tuple[str, Liveness]) -> bool:
    """Tell whether the chain continuing at ``after`` may reach a live name."""
    if text[after : after + 1] != ".":
        return True
    member = MEMBER.match(text, after)
    if member is None:
        return True
    target, is_live = live
    return is_live(f"{target}.{member.group(1)}")


def any_between(sorted_lines: list[int], first: int, last: int) -> bool:
    index = bisect.bisect_left(sorted_lines, first)
    return index < len(sorted_lines) and sorted_lines[index] <= last


def is_word_character(text: str, index: int) -> bool:
    if index < 0 or index >= len(text):
        return False
    character = text[index]
    return character.isalnum() or character == "_"
