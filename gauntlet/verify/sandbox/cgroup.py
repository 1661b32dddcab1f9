"""A pids cgroup that bounds how many processes a whole sandbox session runs.

A fork bomb is stopped by the kernel here rather than by the wall-time limit.
Root is not bound by ``RLIMIT_NPROC``, so this is the only process bound that
holds when the verifier runs as root. The group is created under the cgroup v1
``pids`` hierarchy or, on cgroup v2, under the verifier's own group when the
``pids`` controller is enabled there; when neither is writable the session has
no process bound beyond ``RLIMIT_NPROC`` and the report states it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import time
import uuid
from pathlib import Path

logger = logging.getLogger(__name__)

V1_ROOT = Path("/sys/fs/cgroup/pids")
V2_ROOT = Path("/sys/fs/cgroup")


class PidsCgroup:
    """A temporary pids cgroup with a ``pids.max`` limit."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def create(cls, max_pids: int) -> PidsCgroup | None:
        """Create a group allowing ``max_pids`` tasks, or return None if we cannot."""
        for parent in candidate_parents():
            path = parent / f"gauntlet-verify-{uuid.uuid4().hex[:12]}"
            try:
                path.mkdir()
                (path / "pids.max").write_text(f"{max_pids}\n")
            except OSError as err:
                logger.debug("cannot use a pids cgroup under %s: %s", parent, err)
                with contextlib.suppress(OSError):
                    path.rmdir()
                continue
            return cls(path)
        return None

    def add_self(self) -> None:
        """Move the calling process into the group; runs in a child before exec."""
        (self.path / "cgroup.procs").write_text(f"{os.getpid()}\n")

    def pids(self) -> list[int]:
        try:
            text = (self.path / "cgroup.procs").read_text()
        except OSError:
            return []
        return [int(line) for line in text.split()]

    def destroy(self) -> None:
        """Kill every process left in the group and remove it."""
        deadline = time.monotonic() + 5.0
        while time.monotonic() < deadline:
            pids = self.pids()
            if not pids:
                break
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.02)
        try:
            self.path.rmdir()
        except OSError as err:
            logger.warning("could not remove cgroup %s: %s", self.path, err)


def candidate_parents() -> list[Path]:
    parents = []
    if (V1_ROOT / "cgroup.procs").exists():
        parents.append(V1_ROOT)
    own = own_v2_group()
    if own is not None:
        parents.append(own)
    return parents


def own_v2_group() -> Path | None:
    # NOTE: only the cgroup v1 path has run in the tests (the machine they ran
    # on mounts v1 pids); on v2 a group that contains processes cannot also
    # enable controllers for children, so this may find nothing usable.
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith("0::"):
            group = V2_ROOT / line[3:].lstrip("/")
            controllers = group / "cgroup.subtree_control"
            try:
                if "pids" in controllers.read_text().split():
                    return group
            except OSError:
                return None
    return None
