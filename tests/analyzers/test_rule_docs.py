"""The committed rule pages match what the rules generate."""

from __future__ import annotations

import pytest

from analyzers.docgen import DOCS, pages


@pytest.mark.parametrize("name", sorted(pages()))
def test_rule_page_up_to_date(name: str) -> None:
    path = DOCS / name
    assert path.exists(), "run python -m analyzers.docgen"
    assert path.read_text(encoding="utf-8") == pages()[name], (
        "run python -m analyzers.docgen"
    )
