"""The fix for each ``fix_kind`` that the analyzer's rules emit."""

from __future__ import annotations

from codemods.fixes.banned_api import fix_replacement
from codemods.fixes.base import Edit, FixableDiagnostic, FixFunction, RemovedName, Site
from codemods.fixes.naive_datetime import fix_naive_call

FIXES: dict[str, FixFunction] = {
    "add-tz": fix_naive_call,
    "replace-call": fix_replacement,
}

__all__ = ["FIXES", "Edit", "FixFunction", "FixableDiagnostic", "RemovedName", "Site"]
