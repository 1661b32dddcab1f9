"""What a check receives: the solution, its manifest, the sandbox and progress."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gauntlet.verify.manifest import Manifest, expand_command
from gauntlet.verify.sandbox import Sandbox


def _silent(message: str) -> None:
    del message


@dataclass
class CheckContext:
    """The state one check runs with.

    ``sandbox.work`` is the solution's temporary working copy; checks run the
    solution's commands through ``sandbox`` only, never directly.
    ``options`` are the rung's options after the manifest's overrides.
    """

    manifest: Manifest
    sandbox: Sandbox
    options: Mapping[str, Any]
    progress: Callable[[str], None] = field(default=_silent)

    @property
    def work(self) -> Path:
        return self.sandbox.work

    def command(self, name: str, **placeholders: object) -> list[str]:
        """Return the manifest's command ``name`` with its placeholders filled."""
        return expand_command(self.manifest, name, placeholders)

    def has_command(self, name: str) -> bool:
        return name in self.manifest.commands
