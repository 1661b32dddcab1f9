"""A JSON object with the findings and the per-file errors."""

from __future__ import annotations

import json
from collections.abc import Sequence

from analyzers.diagnostic import Diagnostic, SourceError


def render(diagnostics: Sequence[Diagnostic], errors: Sequence[SourceError]) -> str:
    document = {
        "diagnostics": [d.to_dict() for d in diagnostics],
        "errors": [e.to_dict() for e in errors],
    }
    return json.dumps(document, indent=2) + "\n"
