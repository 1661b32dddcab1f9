"""Decide from a file's bytes whether any rule could report in it.

Parsing is most of the cost of a lint run, and most files never touch a
watched API, so the engine parses only the files this module lets through.
The resolver follows names bound by import statements only, so a file can
match only if it imports a watched module and then uses the bound name in a
way that can reach a watched member: ``alias.member`` for a module, or any
further mention of a name imported with ``from``. Each test errs towards
parsing: a wrong "yes" costs time, a wrong "no" would hide a finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

WORD = re.compile(rb"[A-Za-z_][A-Za-z0-9_.]*")


class Prefilter:
    """The byte-level test for one set of watched dotted names."""

    def __init__(self, watched: Iterable[str]) -> None:
        self.watched = sorted(set(watched))
        self.below: dict[str, tuple[tuple[bytes, ...], bool]] = {}
        self.roots = tuple(
            sorted({name.split(".")[0].encode() for name in self.watched})
        )
        # A file without "time" has no "datetime" either: one scan for both.
        self.shortest_roots = tuple(
            root
            for root in self.roots
            if not any(other != root and other in root for other in self.roots)
        )

    # NOTE: a module alias spelled with characters that NFKC folds to ASCII
    # (``time`` in full-width letters, then ``.time()``, after ``import
    # time``) is not seen here, so such a file is not parsed. Folding every
    # non-ASCII file would cost the standard library 60 ms.
    def may_match(self, data: bytes) -> bool:
        if not any(root in data for root in self.shortest_roots):
            return False
        for target, alias, from_import in self.imports(data):
            if target is None:
                return True  # a star import of a watched module
            if self.alias_used(data, target, alias, from_import):
                return True
        return False

    def imports(self, data: bytes) -> Iterator[tuple[str | None, bytes, bool]]:
        """Yield (target, bound name, from-import?) for each watched import."""
        index = data.find(b"import")
        while index >= 0:
            start = data.rfind(b"\n", 0, index) + 1
            statement, end = statement_text(data, start, index)
            # Most imports name no watched module; skip splitting those.
            if any(root in statement for root in self.roots):
                yield from self.bindings(statement)
            index = data.find(b"import", max(end, index + 6))

    def bindings(self, statement: bytes) -> Iterator[tuple[str | None, bytes, bool]]:
        head, _, names = statement.partition(b"import")
        head = head.strip()
        if head.startswith(b"from"):
            module = head[4:].strip()
            if not self.is_root_watched(module):
                return
            for name, alias in split_names(names):
                if name == b"*":
                    yield None, b"", True
                else:
                    yield f"{module.decode()}.{name.decode()}", alias, True
            return
        for name, alias in split_names(names):
            if self.is_root_watched(name):
                bound = alias if alias != name else name.split(b".")[0]
                target = name.decode() if alias != name else bound.decode()
                yield target, bound, False

    def is_root_watched(self, module: bytes) -> bool:
        return module.split(b".")[0] in self.roots

    def alias_used(
        self, data: bytes, target: str, alias: bytes, from_import: bool
    ) -> bool:
        members, covered = self.members_below(target)
        if from_import or covered:
            if not members and not covered:
                return False
            first = data.find(alias)
            return data.find(alias, first + len(alias)) >= 0
        # One pass over the uses of ``alias.`` instead of one scan per member.
        prefix = alias + b"."
        start = len(prefix)
        index = data.find(prefix)
        while index >= 0:
            if data.startswith(members, index + start):
                return True
            index = data.find(prefix, index + start)
        return self.getattr_on(data, alias) and any(
            b'"' + member + b'"' in data or b"'" + member + b"'" in data
            for member in members
        )

    @staticmethod
    def getattr_on(data: bytes, alias: bytes) -> bool:
        """Tell whether ``getattr(alias`` occurs, with any spaces or extra
        parentheses around the alias, as in ``getattr( (time), "time")``."""
        if b"getattr" not in data:
            return False
        pattern = rb"getattr\s*\(\s*(?:\(\s*)*" + re.escape(alias) + rb"\b"
        return re.search(pattern, data) is not None

    def members_below(self, target: str) -> tuple[tuple[bytes, ...], bool]:
        """Return the next name parts of watched names under ``target``.

        The flag is True when ``target`` itself is watched or lies under a
        watched name, because a banned module bans everything in it.
        """
        found = self.below.get(target)
        if found is None:
            prefix = target + "."
            members = {
                name[len(prefix) :].split(".")[0].encode()
                for name in self.watched
                if name.startswith(prefix)
            }
            covered = any(
                target == name or target.startswith(name + ".") for name in self.watched
            )
            found = (tuple(sorted(members)), covered)
            self.below[target] = found
        return found


def statement_text(data: bytes, start: int, index: int) -> tuple[bytes, int]:
    """Return the import statement around ``index`` and where it ends.

    Follows parentheses and backslash continuations; stops at ``;`` or ``#``.
    """
    end = data.find(b"\n", index)
    end = len(data) if end < 0 else end
    line = data[start:end]
    prefix = data[start:index]
    stripped = prefix.strip().removeprefix(b"\xef\xbb\xbf")
    if stripped and not stripped.startswith(b"from") and stripped[-1:] not in b":;":
        return b"", end  # "import" inside other code, a string or a comment
    if stripped.endswith((b":", b";")):
        line = data[index:end]
    while line.rstrip().endswith(b"\\") and end < len(data):
        next_end = data.find(b"\n", end + 1)
        next_end = len(data) if next_end < 0 else next_end
        line = line.rstrip()[:-1] + b" " + data[end + 1 : next_end]
        end = next_end
    if b"(" in line and b")" not in line:
        close = data.find(b")", end)
        close = len(data) if close < 0 else close
        line = line + b" " + data[end:close]
        end = close
    return line.split(b";")[0].split(b"#")[0], end


def split_names(names: bytes) -> Iterator[tuple[bytes, bytes]]:
    """Yield (dotted name, bound alias) from ``a as b, c`` or ``(a, b)``."""
    cleaned = re.sub(rb"#[^\n]*", b"", names).replace(b"(", b" ").replace(b")", b" ")
    for part in cleaned.split(b","):
        words = part.split()
        if not words:
            continue
        if words[0] == b"*":
            yield b"*", b""
        elif len(words) >= 3 and words[1] == b"as":
            yield words[0], words[2]
        elif WORD.fullmatch(words[0]):
            yield words[0], words[0]
