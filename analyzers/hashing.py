"""BLAKE2b without importing hashlib.

``import hashlib`` loads OpenSSL's ``_hashlib`` first, about 4 ms of a
cached ``gauntlet lint`` run that otherwise takes under 100 ms.
``hashlib.blake2b`` is the class from CPython's built-in ``_blake2``
module, so it is imported from there, with hashlib as the fallback for an
interpreter that lacks it.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - every CPython 3.10+ build has it
    from hashlib import blake2b

__all__ = ["blake2b"]
