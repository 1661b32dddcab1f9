"""Report formats of ``gauntlet lint``: text, JSON, SARIF 2.1.0, GitHub."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from analyzers.diagnostic import Diagnostic, SourceError
from analyzers.output import github, json_format, sarif, text

Renderer = Callable[[Sequence[Diagnostic], Sequence[SourceError]], str]

RENDERERS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
}
