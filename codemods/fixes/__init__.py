"""The fix for each ``fix_kind`` that the analyzer's rules emit."""

from __future__ import annotations

from codemods.fixes.banned_api import fix_replacement
from codemods.fixes.base import Edit, FixableDiagnostic, FixFunction, RemovedName, Site
from codemods.fixes.naive_datetime import fix_naive_call

# fix_kind (set by the analyzer's rule metadata) -> the fix
FIXES: dict[str, FixFunction] = {
    "add-tz": fix_naive_call,
    "utcnow-to-now": fix_naive_call,
    "utcfromtimestamp-to-fromtimestamp": fix_naive_call,
    "today-to-now": fix_naive_call,
    "replace-api": fix_replacement,
}

__all__ = ["FIXES", "Edit", "FixFunction", "FixableDiagnostic", "RemovedName", "Site"]
