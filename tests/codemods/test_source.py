"""Parsing refuses the files whose bytes could not be written back exactly."""

from __future__ import annotations

import pytest

from codemods.errors import MixedNewlinesError, SourceError
from codemods.source import check_compiles, newline_styles, parse_source


def test_mixed_newlines_rejected() -> None:
    with pytest.raises(MixedNewlinesError) as caught:
        parse_source(b"a = 1\rb = 2\r\n", "mixed.py")
    assert "mixed.py" in str(caught.value)
    assert "mixed newlines (CR, CRLF)" in str(caught.value)


def test_cr_only_file_roundtrips() -> None:
    source = b"a = 1\rb = 2\r"
    parsed = parse_source(source, "cr.py")
    assert parsed.output(parsed.module) == source


@pytest.mark.parametrize(
    "source",
    [
        b"\xef\xbb\xbfimport os\n",
        b"# -*- coding: latin-1 -*-\nname = '\xe9'\n",
        b"x = 1\r\ny = 2\r\n",
        b"x = 1",
    ],
)
def test_unchanged_module_roundtrips(source: bytes) -> None:
    parsed = parse_source(source, "file.py")
    assert parsed.output(parsed.module) == source


def test_unparsable_file_names_problem() -> None:
    with pytest.raises(SourceError) as caught:
        parse_source(b"def broken(:\n", "broken.py")
    assert caught.value.path == "broken.py"
    assert "libcst cannot parse" in caught.value.problem


def test_newline_styles_listed() -> None:
    assert newline_styles(b"a\r\nb\nc\r") == ("CR", "CRLF", "LF")


def test_output_that_does_not_compile() -> None:
    with pytest.raises(SourceError) as caught:
        check_compiles(b"x = (\n", "bad.py")
    assert "does not compile" in caught.value.problem


def test_syntax_warning_is_not_an_error() -> None:
    check_compiles(b"pattern = '\\d'\n", "warns.py")
