"""The content-hash cache that makes a second run over unchanged files cheap.

One JSON file per package version and configuration fingerprint lives in
``.gauntlet_cache/`` next to the configuration file. It maps each file's
path, relative to that folder, to a digest of its bytes and the findings
those bytes produced. Any change to the bytes, the settings or the package
version therefore misses the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from analyzers.config import Config
from analyzers.diagnostic import Diagnostic, FileReport, SourceError
from gauntlet import __version__

logger = logging.getLogger(__name__)

CACHE_FOLDER = ".gauntlet_cache"


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Cache:
    """Findings by file, loaded once per run and written back at its end."""

    def __init__(self, config: Config) -> None:
        self.config = config
        name = f"lint-{__version__}-{config.fingerprint()}.json"
        self.file = Path(config.root) / CACHE_FOLDER / name
        self.entries: dict[str, list[Any]] = {}
        self.changed = False
        try:
            loaded = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(loaded, dict):
            self.entries = loaded

    def get(self, path: str, data: bytes) -> FileReport | None:
        entry = self.entries.get(self.config.relative_path(path))
        if not entry or entry[0] != digest(data):
            return None
        diagnostics = tuple(
            Diagnostic.from_dict({**fields, "path": path}) for fields in entry[1]
        )
        errors = tuple(SourceError(**{**fields, "path": path}) for fields in entry[2])
        return FileReport(path, diagnostics, errors, parsed=True, cached=True)

    def put(self, path: str, data: bytes, report: FileReport) -> None:
        diagnostics = [d.to_dict() for d in report.diagnostics]
        errors = [e.to_dict() for e in report.errors]
        relative = self.config.relative_path(path)
        self.entries[relative] = [digest(data), diagnostics, errors]
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        folder = self.file.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            ignore = folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
            handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(self.entries, stream)
            os.replace(temporary, self.file)
        except OSError as err:
            logger.debug("cannot write the lint cache %s: %s", self.file, err)
