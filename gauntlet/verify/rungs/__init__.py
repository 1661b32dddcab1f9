"""The catalogue: one module per rung, ``rungNN_<slug>.py``, each defining ``RUNG``.

Modules are found by name, so a rung's file is the only place that declares
its constraints, commands and options.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

from gauntlet.verify.constraint import Rung
from gauntlet.verify.errors import CatalogueError

MODULE_PATTERN = re.compile(r"rung(\d\d)_\w+")


def all_rungs() -> list[Rung]:
    """Return every rung of the ladder, in order."""
    rungs = []
    for module in pkgutil.iter_modules(__path__):
        match = MODULE_PATTERN.fullmatch(module.name)
        if match is None:
            continue
        rung = importlib.import_module(f"{__name__}.{module.name}").RUNG
        if not isinstance(rung, Rung) or rung.number != int(match.group(1)):
            raise CatalogueError(f"{module.name}.RUNG is not rung {match.group(1)}")
        rungs.append(rung)
    return sorted(rungs, key=lambda rung: rung.number)


def get_rung(key: str | int) -> Rung:
    """Return the rung with this number (``4`` or ``"4"``) or slug."""
    rungs = all_rungs()
    for rung in rungs:
        if str(key) in (str(rung.number), rung.slug):
            return rung
    listed = ", ".join(f"{rung.number} ({rung.slug})" for rung in rungs)
    raise CatalogueError(f"no rung {key!r}; the ladder has {listed}")
