"""Baseline files: accept the findings an existing code base already has.

A finding is keyed on its path (relative to the baseline file's folder),
its code, its resolved target and the stripped text of its line, not on the
line number, so edits elsewhere in the file do not turn old findings into
new ones. Keys are counted: two identical findings need two entries.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from analyzers.diagnostic import Diagnostic
from analyzers.errors import BaselineError

FORMAT_VERSION = 1
Key = tuple[str, str, str, str]


def line_text(path: str, line: int, cache: dict[str, list[str]]) -> str:
    if path not in cache:
        try:
            data = Path(path).read_bytes()
            cache[path] = data.decode("utf-8-sig", "replace").splitlines()
        except OSError:
            cache[path] = []
    lines = cache[path]
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def relative_to(path: str, folder: Path) -> str:
    return Path(os.path.relpath(os.path.abspath(path), folder)).as_posix()


def finding_keys(diagnostics: Iterable[Diagnostic], folder: Path) -> list[Key]:
    texts: dict[str, list[str]] = {}
    return [
        (
            relative_to(d.path, folder),
            d.code,
            d.target or "",
            line_text(d.path, d.line, texts),
        )
        for d in diagnostics
    ]


def write_baseline(file: Path, diagnostics: Sequence[Diagnostic]) -> int:
    """Write every finding to ``file`` atomically; return how many."""
    counts = Counter(finding_keys(diagnostics, file.parent.resolve()))
    findings = [
        {"path": p, "code": c, "target": t, "line": text, "count": n}
        for (p, c, t, text), n in sorted(counts.items())
    ]
    document = {"version": FORMAT_VERSION, "findings": findings}
    file.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # only here: importing it costs every lint run about 10 ms

    handle, temporary = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(document, stream, indent=2)
        stream.write("\n")
    os.replace(temporary, file)
    return len(diagnostics)


ENTRY_FIELDS = ("path", "code", "target", "line", "count")


def read_baseline(file: Path) -> Counter[Key]:
    rewrite = f"`gauntlet lint --write-baseline --baseline {file}`"
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except OSError as err:
        raise BaselineError(
            f"{file}: cannot read the baseline ({err.strerror}); create it with "
            + rewrite
        ) from err
    except ValueError as err:
        raise BaselineError(
            f"{file}: the baseline is not valid JSON ({err}); recreate it with "
            + rewrite
        ) from err
    if not isinstance(document, dict) or document.get("version") != FORMAT_VERSION:
        raise BaselineError(
            f"{file}: not a version {FORMAT_VERSION} baseline; recreate it with "
            + rewrite
        )
    counts: Counter[Key] = Counter()
    findings = document.get("findings")
    if not isinstance(findings, list):
        raise BaselineError(
            f"{file}: 'findings' is not a list; recreate it with {rewrite}"
        )
    for number, item in enumerate(findings, start=1):
        missing = [
            field
            for field in ENTRY_FIELDS
            if not isinstance(item, dict) or field not in item
        ]
        if missing:
            raise BaselineError(
                f"{file}: entry {number} of 'findings' lacks {', '.join(missing)}; "
                f"recreate the file with {rewrite}"
            )
        try:
            count = int(item["count"])
        except (TypeError, ValueError) as err:
            raise BaselineError(
                f"{file}: entry {number} of 'findings' has count {item['count']!r}, "
                f"which is not a whole number; recreate the file with {rewrite}"
            ) from err
        counts[(item["path"], item["code"], item["target"], item["line"])] += count
    return counts


def filter_baseline(file: Path, diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """Return the findings the baseline does not account for."""
    remaining = read_baseline(file)
    keys = finding_keys(diagnostics, file.parent.resolve())
    new = []
    for diagnostic, key in zip(diagnostics, keys, strict=True):
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            new.append(diagnostic)
    return new
