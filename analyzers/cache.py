"""The cache that makes a second run over unchanged files cheap.

One file per package version and configuration fingerprint lives in
``.gauntlet_cache/`` next to the configuration file, written with
``marshal``, which loads several times faster than JSON (the cache of the
standard library loads in about 1 ms instead of 4). It maps each file's
path, relative to that folder, to a digest of its bytes, the file's size
and modification time when it was checked, and the findings those bytes
produced. Every checked file has an entry, also the files the prefilter
ruled out, so a second run reads no file whose size and modification time
are unchanged.

A file changed twice within one tick of the file system clock could keep
its size and time, so the time alone is trusted only when the file was
already older than ``RACY_SECONDS`` when it was checked (the rule git uses
for its index). Other files are read again and matched by their digest,
which also keeps a hit for a file whose time changed but not its bytes (a
checkout, a ``touch``). Any change to the settings or the package version
misses the whole cache.
"""

from __future__ import annotations

import marshal
import os
import time
from pathlib import Path
from typing import Any

from analyzers.config import Config
from analyzers.diagnostic import Diagnostic, FileReport, SourceError
from analyzers.hashing import blake2b
from gauntlet import __version__

CACHE_FOLDER = ".gauntlet_cache"
# Bump when the entry layout changes, so an old file is ignored, not misread.
FORMAT = 3
RACY_SECONDS = 2


def digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


# (size in bytes, modification time in ns) as os.stat returns them
Signature = tuple[int, int]


def signature(path: str) -> Signature | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


class Cache:
    """Findings by file, loaded once per run and written back at its end.

    An entry is ``[digest, diagnostics, errors, parsed, size, mtime_ns,
    trusted]``; ``trusted`` is True when size and time alone may
    stand for the bytes (see the module documentation).
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        name = f"lint{FORMAT}-{__version__}-{config.fingerprint()}.marshal"
        self.file = Path(config.root) / CACHE_FOLDER / name
        self.entries: dict[str, list[Any]] = {}
        self.changed = False
        try:
            loaded = marshal.loads(self.file.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return  # missing or damaged: start afresh
        if isinstance(loaded, dict):
            self.entries = loaded

    def get_unchanged(self, path: str, stat: Signature | None) -> FileReport | None:
        """Return the cached report when the file's size and time still match."""
        if stat is None:
            return None
        entry = self.entries.get(self.config.relative_path(path))
        if not entry or len(entry) != 7 or not entry[6]:
            return None
        if (entry[4], entry[5]) != stat:
            return None
        return self.report(path, entry)

    def get(self, path: str, data_digest: str) -> FileReport | None:
        """Return the cached report of a file whose bytes have this digest."""
        entry = self.entries.get(self.config.relative_path(path))
        if not entry or len(entry) != 7 or entry[0] != data_digest:
            return None
        return self.report(path, entry)

    @staticmethod
    def report(path: str, entry: list[Any]) -> FileReport:
        if not entry[1] and not entry[2]:
            return FileReport(path, parsed=entry[3], cached=True)
        diagnostics = tuple(
            Diagnostic.from_dict({**fields, "path": path}) for fields in entry[1]
        )
        errors = tuple(SourceError(**{**fields, "path": path}) for fields in entry[2])
        return FileReport(path, diagnostics, errors, parsed=entry[3], cached=True)

    def put(
        self, path: str, data_digest: str, report: FileReport, stat: Signature | None
    ) -> None:
        diagnostics = [d.to_dict() for d in report.diagnostics]
        errors = [e.to_dict() for e in report.errors]
        size, mtime_ns = stat if stat is not None else (-1, -1)
        trusted = stat is not None and time.time_ns() - mtime_ns > RACY_SECONDS * 10**9
        entry = [
            data_digest,
            diagnostics,
            errors,
            report.parsed,
            size,
            mtime_ns,
            trusted,
        ]
        self.entries[self.config.relative_path(path)] = entry
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        import tempfile  # only here: importing it costs a cached run about 10 ms

        folder = self.file.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            ignore = folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
            handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                marshal.dump(self.entries, stream)
            os.replace(temporary, self.file)
        except OSError as err:
            import logging  # only here: the cached path stays free of it

            logging.getLogger(__name__).debug(
                "cannot write the lint cache %s: %s", self.file, err
            )
