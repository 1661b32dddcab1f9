"""The one before/after assertion every codemod test goes through."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

Rewrite = Callable[[bytes], bytes]


def assert_rewrite(before: str, after: str, rewrite: Rewrite) -> None:
    """Check that ``rewrite`` turns ``before`` into ``after``, and then is stable.

    Both texts are dedented, so tests can indent them with the test code.
    The output must compile, and rewriting it again must change nothing.
    """
    source = textwrap.dedent(before).encode()
    expected = textwrap.dedent(after)
    output = rewrite(source)
    assert output.decode() == expected
    compile(output, "<fixed>", "exec", dont_inherit=True)
    assert rewrite(output) == output, "a second run changed the output again"
