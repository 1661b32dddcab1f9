"""Report formats of ``gauntlet lint``: text, JSON, SARIF 2.1.0, GitHub.

Each format's module is imported only when it is used: the SARIF writer
pulls in every rule's metadata, which a cached run with text output never
needs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence

from analyzers.diagnostic import Diagnostic, SourceError

Renderer = Callable[[Sequence[Diagnostic], Sequence[SourceError]], str]

# format name -> module under analyzers.output that has a ``render`` function
FORMAT_MODULES = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
}


def renderer(name: str) -> Renderer:
    """Return the ``render`` function of the format ``name``."""
    module = importlib.import_module(f"analyzers.output.{FORMAT_MODULES[name]}")
    render: Renderer = module.render
    return render
