"""Resource limits applied to every process a sandbox starts."""

from __future__ import annotations

import os
import resource
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Limits on each solution process.

    ``wall_seconds`` is the default time a command may run before its process
    group is killed; a check may pass a shorter or longer one. ``memory_bytes``
    caps the address space (``RLIMIT_AS``) of each process, ``file_bytes`` the
    size of any file it writes. ``processes`` is the budget of processes and
    threads for the whole session, enforced by a pids cgroup where one can be
    created. ``nproc`` is the ``RLIMIT_NPROC`` of each process, or 0 for none.
    The kernel counts that limit over every process of the real user, and it
    does not bind root.
    """

    wall_seconds: float = 30.0
    memory_bytes: int = 1024 * MIB
    file_bytes: int = 512 * MIB
    processes: int = 256
    nproc: int = 0


def rlimits(limits: Limits) -> dict[int, int]:
    """Return the rlimits for a solution process, by ``resource.RLIMIT_*``."""
    values = {
        resource.RLIMIT_CORE: 0,
        resource.RLIMIT_AS: limits.memory_bytes,
        resource.RLIMIT_FSIZE: limits.file_bytes,
    }
    if limits.nproc:
        values[resource.RLIMIT_NPROC] = limits.nproc
    return values


def nproc_budget(processes: int) -> int:
    """Return an ``RLIMIT_NPROC`` allowing ``processes`` more than the user runs now.

    Called before the session enters a user namespace, where ``getuid()``
    would return 0 for a user mapped to root.
    """
    if os.getuid() == 0:
        return 0
    return count_user_processes(os.getuid()) + processes


PRLIMIT_FLAGS = {
    resource.RLIMIT_CORE: "--core",
    resource.RLIMIT_AS: "--as",
    resource.RLIMIT_FSIZE: "--fsize",
    resource.RLIMIT_NPROC: "--nproc",
}


def limited_argv(argv: Sequence[str], limits: Limits) -> list[str]:
    """Prefix ``argv`` so that it runs under ``limits``.

    ``prlimit`` (util-linux) sets the limits and then executes the command. A
    ``preexec_fn`` could do the same without it, but is unsafe in a process
    with threads, and the verifier runs fake servers in threads.
    """
    prlimit = shutil.which("prlimit")
    values = rlimits(limits)
    if prlimit is not None:
        flags = [f"{PRLIMIT_FLAGS[key]}={value}" for key, value in values.items()]
        return [prlimit, *flags, "--", *argv]
    setting = ";".join(
        f"r.setrlimit({key},({value},{value}))" for key, value in values.items()
    )
    code = f"import os,resource as r,sys;{setting};os.execvp(sys.argv[1],sys.argv[1:])"
    return [sys.executable, "-c", code, *argv]


def count_user_processes(uid: int) -> int:
    """Count the processes whose real user id is ``uid``, from /proc."""
    count = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid == uid:
                count += 1
        except OSError:  # the process exited while we were counting
            continue
    return count
