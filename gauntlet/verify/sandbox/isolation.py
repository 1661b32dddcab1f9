"""Network and filesystem isolation of a verification session.

The whole session runs inside one new network namespace: the verifier's own
inner process (its HTTP client and the fake servers it starts), and every
solution process. They reach each other on the namespace's loopback, and
nothing else: the namespace has no interface but ``lo``, so neither the host's
loopback services nor other hosts can be reached.

``bwrap`` (bubblewrap) also makes the whole filesystem read-only except the
session folder, and gives the session its own pid namespace, so every process
dies with it. ``/tmp`` stays visible (read-only) because solutions and the
projects they point at may live there; ``TMPDIR`` points into the session.
``unshare -n`` only cuts the network. With neither, the session runs unconfined
and the report states it.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import socket
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

from gauntlet.verify.errors import SandboxError

logger = logging.getLogger(__name__)

ISOLATIONS = ("auto", "bwrap", "unshare", "none")


@dataclass(frozen=True)
class Isolation:
    """A way to confine the session, and what it confines."""

    name: str  # "bwrap", "unshare" or "none"
    network: str
    filesystem: str


BWRAP = Isolation(
    "bwrap",
    network="own network namespace, loopback only",
    filesystem="read-only except the session folder (working copy, HOME, TMPDIR)",
)
UNSHARE = Isolation(
    "unshare",
    network="own network namespace, loopback only",
    filesystem="not confined (unshare -n cuts only the network)",
)
NONE = Isolation(
    "none",
    network="not confined: no bwrap or unshare -n worked on this machine",
    filesystem="not confined",
)


def bwrap_prefix(session: Path) -> list[str]:
    return [
        "bwrap",
        "--die-with-parent",
        "--unshare-net",
        "--unshare-pid",
        "--unshare-ipc",
        "--new-session",
        "--ro-bind", "/", "/",
        "--dev", "/dev",
        "--proc", "/proc",
        "--bind", str(session), str(session),
        "--chdir", str(session),
        "--",
    ]  # fmt: skip


def unshare_prefix() -> list[str]:
    prefix = ["unshare", "--net", "--fork", "--kill-child"]
    if os.getuid() != 0:
        prefix.insert(1, "--map-root-user")
    return prefix


def prefix_for(isolation: Isolation, session: Path) -> list[str]:
    """Return the argv prefix that starts a command inside ``isolation``."""
    if isolation.name == "bwrap":
        return bwrap_prefix(session)
    if isolation.name == "unshare":
        return unshare_prefix()
    return []


def works(argv: list[str]) -> bool:
    if shutil.which(argv[0]) is None:
        return False
    try:
        result = subprocess.run(
            [*argv, "true"], capture_output=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        logger.debug("%s does not work: %s", argv[0], err)
        return False
    logger.debug("%s probe: exit %s %s", argv[0], result.returncode, result.stderr)
    return result.returncode == 0


def detect_isolation(requested: str, session: Path) -> Isolation:
    """Pick the strongest isolation that works here, or the one requested.

    Raises
    ------
    SandboxError
        When a specific isolation is requested and it does not work.
    """
    if requested not in ISOLATIONS:
        raise SandboxError(f"unknown isolation {requested!r}; use one of {ISOLATIONS}")
    if requested == "none":
        return NONE
    candidates = [BWRAP, UNSHARE] if requested == "auto" else []
    if requested == "bwrap":
        candidates = [BWRAP]
    if requested == "unshare":
        candidates = [UNSHARE]
    for isolation in candidates:
        if works(prefix_for(isolation, session)):
            return isolation
    if requested != "auto":
        raise SandboxError(
            f"isolation {requested!r} does not work on this machine; install "
            "bubblewrap (scripts/install-system-packages) or pass --isolation auto"
        )
    return NONE


SIOCGIFFLAGS = 0x8913
SIOCSIFFLAGS = 0x8914
IFF_UP = 0x1


def bring_loopback_up() -> None:
    """Set ``lo`` up; a network namespace made by ``unshare -n`` starts with it down."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH", b"lo", 0)
        reply = fcntl.ioctl(sock, SIOCGIFFLAGS, request)
        flags = struct.unpack("16sH", reply[:18])[1]
        if not flags & IFF_UP:
            fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack("16sH", b"lo", flags | IFF_UP))


def interface_names() -> list[str]:
    """Return the network interfaces of the current network namespace."""
    return sorted(name for _, name in socket.if_nameindex())


BY_NAME = {isolation.name: isolation for isolation in (BWRAP, UNSHARE, NONE)}
