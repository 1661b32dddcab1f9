"""Inputs on which the masked check and the full check once disagreed.

Each test compares ``check_source`` with masking (``engine.check_masked``)
against the same call with masking disabled, or checks one piece of the
masking or of the quick ``gauntlet lint`` path directly.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from analyzers import engine, masking
from analyzers.checker import rule_set
from analyzers.config import Config
from analyzers.engine import check_source
from analyzers.masking import Masker

CONFIG = Config(root="/", presets=("clock", "naive-datetime"))
GAUNTLET = Path(sys.executable).with_name("gauntlet")


def findings(source: str) -> list[tuple[int, int, str]]:
    report = check_source(source, "example.py", CONFIG)
    assert not report.errors
    return [(d.line, d.column, d.code) for d in report.diagnostics]


def unmasked_findings(source: str) -> list[tuple[int, int, str]]:
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(engine, "check_masked", lambda *args: None)
        return findings(source)


def test_nfkc_local_binding_blanked() -> None:
    # Python folds identifiers with NFKC, so the full-width name below binds
    # the local ``time``. A word search for ``time`` does not see it, so a
    # file whose code is not ASCII must not be masked.
    source = textwrap.dedent(
        """\
        import time

        def f():
            \uff54\uff49\uff4d\uff45 = object()
            a = 1
            b = 2
            c = 3
            d = 4
            e = 5
            return time.time()
        """
    )
    assert unmasked_findings(source) == []
    assert findings(source) == unmasked_findings(source)


def test_import_seen_later_seeds_hot_names() -> None:
    # Both checks must start from every watched import in the file, so that
    # ``datetime = None`` is walked and the two branches merge to an unknown
    # value, even though the import comes after it.
    source = textwrap.dedent(
        """\
        datetime = None
        if flag:
            import datetime
        datetime.datetime.now()
        unrelated = 1
        """
    )
    assert findings(source) == unmasked_findings(source)


def test_second_attempt_keeps_tracked_names() -> None:
    # ``now = None`` is skipped on the first walk, because ``now`` is tracked
    # only by the line after it. Both checks must walk again with ``now``
    # tracked, so that the branches merge to an unknown value.
    source = textwrap.dedent(
        """\
        import datetime
        if flag:
            now = None
        else:
            now = datetime.datetime.now
        now()
        unrelated = 1
        """
    )
    assert findings(source) == unmasked_findings(source)


def test_fstring_nested_quote_hides_import(monkeypatch: pytest.MonkeyPatch) -> None:
    # Python 3.12 accepts this line (PEP 701). The string pattern ends the
    # f-string at the inner quote, and ``{{`` inside the field is a nested
    # brace, not an escape, so the field stays open and the line must not
    # be masked. Otherwise the rest of the line reads as a string and the
    # star import is blanked.
    monkeypatch.setattr(masking, "NESTED_FSTRING_QUOTES", True)
    source = (
        "import time\n"
        'label = f"{ {{1}, 2 if \'"\' else 0} }"; from plugins import *\n'
        "stamp = time.time()\n"
    )
    hot = rule_set(CONFIG).hot_lines(source.encode(), source)
    assert hot is not None
    masked, _ = Masker(source, hot).mask()
    assert "from plugins import *" in masked


def test_lint_output_on_ascii_stdout(tmp_path: Path) -> None:
    # click.echo wrote non-ASCII text to an ASCII stdout. The plain writes
    # in analyzers.lint_main must do the same instead of raising
    # UnicodeEncodeError, which would end the run as an internal error.
    (tmp_path / "caf\u00e9.py").write_text("import time\nt = time.time()\n")
    result = subprocess.run(
        [str(GAUNTLET), "lint", "--no-cache", "caf\u00e9.py"],
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=60,
    )
    assert "internal error" not in result.stderr
    assert result.returncode == 1
