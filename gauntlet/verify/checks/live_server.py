"""Starting a solution's long-running command on a loopback port, and stopping it.

Not a check itself: the service checks of rungs 5 to 13 share it.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from gauntlet.verify.context import CheckContext
from gauntlet.verify.sandbox import ManagedProcess
from gauntlet.verify.sandbox.process import free_port, wait_for_port

START_SECONDS = 15.0


@dataclass(frozen=True)
class LiveServer:
    """A started solution process and where it listens."""

    process: ManagedProcess
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.process.poll() is None

    def stderr_tail(self, characters: int = 400) -> str:
        _, stderr = self.process.output()
        return stderr.strip()[-characters:]


def fresh_folder(context: CheckContext, name: str) -> Path:
    """Make an empty folder under the sandbox's scratch space for one check."""
    return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=context.sandbox.scratch))


def start_server(
    context: CheckContext,
    command: str = "run",
    placeholders: Mapping[str, object] | None = None,
    port: int | None = None,
) -> LiveServer:
    """Start command ``command`` with ``{port}`` filled and wait until it listens.

    Raises
    ------
    SolutionError
        When the process exits or does not listen within START_SECONDS.
    """
    port = port if port is not None else free_port()
    argv = context.command(command, **{**(placeholders or {}), "port": port})
    process = context.sandbox.start(argv)
    wait_for_port(port, process, timeout=START_SECONDS)
    return LiveServer(process, port)


@contextlib.contextmanager
def serving(
    context: CheckContext,
    placeholders: Mapping[str, object] | None = None,
    command: str = "run",
) -> Iterator[LiveServer]:
    """Run command ``command`` for the length of a ``with`` block."""
    server = start_server(context, command, placeholders)
    try:
        yield server
    finally:
        server.process.stop(grace_seconds=1.0)
