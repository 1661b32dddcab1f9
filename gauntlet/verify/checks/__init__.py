"""Reusable checks, one module per kind, registered by name.

A check is a function ``(context, params) -> CheckResult``. Modules in this
package register theirs with ``@register_check("name")``; ``get_check`` imports
every module of the package once, so a new check needs only a new file.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from typing import Any

from gauntlet.verify.context import CheckContext
from gauntlet.verify.errors import CatalogueError, SandboxError
from gauntlet.verify.result import CheckResult

CheckFunction = Callable[[CheckContext, Mapping[str, Any]], CheckResult]

_REGISTRY: dict[str, CheckFunction] = {}
_MISSING: dict[str, str] = {}  # check module -> the dependency it lacks
_LOADED = False


def register_check(name: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated function as the check called ``name``."""

    def decorate(function: CheckFunction) -> CheckFunction:
        if name in _REGISTRY and _REGISTRY[name] is not function:
            raise ValueError(f"check {name!r} is registered twice")
        _REGISTRY[name] = function
        return function

    return decorate


def load_checks() -> dict[str, CheckFunction]:
    """Import every check module of this package and return the registry."""
    global _LOADED  # noqa: PLW0603 - the registry is filled once per process
    if not _LOADED:
        for module in pkgutil.iter_modules(__path__):
            try:
                importlib.import_module(f"{__name__}.{module.name}")
            except ModuleNotFoundError as err:
                # An optional dependency (the "verify" extra) is not installed;
                # only the checks of that module are unavailable.
                if err.name is None or err.name.startswith("gauntlet"):
                    raise
                _MISSING[module.name] = err.name
        _LOADED = True
    return dict(_REGISTRY)


def get_check(name: str) -> CheckFunction:
    """Return the check registered as ``name``."""
    checks = load_checks()
    if name in checks:
        return checks[name]
    if _MISSING:
        lacking = ", ".join(
            f"{module} needs {dependency!r}"
            for module, dependency in sorted(_MISSING.items())
        )
        raise SandboxError(
            f"the check {name!r} is not available because some check modules "
            f"could not be imported ({lacking}); install the verifier's "
            "dependencies: pip install 'micro-gauntlet[verify]'"
        )
    raise CatalogueError(
        f"no check named {name!r}; registered checks: {sorted(checks)}"
    )
