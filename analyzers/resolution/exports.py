"""Names that ``from MODULE import *`` binds, for the modules the rules watch.

The lists come from the running interpreter's own modules, so they are the
real export lists of that Python version: ``__all__`` where the module
defines it, else every public name, which is what a star import binds.
"""

from __future__ import annotations

import datetime
import functools
import time
import types

KNOWN_MODULES: dict[str, types.ModuleType] = {"datetime": datetime, "time": time}


@functools.cache
def star_exports(module: str) -> frozenset[str] | None:
    """Return the names a star import of ``module`` binds, or None if unknown."""
    found = KNOWN_MODULES.get(module)
    if found is None:
        return None
    exported = getattr(found, "__all__", None)
    if exported is None:
        exported = [name for name in dir(found) if not name.startswith("_")]
    return frozenset(exported)
