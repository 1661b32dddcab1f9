"""``# noqa`` comments: which findings they suppress and which are unused.

A comment applies to a finding when it sits on any line in the finding's
``noqa_lines``: the first and last line of the reported expression and of
the simple statement containing it. So for a call spread over several
lines, ``# noqa: GTL001`` works both after the opening line and after the
closing bracket.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

from analyzers.diagnostic import Diagnostic

NOQA = re.compile(
    r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?",
    re.IGNORECASE,
)
CODE = re.compile(r"[A-Z]+[0-9]+", re.IGNORECASE)


@dataclasses.dataclass
class Directive:
    """One ``# noqa`` comment; ``codes`` is None for a bare ``# noqa``."""

    line: int
    column: int
    end_column: int
    codes: frozenset[str] | None
    used: set[str] = dataclasses.field(default_factory=set)

    def suppresses(self, code: str) -> bool:
        return self.codes is None or code in self.codes


def find_directives(lines: Sequence[str]) -> dict[int, Directive]:
    """Map 1-based line numbers to the noqa comment on that line."""
    directives = {}
    for index, text in enumerate(lines):
        if "noqa" not in text and "NOQA" not in text.upper():
            continue
        match = NOQA.search(text)
        if match is None:
            continue
        found = match.group("codes")
        codes = (
            None
            if found is None
            else frozenset(code.upper() for code in CODE.findall(found))
        )
        directives[index + 1] = Directive(
            index + 1, match.start() + 1, match.end() + 1, codes
        )
    return directives


def apply_noqa(
    diagnostics: Iterable[Diagnostic], directives: dict[int, Directive]
) -> list[Diagnostic]:
    """Return the diagnostics no directive suppresses, marking directives used."""
    kept = []
    for diagnostic in diagnostics:
        directive = next(
            (
                directives[line]
                for line in diagnostic.noqa_lines
                if line in directives and directives[line].suppresses(diagnostic.code)
            ),
            None,
        )
        if directive is None:
            kept.append(diagnostic)
        else:
            directive.used.add(diagnostic.code)
    return kept


def unused_codes(directive: Directive) -> list[str]:
    """Return the GTL codes a directive names but did not use, in order."""
    if directive.codes is None:
        return []
    return sorted(
        code for code in directive.codes - directive.used if code.startswith("GTL")
    )
