"""Checksums of migration files, blind to line-ending changes."""

from __future__ import annotations

import hashlib
from pathlib import Path


def normalize_text(data: bytes) -> bytes:
    """Return ``data`` with CRLF and CR line endings turned into LF."""
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def file_checksum(path: Path, helpers: dict[Path, str] | None = None) -> str:
    """Return the SHA-256 of a migration file and the helpers it uses.

    Line endings are normalized first, so a CRLF checkout is not drift.
    """
    digest = hashlib.sha256(normalize_text(path.read_bytes()))
    for helper in sorted(helpers or {}):
        digest.update(b"\0" + helper.name.encode() + b"\0")
        digest.update(normalize_text(helper.read_bytes()))
    return digest.hexdigest()
